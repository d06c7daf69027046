/**
 * Three tiny STUN servers on 127.0.0.1 (UDP), for the compare scenarios:
 * - "slow": answers each Binding Request, but only after a delay;
 * - "lossy": loses the first copy of each request and answers the browser's
 *   retransmission at once, as on a mobile link that drops a packet;
 * - "black hole": reads every request and never answers.
 * Both listen on loopback only and on a free port unless one is given.
 *
 * A STUN Binding Request is a 20-byte header: type 0x0001, length, the magic
 * cookie 0x2112A442 and a 12-byte transaction id (RFC 8489). The answer is a
 * Binding Success Response (0x0101) with the XOR-MAPPED-ADDRESS attribute: the
 * address the request came from, XORed with the cookie.
 */
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";

const MAGIC_COOKIE = 0x2112a442;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const XOR_MAPPED_ADDRESS = 0x0020;
const LOOPBACK = "127.0.0.1";

export interface StunServer {
  /** "stun:127.0.0.1:PORT", as a lab page's ?stun= takes it. */
  url: string;
  port: number;
  /** Binding Requests received so far (retransmissions included). */
  requests: number;
  close(): Promise<void>;
}

/** The lossy server also says what the losses cost: how long each browser waited before asking again. */
export interface LossyStunServer extends StunServer {
  /** Requests it dropped: one per transaction, the first copy. */
  dropped: number;
  /** For each retransmission it answered, ms since the dropped copy arrived: Chromium's retransmission timeout. */
  retransmissionGapsMs: number[];
}

/** Answers every Binding Request `delayMs` late (once per transaction, however often the browser resends it). */
export function startSlowStunServer(delayMs: number, port = 0): Promise<StunServer> {
  const answers = new Map<string, NodeJS.Timeout>(); // by transaction id
  const answerLate = (socket: Socket, request: Buffer, from: RemoteInfo) => {
    const transaction = request.subarray(8, 20).toString("hex");
    if (answers.has(transaction)) return; // a retransmission: its answer is already on the way
    answers.set(transaction, setTimeout(() => socket.send(bindingSuccess(request, from), from.port, from.address), delayMs));
  };
  return startStunServer(port, answerLate, () => answers.forEach((timer) => clearTimeout(timer)));
}

/**
 * Drops the first copy of every Binding Request (by transaction id) and answers
 * the retransmission at once: the browser waits one retransmission timeout. In
 * Chromium that is 250 ms (libwebrtc's p2p/base/stun_request.cc: STUN_INITIAL_RTO
 * = 250 ms, doubling on each retransmission up to 8 s, 9 sends in all); the server
 * measures it in `retransmissionGapsMs`.
 */
export async function startLossyStunServer(port = 0): Promise<LossyStunServer> {
  const droppedAt = new Map<string, number>(); // by transaction id: when its first copy was dropped
  const answered = new Set<string>();
  const dropFirstCopy = (socket: Socket, request: Buffer, from: RemoteInfo) => {
    const transaction = request.subarray(8, 20).toString("hex");
    const firstCopy = droppedAt.get(transaction);
    if (firstCopy === undefined) {
      droppedAt.set(transaction, performance.now());
      lossy.dropped++;
      return; // lost on the way
    }
    if (!answered.has(transaction)) {
      answered.add(transaction);
      lossy.retransmissionGapsMs.push(performance.now() - firstCopy);
    }
    socket.send(bindingSuccess(request, from), from.port, from.address);
  };
  const lossy: LossyStunServer = Object.assign(await startStunServer(port, dropFirstCopy, () => {}), { dropped: 0, retransmissionGapsMs: [] });
  return lossy; // the counters are updated on the object returned, as `requests` is
}

/** Never answers: the browser retransmits until its own STUN timeout gives up. */
export function startBlackHoleStunServer(port = 0): Promise<StunServer> {
  return startStunServer(port, () => {}, () => {});
}

function startStunServer(
  port: number,
  onBindingRequest: (socket: Socket, request: Buffer, from: RemoteInfo) => void,
  onClose: () => void,
): Promise<StunServer> {
  const socket = createSocket("udp4");
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(port, LOOPBACK, () => {
      const boundPort = socket.address().port;
      const server: StunServer = {
        url: `stun:${LOOPBACK}:${boundPort}`,
        port: boundPort,
        requests: 0,
        close: () =>
          new Promise((done) => {
            onClose();
            socket.close(() => done());
          }),
      };
      socket.on("message", (message, from) => {
        if (!isBindingRequest(message)) return;
        server.requests++;
        onBindingRequest(socket, message, from);
      });
      resolve(server);
    });
  });
}

function isBindingRequest(message: Buffer): boolean {
  return message.length >= 20 && message.readUInt16BE(0) === BINDING_REQUEST && message.readUInt32BE(4) === MAGIC_COOKIE;
}

/** The Binding Success Response to `request`, telling the sender the address it came from. */
function bindingSuccess(request: Buffer, from: RemoteInfo): Buffer {
  const transactionId = request.subarray(8, 20);
  const value = xorMappedAddress(from);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(BINDING_SUCCESS, 0);
  header.writeUInt16BE(4 + value.length, 2);
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(header, 8);
  const attributeHeader = Buffer.alloc(4);
  attributeHeader.writeUInt16BE(XOR_MAPPED_ADDRESS, 0);
  attributeHeader.writeUInt16BE(value.length, 2);
  return Buffer.concat([header, attributeHeader, value]);
}

/** IPv4 only: the servers listen on 127.0.0.1. */
function xorMappedAddress(from: RemoteInfo): Buffer {
  const value = Buffer.alloc(8);
  value.writeUInt8(0x01, 1); // family: IPv4
  value.writeUInt16BE(from.port ^ (MAGIC_COOKIE >>> 16), 2);
  const address = from.address.split(".").map(Number);
  for (let i = 0; i < 4; i++) value[4 + i] = address[i]! ^ ((MAGIC_COOKIE >>> (24 - 8 * i)) & 0xff);
  return value;
}
