/**
 * The NAT check: what a NAT really does, measured from inside its home network
 * before the testbed is trusted (RFC 5780's behaviour discovery, in RFC 4787's
 * words). The server runs on the internet side on two addresses and two ports;
 * the client runs in the home network (`node --import tsx scripts/nat/probe.ts
 * <address1> <address2> <port1> <port2>` prints its result as JSON).
 *
 * Mapping: the public address the server sees, from one client socket, toward
 * each of its four address:port pairs. The same everywhere is endpoint-independent.
 * Filtering: the client asks for an answer from another address and port (then
 * only another port) than the one it wrote to; whether it gets in is the filtering.
 * The mapping is asked last, after those unsolicited packets: a NAT whose
 * conntrack kept an entry for them must give the client a new public port there,
 * and fails the check (the race kinds.ts describes).
 *
 * Never a timer to decide that something did not arrive: each unsolicited packet
 * is followed, on the same path, by a control answer from the address the client
 * wrote to, and whether UDP gets out at all is asked over TCP.
 */
import { randomUUID } from "node:crypto";
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import { connect, createServer, type Server } from "node:net";
import { networkInterfaces } from "node:os";
import { pathToFileURL } from "node:url";
import type { Behaviour, Filtering, Mapping } from "./kinds.ts";

export interface ProbeServerAddress {
  /** The two addresses, and the two ports, it listens on (UDP on all four pairs, TCP on the first). */
  addresses: [string, string];
  ports: [number, number];
}

export interface Measurement {
  behaviour: Behaviour;
  /** The public address:port the server saw first (for a public host, its own address). */
  publicAddress?: string;
  /** Toward each of the server's address:port pairs, the client's address as the server saw it. */
  seen: Record<string, string>;
}

type Request = { id: string; ask: "bind" } | { id: string; ask: "filter"; from: "other-address-and-port" | "other-port" };
type Answer = { id: string; kind: "bound" | "test" | "control"; seen: string };

/** A safeguard only: an answer that must come (over a link that loses nothing) and does not is an error, not a measurement. */
const ANSWER_WAIT_MS = 5000;

const endpoint = (address: string, port: number) => `${address}:${port}`;

