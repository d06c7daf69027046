/**
 * The chaos knobs a client puts in its own URL: what it sends arrives late
 * (?delaySdpMs=) or out of order (?reorderMs=). Off by default: order is kept.
 */
import type { RelayClient } from "./support/relay-client.ts";
import { expect, test } from "./support/relay-fixtures.ts";

/** What a trickle ICE client sends right after creating its offer. */
function sendOfferAndCandidates(client: RelayClient): void {
  client.send({ type: "offer", sdp: "v=0" });
  client.send({ type: "candidate", ice: { candidate: "candidate:1", sdpMid: "0" } });
  client.send({ type: "candidate", ice: { candidate: "candidate:2", sdpMid: "0" } });
  client.send({ type: "candidate", ice: null });
}

async function typesReceived(client: RelayClient, count: number): Promise<string[]> {
  const types: string[] = [];
  for (let i = 0; i < count; i++) {
    const message = await client.nextJson();
    types.push(message.type === "candidate" ? `candidate ${JSON.stringify(message.ice)}` : message.type);
  }
  return types;
}

const IN_ORDER = [
  "offer",
  'candidate {"candidate":"candidate:1","sdpMid":"0"}',
  'candidate {"candidate":"candidate:2","sdpMid":"0"}',
  "candidate null",
];

test("without chaos, messages arrive in the order they were sent", async ({ joinRoom }) => {
  // Unreadable knob values mean "off", as they always have.
  const alice = await joinRoom("alice", { delaySdpMs: "soon", reorderMs: -5 });
  const bob = await joinRoom("bob");
  await alice.next(); // peer-joined

  sendOfferAndCandidates(alice);
  expect(await typesReceived(bob, 4)).toEqual(IN_ORDER);

  for (let i = 0; i < 200; i++) alice.send({ type: "candidate", n: i });
  const order: unknown[] = [];
  for (let i = 0; i < 200; i++) order.push((await bob.nextJson()).n);
  expect(order).toEqual([...Array(200).keys()]);
});

test("?delaySdpMs holds offers and answers back: the candidates sent after arrive first", async ({ joinRoom }) => {
  const alice = await joinRoom("alice", { delaySdpMs: 300 });
  const bob = await joinRoom("bob");
  await alice.next(); // peer-joined

  sendOfferAndCandidates(alice);
  expect(await typesReceived(bob, 4)).toEqual([...IN_ORDER.slice(1), "offer"]);

  await test.step("only for the client that asked: Bob's answer and candidates keep their order", async () => {
    bob.send({ type: "answer", sdp: "v=0" });
    bob.send({ type: "candidate", ice: null });
    expect(await typesReceived(alice, 2)).toEqual(["answer", "candidate null"]);
  });
});

test("?reorderMs delivers what was sent within the window in reverse order", async ({ joinRoom }) => {
  const alice = await joinRoom("alice", { reorderMs: 500 });
  const bob = await joinRoom("bob");
  await alice.next(); // peer-joined

  sendOfferAndCandidates(alice);
  expect(await typesReceived(bob, 4)).toEqual([...IN_ORDER].reverse());

  await test.step("the next batch is reversed on its own", async () => {
    alice.send({ type: "candidate", ice: null });
    alice.send({ type: "answer", sdp: "v=0" });
    expect(await typesReceived(bob, 2)).toEqual(["answer", "candidate null"]);
  });
});

test("with both knobs, the offer is delayed first and then reordered with what came meanwhile", async ({ joinRoom }) => {
  const alice = await joinRoom("alice", { delaySdpMs: 100, reorderMs: 400 });
  const bob = await joinRoom("bob");
  await alice.next(); // peer-joined

  sendOfferAndCandidates(alice); // candidates held at once; the offer joins them 100 ms later
  expect(await typesReceived(bob, 4)).toEqual(["offer", ...IN_ORDER.slice(1).reverse()]);
});

test("what chaos still holds when its sender leaves is dropped, not delivered after peer-left", async ({ joinRoom }) => {
  const alice = await joinRoom("alice", { delaySdpMs: 1000 });
  const bob = await joinRoom("bob");
  await alice.next(); // peer-joined

  const sentAt = Date.now();
  alice.send({ type: "offer", sdp: "v=0" });
  alice.close();
  expect(await bob.nextJson()).toEqual({ type: "peer-left", peers: 1 });
  await new Promise((resolve) => setTimeout(resolve, sentAt + 1500 - Date.now())); // well past the delay
  expect(await bob.framesBeforePong()).toEqual([]);
});
