/**
 * Peers that vanish, peers that stop reading, and the relay's own shutdown.
 * All but the first start a relay of their own: they set its heartbeat or stop it.
 */
import { CloseCode } from "../server/protocol.ts";
import { RelayClient } from "./support/relay-client.ts";
import { expect, test } from "./support/relay-fixtures.ts";

// Short, so the test is quick; long enough that a healthy client on a busy machine always answers in time.
const HEARTBEAT_MS = 1000;

test("a client killed without a close frame: the room gets peer-left", async ({ joinRoom }) => {
  const alice = await joinRoom("alice");
  const bob = await joinRoom("bob");
  await alice.next(); // peer-joined
  bob.kill();
  expect(await alice.nextJson()).toEqual({ type: "peer-left", peers: 1 });
});

test("a frozen client that stops answering pings is dropped within the heartbeat window", async ({ startRelay }) => {
  const relay = await startRelay({ heartbeatMs: HEARTBEAT_MS });
  const alice = await RelayClient.join("alice", relay.url({ room: "r" }));
  const bob = await RelayClient.join("bob", relay.url({ room: "r" }));
  await alice.next(); // peer-joined

  // Bob's TCP connection stays open, but he reads nothing, so he answers no ping.
  bob.freeze();
  const frozenAt = Date.now();
  // Dropped at the second ping after freezing; the wait is generous for a busy machine,
  // and without a heartbeat the notice would never come at all.
  expect(await alice.nextJson(10 * HEARTBEAT_MS)).toEqual({ type: "peer-left", peers: 1 });
  test.info().annotations.push({ type: "peer-left after", description: `${Date.now() - frozenAt} ms (heartbeat ${HEARTBEAT_MS} ms)` });

  await test.step("Alice, who answers every ping, is still connected", async () => {
    await new Promise((resolve) => setTimeout(resolve, 3 * HEARTBEAT_MS));
    const carol = await RelayClient.join("carol", relay.url({ room: "r" }));
    expect(await alice.nextJson()).toEqual({ type: "peer-joined", peers: 2 });
    carol.send({ type: "offer", sdp: "x" });
    expect(await alice.nextJson()).toEqual({ type: "offer", sdp: "x" });
  });
});

test("a client that stops reading while messages pile up for it is dropped", async ({ startRelay }) => {
  const relay = await startRelay({ heartbeatMs: 0 }); // no heartbeat: only the backlog rule can drop Bob
  const alice = await RelayClient.join("alice", relay.url({ room: "r" }));
  const bob = await RelayClient.join("bob", relay.url({ room: "r" }));
  await alice.next(); // peer-joined
  bob.freeze();

  // 32 KiB offers until the relay gives up on Bob. The kernel's socket buffers take
  // a few MiB first; then 1 MiB waits in the relay, and Bob is dropped.
  const offer = JSON.stringify({ type: "offer", sdp: "a".repeat(32 * 1024) });
  let sent = 0;
  for (;;) {
    for (let i = 0; i < 20; i++, sent++) alice.sendText(offer);
    // The pong comes once the relay has read all of them; anything it sent Alice comes first.
    const notices = await alice.framesBeforePong();
    if (notices.some((frame) => frame.text === JSON.stringify({ type: "peer-left", peers: 1 }))) break;
    expect(sent, "the relay kept buffering for a client that reads nothing").toBeLessThan(4000); // 128 MiB
  }
  test.info().annotations.push({ type: "dropped after", description: `${sent} offers of 32 KiB` });
  expect(relay.isRunning).toBe(true);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  test(`${signal} closes every client with 1001 and the relay exits with 0`, async ({ startRelay }) => {
    const relay = await startRelay();
    const clients = [
      await RelayClient.join("alice", relay.url({ room: "a" })),
      await RelayClient.join("bob", relay.url({ room: "a" })),
      await RelayClient.join("carol", relay.url({ room: "b", size: 4 })),
    ];
    const exit = await relay.stop(signal);
    expect(exit).toEqual({ code: 0, signal: null });
    for (const client of clients) {
      expect(await client.closed).toEqual({ code: CloseCode.goingAway, reason: "relay shutting down" });
    }
  });
}
