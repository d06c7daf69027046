/**
 * A small TURN client (RFC 8656, and RFC 6062's TCP relaying), enough to ask a
 * TURN server what a browser, or an attacker, could ask it: a STUN Binding, an
 * Allocate (UDP or TCP relay), a CreatePermission, a Send indication, a Connect.
 * Every answer comes back as the server gave it, error code included, so a test
 * can say exactly what was refused and why.
 *
 * turn-server.ts uses its Binding to know when coturn is up; the TURN security
 * test (e2e/turn-security.spec.ts) runs it as "another host" (turn-probe.ts).
 * coturn's own turnutils_uclient can do much of this too, but it reports in log
 * lines meant for people; this one returns the 403 itself.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { connect, type Socket as TcpSocket } from "node:net";

const MAGIC_COOKIE = 0x2112a442;
const HEADER_BYTES = 20;

/** STUN methods (RFC 8489, 8656, 6062) this client uses. */
const Method = { binding: 0x001, allocate: 0x003, createPermission: 0x008, send: 0x006, connect: 0x00a } as const;
/** The class bits of a message type. */
const Class = { request: 0x0000, indication: 0x0010, success: 0x0100, error: 0x0110 } as const;

const Attribute = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  xorPeerAddress: 0x0012,
  data: 0x0013,
  realm: 0x0014,
  nonce: 0x0015,
  xorRelayedAddress: 0x0016,
  requestedTransport: 0x0019,
  xorMappedAddress: 0x0020,
} as const;

/** IANA protocol numbers, as REQUESTED-TRANSPORT carries them. */
const TRANSPORT = { udp: 17, tcp: 6 } as const;

export interface Address {
  address: string;
  port: number;
}

/** A server's answer: success (with the address it carried, if any), or its error code and reason. */
export type TurnAnswer = { ok: true; address?: Address } | { ok: false; code: number; reason: string };

export interface TurnCredentials {
  username: string;
  credential: string;
}

interface Message {
  type: number;
  transactionId: Buffer;
  attributes: Map<number, Buffer>;
}

/** How long to wait for an answer before calling it lost (loopback and a veth pair lose nothing). */
const ANSWER_WAIT_MS = 3000;

export class TurnClient {
  private readonly waiting = new Map<string, (message: Message) => void>();
  private auth: { username: string; realm: Buffer; nonce: Buffer; key: Buffer } | null = null;
  private received = Buffer.alloc(0);

  private constructor(
    private readonly transport: "udp" | "tcp",
    private readonly socket: UdpSocket | TcpSocket,
    private readonly server: Address,
  ) {
    if (transport === "udp") {
      (socket as UdpSocket).on("message", (packet) => this.onMessage(packet));
    } else {
      (socket as TcpSocket).on("data", (chunk) => this.onStream(chunk));
    }
    socket.on("error", () => {}); // a refused or reset connection: the request waiting for it times out
  }

  /** A client that talks to `server` over `transport`, from `localAddress` if given (any otherwise). */
  static async open(transport: "udp" | "tcp", server: Address, localAddress?: string): Promise<TurnClient> {
    if (transport === "udp") {
      const socket = createSocket("udp4");
      await new Promise<void>((resolve, reject) => {
        socket.once("error", reject);
        socket.bind(0, localAddress, () => resolve());
      });
      return new TurnClient("udp", socket, server);
    }
    const socket = connect({ host: server.address, port: server.port, localAddress });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    return new TurnClient("tcp", socket, server);
  }

  /** A STUN Binding: the address the server sees this client at. */
  async binding(waitMs = ANSWER_WAIT_MS): Promise<TurnAnswer> {
    const answer = await this.request(Method.binding, [], waitMs);
    return answerOf(answer, Attribute.xorMappedAddress);
  }

  /** An allocation relaying `relay` (UDP, as browsers ask, or TCP, RFC 6062); answers with the relayed address. */
  async allocate(credentials: TurnCredentials, relay: "udp" | "tcp" = "udp"): Promise<TurnAnswer> {
    const transport = Buffer.from([TRANSPORT[relay], 0, 0, 0]);
    const attributes: [number, Buffer][] = [[Attribute.requestedTransport, transport]];
    // The first try carries no credentials: the server answers 401 with its realm and a nonce.
    const first = await this.request(Method.allocate, attributes);
    if (errorOf(first)?.code !== 401) return answerOf(first, Attribute.xorRelayedAddress);
    const realm = first.attributes.get(Attribute.realm)!;
    const key = createHash("md5").update(`${credentials.username}:${realm.toString()}:${credentials.credential}`).digest();
    this.auth = { username: credentials.username, realm, nonce: first.attributes.get(Attribute.nonce)!, key };
    return answerOf(await this.request(Method.allocate, attributes), Attribute.xorRelayedAddress);
  }

  /** Asks the server to let packets from and to `peerIp` through the allocation. */
  async createPermission(peerIp: string): Promise<TurnAnswer> {
    return answerOf(await this.request(Method.createPermission, [[Attribute.xorPeerAddress, xorAddress({ address: peerIp, port: 0 })]]));
  }

  /** RFC 6062: asks a TCP allocation to open a TCP connection to `peer`. Success means the server connected. */
  async connectTo(peer: Address): Promise<TurnAnswer> {
    return answerOf(await this.request(Method.connect, [[Attribute.xorPeerAddress, xorAddress(peer)]]));
  }

