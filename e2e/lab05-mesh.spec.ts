import type { Page } from "@playwright/test";
import { relaySettingsFromEnv } from "../server/settings.ts";
import { expect as baseExpect, test, type Peer } from "./support/fixtures.ts";
import { RelayClient } from "./support/relay-client.ts";
import { countFrames } from "./support/relay-traffic.ts";
import { clickPrepareInAll, everyoneSeesEveryone, expectTileShows, idOf, pairs } from "./support/mesh.ts";

// Three or four people, each with a fake camera sent to every other one: up to
// 12 video encoders and 12 decoders in one test. On a 2-core machine running
// two such tests at once that takes longer than a 1:1 call (never less video),
// so joining (camera, TLS, relay) and the panel's states get 15 s to show, not 5.
test.setTimeout(120_000);
const expect = baseExpect.configure({ timeout: 15_000 });

test("three peers in a room each see the other two; when one leaves, the other two keep their call", async ({ openPeer, room }) => {
  const alice = await openPeer("alice", `/05-mesh/?room=${room}`);
  const bob = await openPeer("bob", `/05-mesh/?room=${room}`);
  const carol = await openPeer("carol", `/05-mesh/?room=${room}`);

  await test.step("they click Prepare one after the other", async () => {
    for (const [peer, inRoom] of [[alice, 1], [bob, 2], [carol, 3]] as const) {
      await peer.page.getByRole("button", { name: "Prepare" }).click();
      await expect(peer.page.locator("#peers_in_room")).toHaveText(`${inRoom} here`);
    }
  });
  const carolId = await idOf(carol);

  await test.step("each sees the other two cameras, moving", () => everyoneSeesEveryone([alice, bob, carol]));

  await test.step("the newcomer offered to everyone already there, once, and got one answer", async () => {
    for (const [newcomer, there] of [[bob, alice], [carol, alice], [carol, bob]] as const) {
      await expect(rowOf(newcomer.page, await idOf(there))).toHaveAttribute("data-role", "we offer");
      expect(await offersAndAnswers(newcomer, there), `${newcomer.name} offers to ${there.name}`).toEqual(ONE_OFFER_ONE_ANSWER);
    }
  });

  await test.step("Carol closes her tab", async () => {
    await carol.page.context().close();
  });

  await test.step("Alice and Bob drop Carol's tile and connection", async () => {
    for (const peer of [alice, bob]) {
      await expect(peer.page.locator("#peers_in_room")).toHaveText("2 here");
      await expect(peer.page.locator(`[data-peer="${carolId}"]`)).toHaveCount(0); // her tile and her panel row
      await expect(peer.page.locator("#peer_rows tr[data-peer]")).toHaveCount(1);
      await expect(peer.page.locator("#notice")).toContainText(`${carolId} left the call`);
    }
  });

  await test.step("Alice and Bob still see each other, moving", async () => {
    await expectTileShows(alice, bob);
    await expectTileShows(bob, alice);
    await expect(alice.page.locator("#error")).toBeHidden();
    await expect(bob.page.locator("#error")).toBeHidden();
  });
});

test("four peers click Prepare at the same moment: all six connections come up, with video both ways", async ({ openPeer, room }) => {
  const peers = await Promise.all(["alice", "bob", "carol", "dave"].map((name) => openPeer(name, `/05-mesh/?room=${room}`)));

  await test.step("all four click Prepare without waiting for each other", async () => {
    await clickPrepareInAll(peers);
    for (const peer of peers) await expect(peer.page.locator("#peers_in_room")).toHaveText("4 here");
  });

  await test.step("each sees the other three cameras, moving", () => everyoneSeesEveryone(peers));

  await test.step("six connections, all connected", async () => {
    const ids = await Promise.all(peers.map(idOf));
    for (const peer of peers) await expect(peer.page.locator("#peer_rows tr[data-peer]")).toHaveCount(3);
    const connectionCell = (viewer: number, other: number) => rowOf(peers[viewer]!.page, ids[other]!).locator('td[data-field="connection"]');
    await Promise.all(pairs(peers.length).flatMap(([i, j]) => [expect(connectionCell(i, j)).toHaveText("connected"), expect(connectionCell(j, i)).toHaveText("connected")]));
  });

  await test.step("on the wire: each connection had one offer, from the end whose panel says 'we offer', and one answer back", async () => {
    for (const [i, j] of pairs(peers.length)) {
      const [offerer, answerer] = (await roleIn(peers[i]!, peers[j]!)) === "we offer" ? [peers[i]!, peers[j]!] : [peers[j]!, peers[i]!];
      expect(await offersAndAnswers(offerer, answerer), `${offerer.name} offers to ${answerer.name}`).toEqual(ONE_OFFER_ONE_ANSWER);
    }
  });
});

