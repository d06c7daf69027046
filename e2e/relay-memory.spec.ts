/**
 * What the relay holds in memory is bounded, whatever a client asks for. A test knob that
 * holds messages (?reorderMs=10000 holds everything for 10 s) counts what it holds against a
 * per-connection limit; past it, the message is refused (`too-much-held`) instead of kept.
 * Measured on the relay process itself (RSS), with the flood the issue measured: 20 clients,
 * each alone in its room, each sending 500 messages of 60 KiB (inside the rate limit's burst).
 */
import { MAX_HELD_BYTES_PER_CONNECTION } from "../server/protocol.ts";
import { RelayClient } from "./support/relay-client.ts";
import { expect, test } from "./support/relay-fixtures.ts";

const CLIENTS = 20;
const MESSAGES = 500;
/** One 60 KiB message, sent over and over. */
const MESSAGE = Buffer.from(`{"type":"candidate","pad":"${"x".repeat(60 * 1024)}"}`);
/** A zero mask: ws then sends the frame as it is, and the test's own CPU goes to the relay, not to masking 600 MB. */
const UNMASKED = { generateMask: (mask: Buffer) => void mask.fill(0) };
const MIB = 1024 * 1024;

test(`${CLIENTS} clients x ${MESSAGES} messages of 60 KiB held by ?reorderMs: each is refused past its limit, the relay's memory stays bounded`, async ({ startRelay, room }) => {
  test.setTimeout(120_000); // 600 MB through the relay, on a shared machine
  const relay = await startRelay();
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, (_, i) => RelayClient.join(`flooder ${i}`, relay.url({ room: `${room}-${i}`, reorderMs: 10_000 }), UNMASKED)),
  );
  const before = relay.rssBytes();
  // Sampled all along: the first client's batch is let go 10 s after its first message, maybe before the last one sends.
  let peak = before;
  const sampling = setInterval(() => (peak = Math.max(peak, relay.rssBytes())), 100);
  let answers;
  try {
    for (const client of clients) for (let n = 0; n < MESSAGES; n++) client.sendText(MESSAGE);
    // The pong comes after the relay has read everything the client sent before its ping.
    answers = await Promise.all(clients.map((client) => client.framesBeforePong()));
  } finally {
    clearInterval(sampling);
  }
  const grewMiB = (Math.max(peak, relay.rssBytes()) - before) / MIB;
  test.info().annotations.push({ type: "relay RSS growth at its peak", description: `${grewMiB.toFixed(0)} MiB` });
  console.log(`relay RSS grew by ${grewMiB.toFixed(0)} MiB at its peak`);

  await test.step("each client is told that the relay holds no more of its messages, and nothing else", () => {
    for (const frames of answers) {
      const codes = frames.map((frame) => (JSON.parse(frame.text) as { code?: string }).code);
      // Once per batch held: a machine so busy that one client's sending outlasts the 10 s sees its batch go, and a second one fill.
      expect(codes.length).toBeGreaterThanOrEqual(1);
      expect(new Set(codes)).toEqual(new Set(["too-much-held"]));
    }
  });
  await test.step(`what is held stays within ${CLIENTS} x ${MAX_HELD_BYTES_PER_CONNECTION / 1024} KiB, plus what passing 600 MB through costs`, () => {
    // Without the limit it grew by over 600 MiB; with the knob off, the same flood grows it by about 25.
    expect(grewMiB).toBeLessThan(100);
  });
  for (const client of clients) client.close();
});
