/**
 * The chaos knobs a client puts in its own URL: what it sends arrives late
 * (?delaySdpMs=), behind the next candidate (?candidatesFirst=1) or out of order
 * (?reorderMs=), and a room's first two offers cross (?crossOffers=1). Off by
 * default: order is kept. A knob acts only on members whose URL has it too, so
 * in these tests the receiver asks for it as well; the last tests show what a
 * member that did not ask gets.
 */
import { CANDIDATE_WAIT_MS } from "../server/chaos.ts";
import { CROSS_WAIT_MS } from "../server/cross-offers.ts";
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
  const bob = await joinRoom("bob", { delaySdpMs: 300 });
  await alice.next(); // peer-joined

  sendOfferAndCandidates(alice);
  expect(await typesReceived(bob, 4)).toEqual([...IN_ORDER.slice(1), "offer"]);

  await test.step("on what each client sends: Bob's own answer is held by his own knob", async () => {
    bob.send({ type: "answer", sdp: "v=0" });
    bob.send({ type: "candidate", ice: null });
    expect(await typesReceived(alice, 2)).toEqual(["candidate null", "answer"]);
  });
});

test("?candidatesFirst=1: each offer and answer arrives right behind the next candidate sent after it", async ({ joinRoom }) => {
  const alice = await joinRoom("alice", { candidatesFirst: 1 });
  const bob = await joinRoom("bob", { candidatesFirst: 1 });
  await alice.next(); // peer-joined

  sendOfferAndCandidates(alice);
  expect(await typesReceived(bob, 4)).toEqual([IN_ORDER[1], "offer", ...IN_ORDER.slice(2)]);

  await test.step("the answer too, whatever time passes before its candidate", async () => {
    bob.send({ type: "answer", sdp: "v=0" });
    await new Promise((resolve) => setTimeout(resolve, CANDIDATE_WAIT_MS / 4));
    bob.send({ type: "candidate", ice: null });
    expect(await typesReceived(alice, 2)).toEqual(["candidate null", "answer"]);
  });
});

test("?candidatesFirst=1 in a mesh: a description waits for a candidate to the same peer", async ({ joinRoom }) => {
  const alice = await joinRoom("alice", { candidatesFirst: 1, size: 3 });
  const bob = await joinRoom("bob", { candidatesFirst: 1, size: 3 });
  await alice.next(); // peer-joined
  const addressed = (type: string, to: string) => ({ type, to, ...(type === "candidate" ? { ice: null } : { sdp: "v=0" }) });

  alice.send(addressed("offer", "bob"));
  alice.send(addressed("offer", "carol"));
  alice.send(addressed("candidate", "carol")); // lets only carol's offer go
  alice.send(addressed("candidate", "bob"));
  const received: string[] = [];
  for (let i = 0; i < 4; i++) {
    const { type, to } = await bob.nextJson();
    received.push(`${type} to ${to}`);
  }
  expect(received).toEqual(["candidate to carol", "offer to carol", "candidate to bob", "offer to bob"]);
});

test("?crossOffers=1: the room's first offer waits for the other tab's, then each gets the other's; once per room", async ({ joinRoom }) => {
  const alice = await joinRoom("alice", { crossOffers: 1 });
  const bob = await joinRoom("bob", { crossOffers: 1 });
  await alice.next(); // peer-joined

  alice.send({ type: "offer", sdp: "alice's" });
  expect(await bob.framesBeforePong(), "Alice's offer waits").toEqual([]);
  bob.send({ type: "offer", sdp: "bob's" });
  expect(await alice.nextJson()).toEqual({ type: "offer", sdp: "bob's" });
  expect(await bob.nextJson()).toEqual({ type: "offer", sdp: "alice's" });

  await test.step("the next offer in the room goes at once", async () => {
    alice.send({ type: "offer", sdp: "alice's again" });
    expect(await bob.nextJson(CROSS_WAIT_MS / 5)).toEqual({ type: "offer", sdp: "alice's again" });
  });
});

test("?crossOffers=1: a held offer whose sender leaves is dropped, and the room waits for a first offer again", async ({ joinRoom }) => {
  const alice = await joinRoom("alice", { crossOffers: 1 });
  const bob = await joinRoom("bob", { crossOffers: 1 });
  await alice.next(); // peer-joined

  alice.send({ type: "offer", sdp: "alice's" });
  alice.close();
  expect(await bob.nextJson()).toEqual({ type: "peer-left", peers: 1 });

  const carol = await joinRoom("carol", { crossOffers: 1 });
  await bob.next(); // peer-joined
  bob.send({ type: "offer", sdp: "bob's" });
  expect(await carol.framesBeforePong(), "Bob's offer is now the room's first: it waits").toEqual([]);
  carol.send({ type: "offer", sdp: "carol's" });
  expect(await bob.nextJson(), "and Alice's never came").toEqual({ type: "offer", sdp: "carol's" });
  expect(await carol.nextJson()).toEqual({ type: "offer", sdp: "bob's" });
});

test("?crossOffers=1: what the held offer's sender sends next waits behind it, in order", async ({ joinRoom }) => {
  const alice = await joinRoom("alice", { crossOffers: 1 });
  const bob = await joinRoom("bob", { crossOffers: 1 });
  await alice.next(); // peer-joined

  sendOfferAndCandidates(alice);
  expect(await bob.framesBeforePong(), "the offer waits, and its candidates with it").toEqual([]);
  bob.send({ type: "offer", sdp: "bob's" });
  expect(await alice.nextJson()).toEqual({ type: "offer", sdp: "bob's" });
  expect(await typesReceived(bob, 4)).toEqual(IN_ORDER);
});

