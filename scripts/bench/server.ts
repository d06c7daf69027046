/**
 * One server under test, in its own process so its memory and CPU time are its own:
 * `relay` (the real one, as server/listen.ts sets it up) or `raw` (the baseline).
 * Started by scripts/bench/child.ts: sends `{ port }` once listening, then answers
 * "memory" (after a full garbage collection) and "cpu" (microseconds used so far).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { acceptRelaySockets } from "../../server/listen.ts";
import { Relay } from "../../server/relay.ts";
import { acceptRawForward } from "./raw-forward.ts";

export type ServerKind = "relay" | "raw";
export type ServerMemory = Pick<NodeJS.MemoryUsage, "rss" | "heapUsed" | "external">;

const kind = process.argv[2] as ServerKind;
const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (!process.send || !collectGarbage) throw new Error("started by scripts/bench/child.ts, with --expose-gc and IPC");
const send = process.send.bind(process);

const server = createServer();
// No rate limits: the benchmark's thousands of connections all come from 127.0.0.1, and it measures forwarding.
if (kind === "relay") acceptRelaySockets(server, new Relay({ quiet: true, rateLimits: false }));
else acceptRawForward(server);
server.listen(0, "127.0.0.1", 4096, () => send({ port: (server.address() as AddressInfo).port }));

process.on("message", (question) => {
  if (question === "cpu") {
    const { user, system } = process.cpuUsage();
    send(user + system);
  } else if (question === "memory") {
    collectGarbage();
    collectGarbage();
    const { rss, heapUsed, external } = process.memoryUsage();
    send({ rss, heapUsed, external } satisfies ServerMemory);
  }
});
process.on("disconnect", () => process.exit(0));
