/**
 * The benchmark's clients: N connections in rooms of two, sending SDP-sized and
 * candidate-sized messages to each other and timing each one from send to receipt.
 * Every client lives in this one process, so send and receive times share a clock.
 */
import { performance } from "node:perf_hooks";
import { WebSocket } from "ws";

/** Every fifth message is an offer/answer-sized one (~4 KB), the rest candidate-sized (~200 B). */
const SDP_BYTES = 4096;
const CANDIDATE_BYTES = 200;
const SDP_EVERY = 5;
/** `{"seq":"00000042",...`: the sequence number sits at a fixed place, so a receiver reads it without parsing. */
const SEQ_AT = 8;
const SEQ_DIGITS = 8;
const CONNECTING_AT_ONCE = 200;

function template(type: string, field: string, bytes: number): Buffer {
  const empty = JSON.stringify({ seq: "0".repeat(SEQ_DIGITS), type, [field]: "" });
  return Buffer.from(JSON.stringify({ seq: "0".repeat(SEQ_DIGITS), type, [field]: "a".repeat(bytes - empty.length) }));
}
const SDP = template("offer", "sdp", SDP_BYTES);
const CANDIDATE = template("candidate", "ice", CANDIDATE_BYTES);

export interface PhaseResult {
  messages: number;
  seconds: number;
  /** Send-to-receipt times, in ms, one per message received. */
  latencies: Float64Array;
}

export class Load {
  private pairs: [WebSocket, WebSocket][] = [];
  private sentAt = new Float64Array(0);
  private latencies = new Float64Array(0);
  private received = 0;
  private onReceived: () => void = () => {};

  constructor(private readonly port: number) {}

  /** Adds rooms until there are `connections` clients, at most CONNECTING_AT_ONCE handshakes at a time. */
  async connectUpTo(connections: number): Promise<void> {
    const rooms = connections / 2;
    while (this.pairs.length < rooms) {
      const batch: Promise<[WebSocket, WebSocket]>[] = [];
      const first = this.pairs.length;
      for (let room = first; room < Math.min(first + CONNECTING_AT_ONCE / 2, rooms); room++) {
        batch.push(Promise.all([this.open(room), this.open(room)]));
      }
      this.pairs.push(...(await Promise.all(batch)));
    }
  }

  /**
   * Closed loop: `inFlight` messages at all times, each received one immediately
   * replaced by the next, in the next room, so all rooms take part. Stops after
   * `total` messages or `maxMs`, whichever comes first.
   */
  async saturate(total: number, inFlight: number, maxMs: number): Promise<PhaseResult> {
    this.reset(total);
    const started = performance.now();
    let sent = 0;
    let stopped = false;
    const done = new Promise<void>((resolve) => {
      this.onReceived = () => {
        stopped ||= sent === total || performance.now() - started > maxMs;
        if (!stopped) this.send(sent++);
        else if (this.received === sent) resolve();
      };
    });
    while (sent < Math.min(inFlight, total)) this.send(sent++);
    await done;
    return this.result(started);
  }

  /** Open loop: `perSecond` messages a second, paced by a 1 ms timer, whatever the server's speed. */
  async paced(total: number, perSecond: number): Promise<PhaseResult> {
    this.reset(total);
    const started = performance.now();
    const done = new Promise<void>((resolve) => {
      this.onReceived = () => {
        if (this.received === total) resolve();
      };
    });
    let sent = 0;
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * perSecond) / 1000));
      while (sent < due) this.send(sent++);
      if (sent === total) clearInterval(timer);
    }, 1);
    await done;
    return this.result(started);
  }

  private open(room: number): Promise<WebSocket> {
    const socket = new WebSocket(`ws://127.0.0.1:${this.port}/?room=bench-${room}`, { perMessageDeflate: false });
    socket.on("message", (data: Buffer) => this.receive(data));
    return new Promise((resolve, reject) => {
      socket.once("open", () => {
        socket.on("error", () => {}); // the server going away at the end is not news
        resolve(socket);
      });
      socket.once("error", reject);
    });
  }

  private send(seq: number): void {
    const pair = this.pairs[seq % this.pairs.length]!;
    const from = pair[Math.floor(seq / this.pairs.length) % 2]!; // alternate directions
    const message = Buffer.from(seq % SDP_EVERY === 0 ? SDP : CANDIDATE);
    message.write(String(seq).padStart(SEQ_DIGITS, "0"), SEQ_AT, "latin1");
    this.sentAt[seq] = performance.now();
    from.send(message, { binary: false });
  }

  private receive(data: Buffer): void {
    if (data[2] !== 0x73) return; // `{"s...`: ours; the relay's own notices start with `{"t...`
    const seq = Number(data.toString("latin1", SEQ_AT, SEQ_AT + SEQ_DIGITS));
    this.latencies[this.received++] = performance.now() - this.sentAt[seq]!;
    this.onReceived();
  }

  private reset(total: number): void {
    this.sentAt = new Float64Array(total);
    this.latencies = new Float64Array(total);
    this.received = 0;
  }

  private result(started: number): PhaseResult {
    const seconds = (performance.now() - started) / 1000;
    return { messages: this.received, seconds, latencies: this.latencies.subarray(0, this.received) };
  }
}