test("candidates that overtake their offer or answer wait in that connection's own queue", async ({ openPeer, room }) => {
  // The relay holds every offer and answer until its sender's next candidate to the same
  // peer has gone ahead of it (server/chaos.ts): certain, however slow gathering is.
  const peers = await Promise.all(["alice", "bob", "carol"].map((name) => openPeer(name, `/05-mesh/?room=${room}&candidatesFirst=1`)));
  await clickPrepareInAll(peers);

  await test.step("each sees the other two cameras, moving", () => everyoneSeesEveryone(peers));

  await test.step("on every connection, at both ends, candidates came early and waited", async () => {
    for (const peer of peers) {
      const queued = peer.page.locator('#peer_rows td[data-field="queued"]');
      await expect(queued).toHaveCount(2);
      for (const cell of await queued.all()) await expect(cell).not.toHaveText("0");
      await expect(peer.page.locator("#error")).toBeHidden();
    }
  });
});

test("a fifth tab is told the room is full, in plain words", async ({ openPeer, room }) => {
  // Four people already in the room; plain relay clients stand in for them (no cameras needed).
  const relay = `ws://localhost:${relaySettingsFromEnv().wsPort}/?room=${room}&size=4`;
  const four = await Promise.all([1, 2, 3, 4].map((n) => RelayClient.join(`peer ${n}`, relay)));
  try {
    const eve = await openPeer("eve", `/05-mesh/?room=${room}`);
    eve.allowErrorShown();
    await eve.page.getByRole("button", { name: "Prepare" }).click();
    await expect(eve.page.locator("#error")).toContainText(`The relay did not let this tab into room "${room}" (room-full).`);
    await expect(eve.page.locator("#error")).toContainText("close the others in it, or use another ?room=");
    await expect(eve.page.locator("#log")).toContainText(`The relay says: Room "${room}" is full`);
    await expect(eve.page.locator("#peer_rows tr[data-peer]")).toHaveCount(0);
  } finally {
    for (const client of four) client.close();
  }
});

/** The state panel's row for the connection to `peerId`. */
function rowOf(page: Page, peerId: string) {
  return page.locator(`#peer_rows tr[data-peer="${peerId}"]`);
}

/** What `peer`'s panel says about who offers on its connection to `other`. */
async function roleIn(peer: Peer, other: Peer) {
  return rowOf(peer.page, await idOf(other)).getAttribute("data-role");
}

/** A clean negotiation, as counted on the wire by offersAndAnswers. */
const ONE_OFFER_ONE_ANSWER = {
  offersSent: { byOfferer: 1, byAnswerer: 0 },
  offersReceived: { byOfferer: 0, byAnswerer: 1 },
  answersSent: { byOfferer: 0, byAnswerer: 1 },
  answersReceived: { byOfferer: 1, byAnswerer: 0 },
};

/** The offers and answers that really crossed the wire between two peers, counted at both ends (relay-traffic.ts). */
async function offersAndAnswers(offerer: Peer, answerer: Peer) {
  const [offererId, answererId] = [await idOf(offerer), await idOf(answerer)];
  const count = (direction: "sent" | "received", type: string) => ({
    byOfferer: countFrames(offerer.relayFrames, direction, type, direction === "sent" ? { to: answererId } : { from: answererId, to: offererId }),
    byAnswerer: countFrames(answerer.relayFrames, direction, type, direction === "sent" ? { to: offererId } : { from: offererId, to: answererId }),
  });
  return {
    offersSent: count("sent", "offer"),
    offersReceived: count("received", "offer"),
    answersSent: count("sent", "answer"),
    answersReceived: count("received", "answer"),
  };
}
