/**
 * What the learner sees when lab 02 goes wrong on purpose: each test drives one
 * failure and checks the words on the page, then (where it can) that the lab
 * recovers. Lab 02 is the first lab with a relay; later labs keep its messages.
 */
import { relaySettingsFromEnv } from "../server/settings.ts";
import { expect, test, type Peer } from "./support/fixtures.ts";
import { aPortNothingListensOn } from "./support/ports.ts";
import { RelayClient } from "./support/relay-client.ts";
import { expectEachSeesTheOther, expectSeesPeer, sampleVideo } from "./support/video.ts";

const lab = (room: string) => `/02-ws-vanilla/?room=${room}`;

async function click(peer: Peer, name: "Prepare" | "Connect"): Promise<void> {
  await peer.page.getByRole("button", { name }).click();
}

test("relay not running: Prepare says it cannot reach the relay and what to do", async ({ openPeer, room }) => {
  const port = await aPortNothingListensOn();
  const alice = await openPeer("alice", `${lab(room)}&relay=ws://localhost:${port}/`);
  alice.allowErrorShown();

  await click(alice, "Prepare");

  const error = alice.page.locator("#error");
  await expect(error).toContainText(`Cannot reach the relay at ws://localhost:${port} (WebSocket closed, code 1006).`);
  await expect(error).toContainText("Start it with `npm start`, then click Prepare again.");
  await expect(alice.page.locator("#state_websocket")).toHaveText("closed");
});

test("Connect before Prepare, and Connect alone in the room, each say what to click", async ({ openPeer, room }) => {
  const alice = await openPeer("alice", lab(room));
  alice.allowErrorShown();
  const error = alice.page.locator("#error");

  await test.step("Connect before Prepare", async () => {
    await click(alice, "Connect");
    await expect(error).toContainText("Connect needs Prepare first.");
    await expect(error).toContainText("Click Prepare in both tabs, then Connect in one.");
  });

  await test.step("Prepare, then Connect with nobody else in the room", async () => {
    await click(alice, "Prepare");
    await expect(alice.page.locator("#peers_in_room")).toHaveText("1 here");
    await click(alice, "Connect");
    await expect(error).toContainText(`Nobody else is in room "${room}" yet`);
    await expect(alice.page.locator("#state_signaling")).toHaveText("stable"); // no offer was made
  });
});

// A real double Prepare (two clicks that both reach the page) is in lab02-double-prepare.spec.ts.
test("Prepare and Connect in the same instant: Connect waits, one clean call", async ({ openPeer, room }) => {
  const bob = await openPeer("bob", lab(room));
  await click(bob, "Prepare");
  await expect(bob.page.locator("#peers_in_room")).toHaveText("1 here");

  const alice = await openPeer("alice", lab(room));
  // Both in one go, faster than any hand: the chapter's Connect would offer no video.
  await alice.page.evaluate(() => {
    document.getElementById("prepare")!.click();
    document.getElementById("connect")!.click();
  });

  await expectEachSeesTheOther(alice, bob);
  await expect(alice.page.locator("#error")).toBeHidden();
});

test("a third browser in a full room is told so, and the call of the first two goes on", async ({ openPeer, room }) => {
  const alice = await openPeer("alice", lab(room));
  const bob = await openPeer("bob", lab(room));
  await click(alice, "Prepare");
  await click(bob, "Prepare");
  await expect(alice.page.locator("#peers_in_room")).toHaveText("2 here");

  await test.step("Carol joins the full room", async () => {
    const carol = await openPeer("carol", lab(room));
    carol.allowErrorShown();
    await click(carol, "Prepare");
    await expect(carol.page.locator("#error")).toContainText(`The relay did not let this tab into room "${room}" (room-full).`);
    await expect(carol.page.locator("#error")).toContainText("close the others in it, or use another ?room=");
    await expect(carol.page.locator("#log")).toContainText(`The relay says: Room "${room}" is full: it holds 2 peers`);
    await expect(carol.page.locator("#state_websocket")).toHaveText("closed");
  });

  await test.step("Alice and Bob still connect", async () => {
    await click(alice, "Connect");
    await expectEachSeesTheOther(alice, bob);
    await expect(alice.page.locator("#peers_in_room")).toHaveText("2 here"); // Carol never counted
  });
});

test("the other peer closes its tab: peer-left shown, remote video stops, a new call works", async ({ openPeer, room }) => {
  const alice = await openPeer("alice", lab(room));
  const bob = await openPeer("bob", lab(room));

  await test.step("Alice and Bob are in a call", async () => {
    await click(alice, "Prepare");
    await click(bob, "Prepare");
    await expect(alice.page.locator("#peers_in_room")).toHaveText("2 here");
    await click(alice, "Connect");
    await expectSeesPeer(alice, bob);
  });

  await test.step("Bob closes his tab", async () => {
    await bob.page.close();
    await expect(alice.page.locator("#notice")).toContainText("The other peer left.");
    await expect(alice.page.locator("#peers_in_room")).toHaveText("1 here");
    await expect.poll(async () => (await sampleVideo(alice.page, "remote_video")).width, { message: "remote_video is empty" }).toBe(0);
  });

  await test.step("Alice clicks Prepare, Carol joins, Carol connects: both see video again", async () => {
    await click(alice, "Prepare");
    await expect(alice.page.locator("#log li", { hasText: "prepared: in the room" })).toHaveCount(2);
    const carol = await openPeer("carol", lab(room));
    await click(carol, "Prepare");
    await expect(carol.page.locator("#peers_in_room")).toHaveText("2 here");
    await click(carol, "Connect");
    await expectEachSeesTheOther(alice, carol);
    await expect(alice.page.locator("#error")).toBeHidden();
  });
});

test("a malformed offer through the relay is explained, not swallowed", async ({ openPeer, room }) => {
  const alice = await openPeer("alice", lab(room));
  await click(alice, "Prepare");
  await expect(alice.page.locator("#peers_in_room")).toHaveText("1 here");
  alice.allowErrorShown();
  // A hand-written peer: a plain ws client in the same room.
  const mallory = await RelayClient.join("mallory", `ws://localhost:${relaySettingsFromEnv().wsPort}/?room=${room}`);
  const error = alice.page.locator("#error");

  await test.step("an offer with no sdp", async () => {
    mallory.send({ type: "offer" });
    await expect(error).toContainText('The relay delivered a malformed message: {"type":"offer"}');
  });

  await test.step("an offer whose sdp is not an SDP", async () => {
    mallory.send({ type: "offer", sdp: "hello" });
    await expect(error).toContainText("The browser rejected the offer that came through the relay");
    await expect(error).toContainText("Whoever sent it must send the whole SDP");
  });
  mallory.close();
});
