/**
 * A few thousand random frames from misbehaving clients (random bytes, random
 * JSON, huge strings, broken WebSocket frames, garbage instead of HTTP). The relay
 * must answer or close them, never crash, and keep relaying for good clients.
 * The seed is in the test's annotations: FUZZ_SEED=<seed> replays a run.
 */
import { connect } from "node:net";
import { HARD_FRAME_LIMIT_BYTES, MAX_MESSAGE_BYTES, MAX_ROOM_SIZE } from "../server/protocol.ts";
import { RawWebSocket, RelayClient } from "./support/relay-client.ts";
import type { RelayProcess } from "./support/relay-process.ts";
import { expect, test } from "./support/relay-fixtures.ts";

const FRAMES = 4000;
const FUZZERS = 6;
const BURST = 25;
const RAW_CONNECTIONS = 20;

/** A small seeded generator (mulberry32), so a failing run can be replayed. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const bytes = (length: number) => {
    const buffer = Buffer.alloc(length);
    for (let i = 0; i < length; i++) buffer[i] = int(256);
    return buffer;
  };
  const text = (length: number) =>
    Array.from({ length }, () => pick(["a", "Z", "0", " ", '"', "\\", "{", "}", "\n", "é", "😀", "\u0000", "\u2028"])).join("");
  return { next, int, pick, bytes, text };
}
type Random = ReturnType<typeof seededRandom>;

function randomJson(random: Random, depth = 0): unknown {
  switch (random.int(depth > 3 ? 4 : 7)) {
    case 0: return null;
    case 1: return random.next() < 0.5;
    case 2: return random.pick([0, -0, 1e308, -1.5, 2 ** 53 + 1, random.int(1000)]);
    case 3: return random.text(random.int(40));
    case 4: return Array.from({ length: random.int(5) }, () => randomJson(random, depth + 1));
    default: {
      const keys = ["type", "sdp", "ice", "__proto__", "constructor", "toString", random.text(5)];
      return Object.fromEntries(Array.from({ length: random.int(5) }, () => [random.pick(keys), randomJson(random, depth + 1)]));
    }
  }
}

/** One random frame: [data, isBinary]. */
function randomFrame(random: Random): [Buffer | string, boolean] {
  const kind = random.int(100);
  if (kind < 15) return [random.bytes(random.int(4096)), true];
  if (kind < 25) return [random.bytes(random.int(64)), false]; // text frames that are rarely UTF-8
  if (kind < 55) return [JSON.stringify(randomJson(random)) ?? "", false];
  if (kind < 75) {
    const type = random.pick(["offer", "candidate", "joined", "peer-left", "error", "", random.text(8), 7, null, {}]);
    return [JSON.stringify({ type, sdp: random.text(random.int(300)) }), false];
  }
  if (kind < 91) return [random.text(random.int(200)), false]; // not JSON, or JSON cut short
  if (kind < 92) return ["[".repeat(10_000) + "]".repeat(10_000), false]; // deep nesting
  if (kind < 99) return [JSON.stringify({ type: "offer", sdp: "x".repeat(MAX_MESSAGE_BYTES + random.int(100_000)) }), false];
  return ["x".repeat(HARD_FRAME_LIMIT_BYTES + 1), false];
}

function randomQuery(random: Random): string {
  if (random.next() < 0.1) return encodeURIComponent(random.text(20)); // garbage
  const params = new URLSearchParams({ room: `fuzz-${random.int(4)}`, size: String(random.int(MAX_ROOM_SIZE + 3)) });
  if (random.next() < 0.3) params.set("delaySdpMs", String(random.int(50)));
  if (random.next() < 0.3) params.set("reorderMs", String(random.int(50)));
  if (random.next() < 0.1) params.set("room", "good"); // a full room: refused
  return params.toString();
}

/** Sends its share of frames in bursts; reconnects whenever the relay closes it. */
async function fuzzer(relay: RelayProcess, random: Random, frames: number): Promise<void> {
  let client: RelayClient | null = null;
  for (let sent = 0; sent < frames; ) {
    if (!client || client.socket.readyState !== client.socket.OPEN) {
      client = await RelayClient.open("fuzzer", `ws://127.0.0.1:${relay.wsPort}/?${randomQuery(random)}`);
    }
    for (let i = 0; i < BURST && sent < frames; i++, sent++) {
      const [data, isBinary] = randomFrame(random);
      if (client.socket.readyState === client.socket.OPEN) client.socket.send(data, { binary: isBinary });
    }
    // Wait until the relay has read the burst (or closed the connection).
    await Promise.race([client.framesBeforePong(), client.closed]);
  }
  client?.close();
}

/** Connections that never speak WebSocket properly: garbage instead of HTTP, or broken frames after the upgrade. */
async function garbageConnection(relay: RelayProcess, random: Random, afterUpgrade: boolean): Promise<void> {
  if (afterUpgrade) {
    const raw = await RawWebSocket.open(relay.wsPort, `/?room=fuzz-raw-${random.int(4)}`);
    raw.write(random.bytes(random.int(2000)));
    raw.socket.end();
    return raw.closed;
  }
  const socket = connect(relay.wsPort, "127.0.0.1");
  socket.on("error", () => {});
  socket.resume(); // read (and drop) the answer, or the relay's closing would go unnoticed
  socket.end(Buffer.concat([Buffer.from(random.pick(["GET /?room=x HTTP/1.1\r\n", "", "\r\n\r\n"])), random.bytes(random.int(2000))]));
  await new Promise((resolve) => socket.once("close", resolve));
}

test("thousands of random frames do not stop the relay; good clients still relay afterwards", async ({ startRelay }) => {
  const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
  test.info().annotations.push({ type: "fuzz seed", description: `FUZZ_SEED=${seed}` });
  const random = seededRandom(seed);
  const relay = await startRelay();

  const alice = await RelayClient.join("alice", relay.url({ room: "good" }));
  const bob = await RelayClient.join("bob", relay.url({ room: "good" }));
  await alice.next(); // peer-joined

  await test.step(`${FRAMES} random frames from ${FUZZERS} clients, and ${RAW_CONNECTIONS} garbage connections`, async () => {
    await Promise.all([
      ...Array.from({ length: FUZZERS }, (_, i) => fuzzer(relay, seededRandom(seed + i + 1), FRAMES / FUZZERS)),
      ...Array.from({ length: RAW_CONNECTIONS }, (_, i) => garbageConnection(relay, random, i % 2 === 0)),
    ]);
  });

  await test.step("the relay still runs and printed no crash", async () => {
    expect(relay.isRunning).toBe(true);
    expect(relay.output.join("")).not.toMatch(/^\s+at /m); // no stack trace
  });

  await test.step("Alice and Bob heard none of it, and still relay both ways", async () => {
    expect(await alice.framesBeforePong()).toEqual([]);
    expect(await bob.framesBeforePong()).toEqual([]);
    alice.send({ type: "offer", sdp: "after the storm" });
    expect(await bob.nextJson()).toEqual({ type: "offer", sdp: "after the storm" });
    bob.send({ type: "answer", sdp: "still here" });
    expect(await alice.nextJson()).toEqual({ type: "answer", sdp: "still here" });
  });

  await test.step("two newcomers in a fresh room relay too", async () => {
    const carol = await RelayClient.join("carol", relay.url({ room: "after" }));
    const dave = await RelayClient.join("dave", relay.url({ room: "after" }));
    carol.send({ type: "candidate", ice: null });
    expect(await dave.nextJson()).toEqual({ type: "candidate", ice: null });
  });
});