test("?crossOffers=2: the room's first two crossings, then offers pass at once", async ({ joinRoom }) => {
  const alice = await joinRoom("alice", { crossOffers: 2 });
  const bob = await joinRoom("bob", { crossOffers: 2 });
  await alice.next(); // peer-joined
  for (const round of [1, 2]) {
    alice.send({ type: "offer", sdp: `alice's ${round}` });
    expect(await bob.framesBeforePong(), `crossing ${round}: Alice's offer waits`).toEqual([]);
    bob.send({ type: "offer", sdp: `bob's ${round}` });
    expect(await alice.nextJson()).toEqual({ type: "offer", sdp: `bob's ${round}` });
    expect(await bob.nextJson()).toEqual({ type: "offer", sdp: `alice's ${round}` });
  }
  alice.send({ type: "offer", sdp: "alice's 3" });
  expect(await bob.nextJson(CROSS_WAIT_MS / 5)).toEqual({ type: "offer", sdp: "alice's 3" });
});

/** An offer held for something that never comes (a candidate, another tab's offer) still goes, once the wait is over. */
const LONE_OFFER_WAITS = [
  { knob: "candidatesFirst", title: "a description no candidate follows (vanilla ICE)", waitMs: CANDIDATE_WAIT_MS },
  { knob: "crossOffers", title: "an offer no other tab answers with its own", waitMs: CROSS_WAIT_MS },
];
for (const { knob, title, waitMs } of LONE_OFFER_WAITS) {
  test(`?${knob}=1: ${title} still arrives, late`, async ({ joinRoom }) => {
    const alice = await joinRoom("alice", { [knob]: 1 });
    const bob = await joinRoom("bob", { [knob]: 1 });
    await alice.next(); // peer-joined

    const sentAt = Date.now();
    alice.send({ type: "offer", sdp: "v=0" });
    expect(await bob.nextJson(4 * waitMs)).toEqual({ type: "offer", sdp: "v=0" });
    expect(Date.now() - sentAt, `held for the ${waitMs} ms wait`).toBeGreaterThanOrEqual(waitMs - 50);
  });
}

test("?reorderMs delivers what was sent within the window in reverse order", async ({ joinRoom }) => {
  const alice = await joinRoom("alice", { reorderMs: 500 });
  const bob = await joinRoom("bob", { reorderMs: 500 });
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
  const bob = await joinRoom("bob", { delaySdpMs: 100, reorderMs: 400 });
  await alice.next(); // peer-joined

  sendOfferAndCandidates(alice); // candidates held at once; the offer joins them 100 ms later
  expect(await typesReceived(bob, 4)).toEqual(["offer", ...IN_ORDER.slice(1).reverse()]);
});

test("what chaos still holds when its sender leaves is dropped, not delivered after peer-left", async ({ joinRoom }) => {
  const alice = await joinRoom("alice", { delaySdpMs: 1000 });
  const bob = await joinRoom("bob", { delaySdpMs: 1000 });
  await alice.next(); // peer-joined

  const sentAt = Date.now();
  alice.send({ type: "offer", sdp: "v=0" });
  alice.close();
  expect(await bob.nextJson()).toEqual({ type: "peer-left", peers: 1 });
  await new Promise((resolve) => setTimeout(resolve, sentAt + 1500 - Date.now())); // well past the delay
  expect(await bob.framesBeforePong()).toEqual([]);
});

test("a knob in one member's URL changes nothing for a member whose URL does not have it", async ({ joinRoom }) => {
  const alice = await joinRoom("alice", { reorderMs: 500, size: 3 });
  const bob = await joinRoom("bob", { reorderMs: 500, size: 3 });
  const carol = await joinRoom("carol", { delaySdpMs: 200, size: 3 }); // another knob is not this one
  await alice.next(); // peer-joined (bob)
  await alice.next(); // peer-joined (carol)
  await bob.next(); // peer-joined (carol)

  sendOfferAndCandidates(alice);
  expect(await typesReceived(carol, 4), "Carol did not ask for reorderMs: as sent, at once").toEqual(IN_ORDER);
  expect(await typesReceived(bob, 4), "Bob asked for it too: reversed").toEqual([...IN_ORDER].reverse());
});

test("?crossOffers=1 holds no offer while a member of the room has not asked for it", async ({ joinRoom }) => {
  const alice = await joinRoom("alice", { crossOffers: 1 });
  const bob = await joinRoom("bob"); // a shared link without the knob, or a tab of Bob's own
  await alice.next(); // peer-joined

  alice.send({ type: "offer", sdp: "alice's" });
  expect(await bob.nextJson(CROSS_WAIT_MS / 5), "at once: the room does not cross offers").toEqual({ type: "offer", sdp: "alice's" });
});

test("the joined notice says which test knobs the URL turned on, as the relay read them", async ({ joinRoom }) => {
  const plain = await joinRoom("plain");
  expect(JSON.parse(plain.frames[0]!.text)).not.toHaveProperty("knobs");
  const knobbed = await joinRoom("knobbed", { delaySdpMs: 99_999, reorderMs: "soon", candidatesFirst: 1, crossOffers: 1, tamper: "fingerprint", turnTtl: 60, turnPort: 3479 });
  expect(JSON.parse(knobbed.frames[0]!.text).knobs).toEqual({
    delaySdpMs: 10_000, // clamped to MAX_CHAOS_MS
    candidatesFirst: 1,
    crossOffers: 1,
    tamper: "fingerprint",
    turnTtl: 60,
    turnPort: 3479,
  });
});
