/**
 * A real `ws` client of the relay, with an inbox a test can read in order:
 * `await alice.next()` is the next frame the relay sent Alice.
 */
import { Socket, connect } from "node:net";
import { WebSocket, type ClientOptions } from "ws";

export interface Frame {
  text: string;
  isBinary: boolean;
}

export interface Closed {
  code: number;
  reason: string;
}

const WAIT_MS = 10_000;

export class RelayClient {
  /** Every frame received, in order; `next()` reads them one by one. */
  readonly frames: Frame[] = [];
  readonly closed: Promise<Closed>;
  private read = 0;
  private wakeUp: (() => void) | null = null;

  private constructor(
    readonly name: string,
    readonly socket: WebSocket,
  ) {
    socket.on("message", (data, isBinary) => {
      this.frames.push({ text: String(data), isBinary });
      this.wakeUp?.();
    });
    socket.on("error", () => {}); // a refused or broken connection shows up as `closed`
    this.closed = new Promise((resolve) => {
      socket.once("close", (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.wakeUp?.();
      });
    });
  }

  /** Opens a connection; resolves once it is open (the relay's first notice may still be on its way). */
  static open(name: string, url: string, options?: ClientOptions): Promise<RelayClient> {
    const client = new RelayClient(name, new WebSocket(url, options));
    return new Promise((resolve, reject) => {
      client.socket.once("open", () => resolve(client));
      client.socket.once("unexpected-response", (_request, response) =>
        reject(new Error(`${name}: the relay answered HTTP ${response.statusCode} to ${url}`)),
      );
      client.socket.once("close", () => reject(new Error(`${name}: closed before it opened (${url})`)));
    });
  }

  /** Opens a connection and reads the relay's `joined` notice. */
  static async join(name: string, url: string, options?: ClientOptions): Promise<RelayClient> {
    const client = await RelayClient.open(name, url, options);
    const joined = await client.nextJson();
    if (joined.type !== "joined") throw new Error(`${name}: expected "joined" first, got ${JSON.stringify(joined)}`);
    return client;
  }

  /** The next frame not yet read; fails after `waitMs` or when the connection closes first. */
  async next(waitMs = WAIT_MS): Promise<Frame> {
    const deadline = Date.now() + waitMs;
    while (this.read >= this.frames.length) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name}: no message within ${waitMs} ms`);
      if (this.socket.readyState === WebSocket.CLOSED) {
        throw new Error(`${this.name}: the connection closed (${JSON.stringify(await this.closed)}) with nothing more to read`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
    }
    return this.frames[this.read++]!;
  }

  /** The next frame, parsed: a relay notice (see RelayNotice) or a forwarded message. */
  async nextJson(waitMs = WAIT_MS): Promise<{ type: string; [key: string]: unknown }> {
    return JSON.parse((await this.next(waitMs)).text) as { type: string };
  }

  /** Frames received but not read yet. */
  unread(): Frame[] {
    return this.frames.slice(this.read);
  }

  /**
   * Proof that nothing else is on its way to this client: it pings the relay and
   * waits for the pong. The relay writes every message to every room member at
   * once, and TCP keeps order, so anything sent to this client before the ping
   * was answered arrives before the pong. Returns the frames that came before it.
   */
  async framesBeforePong(): Promise<Frame[]> {
    const pong = new Promise<void>((resolve) => this.socket.once("pong", () => resolve()));
    this.socket.ping();
    await pong;
    const unread = this.unread();
    this.read = this.frames.length;
    return unread;
  }

  send(message: object): void {
    this.socket.send(JSON.stringify(message));
  }

  sendText(text: string | Buffer): void {
    this.socket.send(text, { binary: false }); // a Buffer goes out as text, UTF-8 or not
  }

  sendBinary(data: Buffer): void {
    this.socket.send(data, { binary: true });
  }

  /** Stops reading from the socket, as a frozen tab or a sleeping laptop would: no pongs, no close. */
  freeze(): void {
    underlyingSocket(this.socket).pause();
  }

  /** Cuts the TCP connection with no WebSocket close frame, as a killed browser would. */
  kill(): void {
    this.socket.terminate();
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close();
  }
}

/** ws keeps its net.Socket private; tests that play a broken client need it. */
function underlyingSocket(socket: WebSocket): Socket {
  return (socket as unknown as { _socket: Socket })._socket;
}

/**
 * A WebSocket handshake by hand, so a test can then write bytes no WebSocket
 * library would (broken frames), and read the relay's raw answer.
 */
export class RawWebSocket {
  /** Bytes the relay sent after its HTTP response headers. */
  received: Buffer = Buffer.alloc(0);
  readonly closed: Promise<void>;
  /** The HTTP response while it is being read; null once its headers are complete. */
  private response: Buffer | null = Buffer.alloc(0);

  private constructor(readonly socket: Socket) {
    socket.on("error", () => {}); // the relay may cut it off; that is the point
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
  }

  /** Resolves once the relay accepted the upgrade (HTTP 101). */
  static open(port: number, path: string): Promise<RawWebSocket> {
    const raw = new RawWebSocket(connect(port, "127.0.0.1"));
    raw.socket.write(
      [
        `GET ${path} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
        "",
        "",
      ].join("\r\n"),
    );
    return new Promise((resolve, reject) => {
      raw.socket.on("data", (chunk: Buffer) => {
        if (raw.response === null) return void (raw.received = Buffer.concat([raw.received, chunk]));
        raw.response = Buffer.concat([raw.response, chunk]);
        const end = raw.response.indexOf("\r\n\r\n");
        if (end === -1) return;
        const head = raw.response.subarray(0, end).toString("latin1");
        raw.received = raw.response.subarray(end + 4);
        raw.response = null;
        if (head.startsWith("HTTP/1.1 101")) resolve(raw);
        else reject(new Error(`no upgrade: ${head.slice(0, 80)}`));
      });
      void raw.closed.then(() => reject(new Error("closed before the upgrade")));
    });
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The complete frames received so far (a server's frames are never masked). */
  frames(): { opcode: number; payload: Buffer }[] {
    const frames: { opcode: number; payload: Buffer }[] = [];
    const bytes = this.received;
    let at = 0;
    while (at + 2 <= bytes.length) {
      let length = bytes[at + 1]! & 0x7f;
      let header = 2;
      if (length === 126 && at + 4 <= bytes.length) [length, header] = [bytes.readUInt16BE(at + 2), 4];
      else if (length === 127 && at + 10 <= bytes.length) [length, header] = [Number(bytes.readBigUInt64BE(at + 2)), 10];
      else if (length >= 126) break;
      if (at + header + length > bytes.length) break;
      frames.push({ opcode: bytes[at]! & 0x0f, payload: bytes.subarray(at + header, at + header + length) });
      at += header + length;
    }
    return frames;
  }

  /** What the relay said, in order: text frames as text, a close frame as `close <code>`. */
  said(): string[] {
    return this.frames().map(({ opcode, payload }) =>
      opcode === 0x8 ? `close ${payload.readUInt16BE(0)}` : payload.toString("utf8"),
    );
  }
}