  /** A Send indication: `data` to `peer` through the allocation. The server answers nothing, either way. */
  sendTo(peer: Address, data: Buffer): void {
    const message = encode(Method.send | Class.indication, randomBytes(12), [
      [Attribute.xorPeerAddress, xorAddress(peer)],
      [Attribute.data, data],
    ]);
    this.write(message);
  }

  close(): void {
    if (this.transport === "udp") (this.socket as UdpSocket).close();
    else (this.socket as TcpSocket).destroy();
  }

  private async request(method: number, attributes: [number, Buffer][], waitMs = ANSWER_WAIT_MS): Promise<Message> {
    const transactionId = randomBytes(12);
    const withAuth: [number, Buffer][] = this.auth
      ? [...attributes, [Attribute.username, Buffer.from(this.auth.username)], [Attribute.realm, this.auth.realm], [Attribute.nonce, this.auth.nonce]]
      : attributes;
    const message = encode(method | Class.request, transactionId, withAuth, this.auth?.key);
    const key = transactionId.toString("hex");
    const answer = new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        reject(new Error(`no answer from the TURN server at ${this.server.address}:${this.server.port} within ${waitMs} ms`));
      }, waitMs);
      this.waiting.set(key, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
    this.write(message);
    return answer;
  }

  private write(message: Buffer): void {
    if (this.transport === "udp") (this.socket as UdpSocket).send(message, this.server.port, this.server.address);
    else (this.socket as TcpSocket).write(message);
  }

  /** TCP is a stream: STUN messages are cut out of it by the length in their header. */
  private onStream(chunk: Buffer): void {
    this.received = Buffer.concat([this.received, chunk]);
    while (this.received.length >= HEADER_BYTES) {
      const length = HEADER_BYTES + this.received.readUInt16BE(2);
      if (this.received.length < length) return;
      this.onMessage(this.received.subarray(0, length));
      this.received = this.received.subarray(length);
    }
  }

  private onMessage(packet: Buffer): void {
    const message = decode(packet);
    if (message === null) return;
    this.waiting.get(message.transactionId.toString("hex"))?.(message);
    this.waiting.delete(message.transactionId.toString("hex"));
  }
}

function encode(type: number, transactionId: Buffer, attributes: [number, Buffer][], integrityKey?: Buffer): Buffer {
  const body = Buffer.concat(attributes.map(([attribute, value]) => encodeAttribute(attribute, value)));
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt16BE(type, 0);
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(header, 8);
  if (integrityKey === undefined) {
    header.writeUInt16BE(body.length, 2);
    return Buffer.concat([header, body]);
  }
  // MESSAGE-INTEGRITY: HMAC-SHA1 over everything before it, the length already counting it (24 bytes).
  header.writeUInt16BE(body.length + 24, 2);
  const hmac = createHmac("sha1", integrityKey).update(Buffer.concat([header, body])).digest();
  return Buffer.concat([header, body, encodeAttribute(Attribute.messageIntegrity, hmac)]);
}

function encodeAttribute(attribute: number, value: Buffer): Buffer {
  const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  padded.writeUInt16BE(attribute, 0);
  padded.writeUInt16BE(value.length, 2);
  value.copy(padded, 4);
  return padded;
}

function decode(packet: Buffer): Message | null {
  if (packet.length < HEADER_BYTES || packet.readUInt32BE(4) !== MAGIC_COOKIE) return null;
  const attributes = new Map<number, Buffer>();
  const end = Math.min(packet.length, HEADER_BYTES + packet.readUInt16BE(2));
  for (let at = HEADER_BYTES; at + 4 <= end; ) {
    const length = packet.readUInt16BE(at + 2);
    attributes.set(packet.readUInt16BE(at), packet.subarray(at + 4, at + 4 + length));
    at += 4 + Math.ceil(length / 4) * 4;
  }
  return { type: packet.readUInt16BE(0), transactionId: packet.subarray(8, 20), attributes };
}

function errorOf(message: Message): { code: number; reason: string } | null {
  if ((message.type & 0x0110) !== Class.error) return null;
  const value = message.attributes.get(Attribute.errorCode);
  if (value === undefined || value.length < 4) return { code: 0, reason: "an error without ERROR-CODE" };
  return { code: (value[2]! & 0x7) * 100 + value[3]!, reason: value.subarray(4).toString("utf8").replace(/\0+$/, "") };
}

function answerOf(message: Message, addressAttribute?: number): TurnAnswer {
  const error = errorOf(message);
  if (error !== null) return { ok: false, ...error };
  const address = addressAttribute === undefined ? undefined : message.attributes.get(addressAttribute);
  return address === undefined ? { ok: true } : { ok: true, address: unXorAddress(address) };
}

/** An IPv4 address and port, XORed with the magic cookie as XOR-*-ADDRESS attributes carry them. */
function xorAddress({ address, port }: Address): Buffer {
  const value = Buffer.alloc(8);
  value.writeUInt8(0x01, 1); // IPv4
  value.writeUInt16BE(port ^ (MAGIC_COOKIE >>> 16), 2);
  const octets = address.split(".").map(Number);
  value.writeUInt32BE((((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) ^ MAGIC_COOKIE) >>> 0, 4);
  return value;
}

function unXorAddress(value: Buffer): Address {
  const port = value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16);
  const ip = (value.readUInt32BE(4) ^ MAGIC_COOKIE) >>> 0;
  return { address: [ip >>> 24, (ip >>> 16) & 0xff, (ip >>> 8) & 0xff, ip & 0xff].join("."), port };
}