export async function startProbeServer({ addresses: [a1, a2], ports: [p1, p2] }: ProbeServerAddress): Promise<{ close(): Promise<void> }> {
  const sockets = new Map<string, Socket>();
  /** Ids of the UDP requests received: the TCP question "did my UDP packet get here?" reads it. */
  const received = new Set<string>();
  for (const address of [a1, a2]) {
    for (const port of [p1, p2]) {
      const socket = createSocket("udp4");
      await new Promise<void>((resolve, reject) => {
        socket.once("error", reject);
        socket.bind(port, address, () => resolve());
      });
      socket.on("message", (data, from) => answer(socket, data, from));
      sockets.set(endpoint(address, port), socket);
    }
  }
  const send = (socket: Socket, message: Answer, to: RemoteInfo) =>
    new Promise<void>((resolve) => socket.send(JSON.stringify(message), to.port, to.address, () => resolve()));

  async function answer(socket: Socket, data: Buffer, from: RemoteInfo): Promise<void> {
    let request: Request;
    try {
      request = JSON.parse(data.toString()) as Request;
    } catch {
      return; // not ours
    }
    received.add(request.id);
    if (received.size > 1000) received.delete(received.values().next().value!);
    const seen = endpoint(from.address, from.port);
    if (request.ask === "bind") return send(socket, { id: request.id, kind: "bound", seen }, from);
    // The unsolicited packet first, then the control on the path the client opened: when the control is in, so is the test, unless filtered.
    const other = request.from === "other-address-and-port" ? endpoint(a2, p2) : endpoint(a1, p2);
    await send(sockets.get(other)!, { id: request.id, kind: "test", seen }, from);
    await send(socket, { id: request.id, kind: "control", seen }, from);
  }

  const tcp: Server = createServer((connection) => {
    connection.setEncoding("utf8");
    connection.once("data", (line: string) => {
      const { id } = JSON.parse(line) as { id: string };
      connection.end(`${JSON.stringify({ udpSeen: received.has(id) })}\n`);
    });
    connection.on("error", () => {});
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once("error", reject);
    tcp.listen(p1, a1, () => resolve());
  });

  return {
    close: async () => {
      await Promise.all([...sockets.values()].map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}

/** The client: run inside a home network. */
export async function measureNat({ addresses: [a1, a2], ports: [p1, p2] }: ProbeServerAddress): Promise<Measurement> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, () => resolve()));
  const waiting = new Map<string, (answer: Answer) => void>();
  socket.on("message", (data) => {
    const answer = JSON.parse(data.toString()) as Answer;
    waiting.get(`${answer.id} ${answer.kind}`)?.(answer);
  });
  const timers = new Set<NodeJS.Timeout>();
  /** The answer `kind` to request `id`; it must come (ANSWER_WAIT_MS is only a safeguard). */
  const answerTo = (id: string, kind: Answer["kind"], what: string) =>
    new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`NAT check: no answer ${what} within ${ANSWER_WAIT_MS / 1000} s`)), ANSWER_WAIT_MS);
      timers.add(timer);
      waiting.set(`${id} ${kind}`, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
    });
  const ask = (request: Request, address: string, port: number) => socket.send(JSON.stringify(request), port, address);
  const bind = async (address: string, port: number): Promise<string> => {
    const id = randomUUID();
    const answer = answerTo(id, "bound", `from ${endpoint(address, port)}`);
    ask({ id, ask: "bind" }, address, port);
    return (await answer).seen;
  };
  /** Whether a packet from the server's other address and port (or other port) gets in: it is followed by a control that always does. */
  const getsIn = async (from: "other-address-and-port" | "other-port") => {
    const id = randomUUID();
    let testArrived = false;
    waiting.set(`${id} test`, () => (testArrived = true));
    const control = answerTo(id, "control", `from ${endpoint(a1, p1)} after a test packet from the ${from.replaceAll("-", " ")}`);
    ask({ id, ask: "filter", from }, a1, p1);
    await control;
    return testArrived;
  };

  try {
    // Does UDP get out at all? The first request goes out, then TCP asks the server whether it arrived.
    const first = randomUUID();
    const firstAnswer = answerTo(first, "bound", `from ${endpoint(a1, p1)}`);
    ask({ id: first, ask: "bind" }, a1, p1);
    const udpSeen = await askOverTcp(a1, p1, first);
    if (udpSeen === "tcp blocked") throw new Error(`NAT check: neither UDP nor TCP reaches ${endpoint(a1, p1)}`);
    if (!udpSeen) return { behaviour: { udp: "blocked", tcp: "passes" }, seen: {} };
    const publicAddress = (await firstAnswer).seen;
    const seen: Record<string, string> = { [endpoint(a1, p1)]: publicAddress };

    // Filtering, while this socket has written nowhere but to a1:p1.
    const filtering: Filtering = (await getsIn("other-address-and-port"))
      ? "endpoint-independent"
      : (await getsIn("other-port"))
        ? "address-dependent"
        : "address-and-port-dependent";

    // Mapping, toward the other three pairs (after the unsolicited packets above).
    for (const [address, port] of [[a2, p1], [a2, p2], [a1, p2]] as const) seen[endpoint(address, port)] = await bind(address, port);
    const mapping: Mapping = localAddresses().includes(publicAddress.split(":")[0]!)
      ? "no translation"
      : Object.values(seen).every((address) => address === publicAddress)
        ? "endpoint-independent"
        : seen[endpoint(a1, p2)] === publicAddress && seen[endpoint(a2, p1)] === seen[endpoint(a2, p2)]
          ? "address-dependent"
          : "address-and-port-dependent";
    return { behaviour: { udp: "passes", tcp: "passes", mapping, filtering }, publicAddress, seen };
  } finally {
    for (const timer of timers) clearTimeout(timer);
    socket.close();
  }
}

/** Asks the server over TCP whether UDP request `id` reached it; "tcp blocked" when TCP cannot reach it either. */
function askOverTcp(address: string, port: number, id: string): Promise<boolean | "tcp blocked"> {
  return new Promise((resolve) => {
    const connection = connect({ host: address, port });
    connection.setTimeout(ANSWER_WAIT_MS, () => {
      connection.destroy();
      resolve("tcp blocked");
    });
    connection.setEncoding("utf8");
    let text = "";
    connection.on("connect", () => connection.write(`${JSON.stringify({ id })}\n`));
    connection.on("data", (chunk: string) => (text += chunk));
    connection.on("end", () => resolve((JSON.parse(text) as { udpSeen: boolean }).udpSeen));
    connection.on("error", () => resolve("tcp blocked"));
  });
}

function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .filter((address) => address.family === "IPv4")
    .map((address) => address.address);
}

// Run inside a home network by the testbed's controller: prints the measurement as one JSON line.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [a1, a2, p1, p2] = process.argv.slice(2);
  measureNat({ addresses: [a1!, a2!], ports: [Number(p1), Number(p2)] }).then(
    (measurement) => console.log(JSON.stringify(measurement)),
    (error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    },
  );
}
