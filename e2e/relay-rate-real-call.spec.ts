/**
 * What a real call sends the relay, measured in the browser: every message each
 * tab writes to its WebSocket, with the time Playwright saw it. The relay's rate
 * limit (server/protocol.ts) must sit well above the busiest connection of labs
 * 02 (vanilla ICE), 04 (trickle ICE) and the 4-peer mesh of lab 05: replayed
 * through the relay's own token bucket, a real call may use at most a quarter
 * of it. The numbers go into the report as annotations (and server/README.md).
 */
import type { Page } from "@playwright/test";
import { MESSAGE_BURST, MESSAGES_PER_SECOND } from "../server/protocol.ts";
import { TokenBucket } from "../server/token-bucket.ts";
import { expect, test, type Peer } from "./support/fixtures.ts";
import { prepareAndConnect } from "./support/timing-call.ts";

test.setTimeout(120_000);

/** The times (ms) at which each WebSocket the page opens sent a message. */
function recordSentMessages(page: Page): number[][] {
  const connections: number[][] = [];
  page.on("websocket", (socket) => {
    const sent: number[] = [];
    connections.push(sent);
    socket.on("framesent", () => sent.push(performance.now()));
  });
  return connections;
}

interface Usage {
  messages: number;
  /** The most messages sent within any one second. */
  peakPerSecond: number;
  /** The most of the relay's bucket this connection had spent at once, 0..1. */
  bucketUsed: number;
}

/** Replays the send times through the relay's own token bucket, on a clock that follows them. */
function usageOf(times: number[]): Usage {
  let clock = times[0] ?? 0;
  const bucket = new TokenBucket(MESSAGES_PER_SECOND, MESSAGE_BURST, () => clock);
  let lowest = MESSAGE_BURST;
  for (const time of times) {
    clock = time;
    expect(bucket.take(), "a real call ran the relay's bucket dry").toBe(true);
    lowest = Math.min(lowest, bucket.available);
  }
  const peakPerSecond = Math.max(0, ...times.map((start) => times.filter((time) => time >= start && time < start + 1000).length));
  return { messages: times.length, peakPerSecond, bucketUsed: 1 - lowest / MESSAGE_BURST };
}

function busiest(connections: number[][]): Usage {
  const usages = connections.map(usageOf);
  return usages.reduce((a, b) => (b.bucketUsed > a.bucketUsed ? b : a), { messages: 0, peakPerSecond: 0, bucketUsed: 0 });
}

function report(call: string, usage: Usage): void {
  test.info().annotations.push({
    type: `${call}: busiest connection`,
    description: `${usage.messages} messages, at most ${usage.peakPerSecond} in one second, ${Math.round(usage.bucketUsed * 100)}% of the bucket (${MESSAGE_BURST} at once, ${MESSAGES_PER_SECOND}/s)`,
  });
  expect(usage.messages, "the call sent something (or the measurement measured nothing)").toBeGreaterThan(0);
  expect(usage.bucketUsed, `${call} used over a quarter of the rate limit`).toBeLessThanOrEqual(0.25);
}

for (const lab of ["02-ws-vanilla", "04-trickle"]) {
  test(`lab ${lab}: a whole call stays far below the relay's rate limit`, async ({ openPeer, room }) => {
    const alice = await openPeer("alice", `/${lab}/?room=${room}`);
    const bob = await openPeer("bob", `/${lab}/?room=${room}`);
    const sent = [alice, bob].map((peer) => recordSentMessages(peer.page));
    await prepareAndConnect(alice.page, bob.page);
    for (const peer of [alice, bob]) await expect(peer.page.locator("#state_connection")).toHaveText("connected", { timeout: 20_000 });
    await expect(alice.page.locator("#state_gathering")).toHaveText("complete"); // every candidate sent
    await expect(bob.page.locator("#state_gathering")).toHaveText("complete");
    report(`lab ${lab}`, busiest(sent.flat()));
  });
}

test("lab 05: four peers joining at once stay far below the relay's rate limit", async ({ openPeer, room }) => {
  const peers: Peer[] = await Promise.all(["alice", "bob", "carol", "dave"].map((name) => openPeer(name, `/05-mesh/?room=${room}`)));
  const sent = peers.map((peer) => recordSentMessages(peer.page));
  await Promise.all(peers.map((peer) => peer.page.getByRole("button", { name: "Prepare" }).click()));
  for (const peer of peers) {
    const connected = peer.page.locator('#peer_rows td[data-field="connection"]', { hasText: "connected" });
    await expect(connected).toHaveCount(3, { timeout: 60_000 });
  }
  report("lab 05, 4 peers", busiest(sent.flat()));
});
