/**
 * Labs 02-04: both tabs click Connect in the same instant. Each sends an offer
 * and waits for an answer, and the other tab's offer comes instead ("glare"):
 * the offers cross. Neither lab can take its offer back, so both pages must say
 * so, with how to recover, instead of waiting in silence. The same holds when
 * the other offer comes while this tab is still making its own (labs 02-04 and
 * 06, which has lab 04's signaling).
 */
import { expect, test, type Peer } from "./support/fixtures.ts";
import { countFrames } from "./support/relay-traffic.ts";
import { turnServerMissingOutsideCI } from "./support/turn.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

for (const lab of ["02-ws-vanilla", "03-wss", "04-trickle"]) {
  test(`${lab}: both click Connect at once, both pages say the offers crossed and how to recover`, async ({ openPeer, room }) => {
    // The relay holds the room's first offer until the other tab's comes too
    // (server/cross-offers.ts), so the offers cross however busy the machine is;
    // later offers in the room pass at once.
    const [alice, bob] = await twoInTheRoom(openPeer, `/${lab}/?room=${room}&crossOffers=1`);
    const peers = [alice, bob];

    await test.step("both click Connect in the same instant", async () => {
      await Promise.all(peers.map((peer) => peer.page.getByRole("button", { name: "Connect" }).click()));
    });

    await test.step("both pages say what happened, and how to recover", async () => {
      for (const peer of peers) {
        const error = peer.page.locator("#error");
        await expect(error).toContainText("Both tabs clicked Connect at the same moment");
        await expect(error).toContainText("the two offers crossed");
        await expect(error).toContainText("click Prepare in both tabs, then Connect in only one of them");
        await expect(error).toContainText("Lab 07, perfect negotiation, removes this problem");
        await expect(peer.page.locator("#state_signaling")).toHaveText("have-local-offer"); // still waiting: no video
      }
    });

    await test.step("the advice works: Prepare in both, Connect in one, and both see the other", async () => {
      for (const peer of peers) await peer.page.getByRole("button", { name: "Prepare" }).click();
      for (const peer of peers) await expect(peer.page.locator("#peers_in_room")).toHaveText("2 here");
      await alice.page.getByRole("button", { name: "Connect" }).click();
      await expectEachSeesTheOther(alice, bob);
      for (const peer of peers) await expect(peer.page.locator("#error")).toBeHidden();
    });

    await test.step("Bob clicks Connect too, late: his page says there is no need, and the call goes on", async () => {
      await bob.page.getByRole("button", { name: "Connect" }).click();
      await expect(bob.page.locator("#notice")).toContainText("This tab is already in a call");
      await expect(bob.page.locator("#state_signaling")).toHaveText("stable");
      await expect(bob.page.locator("#error")).toBeHidden();
      await expectEachSeesTheOther(alice, bob);
    });
  });
}

for (const lab of ["02-ws-vanilla", "03-wss", "04-trickle", "06-turn"]) {
  test(`${lab}: an offer that arrives while this tab is still making its own has crossed it too`, async ({ openPeer, room }) => {
    // Between createOffer and setLocalDescription the state still says "stable":
    // only the page's own flag can tell that an offer is on its way.
    const noTurnServer = lab === "06-turn" ? turnServerMissingOutsideCI() : undefined;
    test.skip(noTurnServer !== undefined, noTurnServer);
    const [alice, bob] = await twoInTheRoom(openPeer, `/${lab}/?room=${room}`);
    const peers = [alice, bob];

    await test.step("Alice clicks Connect; her offer is made, but held back before it is set", async () => {
      await alice.page.evaluate(() => {
        const createOffer = RTCPeerConnection.prototype.createOffer as (this: RTCPeerConnection) => Promise<RTCSessionDescriptionInit>;
        const released = new Promise<void>((resolve) => ((window as unknown as { releaseOffer: () => void }).releaseOffer = resolve));
        RTCPeerConnection.prototype.createOffer = async function (this: RTCPeerConnection) {
          const offer = await createOffer.call(this);
          await released;
          return offer;
        } as RTCPeerConnection["createOffer"]; // the promise form only: the one the labs use
      });
      await alice.page.getByRole("button", { name: "Connect" }).click();
      await expect(alice.page.locator("#state_signaling")).toHaveText("stable");
    });

    await test.step("Bob clicks Connect: his offer reaches Alice while she is still making hers", async () => {
      await bob.page.getByRole("button", { name: "Connect" }).click();
      await expect.poll(() => countFrames(alice.relayFrames, "received", "offer")).toBe(1);
      await expect(alice.page.locator("#error")).toContainText("the two offers crossed");
    });

    await test.step("Alice's offer is set and sent: both pages say the offers crossed, and nothing else", async () => {
      await alice.page.evaluate(() => (window as unknown as { releaseOffer: () => void }).releaseOffer());
      for (const peer of peers) {
        await expect(peer.page.locator("#state_signaling")).toHaveText("have-local-offer");
        await expect(peer.page.locator("#error")).toContainText("click Prepare in both tabs, then Connect in only one of them");
      }
      await expect.poll(() => countFrames(bob.relayFrames, "received", "offer")).toBe(1);
      await expect(bob.page.locator("#error")).toContainText("the two offers crossed");
      const shown = peers.flatMap((peer) => peer.errorsShown.map((text) => `${peer.name}: ${text}`));
      expect(shown.filter((text) => !text.includes("the two offers crossed")), "no other error, InvalidStateError included").toEqual([]);
    });
  });
}

/** Alice and Bob open `path` and click Prepare; both will show the crossed offers as an error. */
async function twoInTheRoom(openPeer: (name: string, path: string) => Promise<Peer>, path: string): Promise<[Peer, Peer]> {
  const alice = await openPeer("alice", path);
  const bob = await openPeer("bob", path);
  for (const peer of [alice, bob]) peer.allowErrorShown(); // the crossed offers
  for (const peer of [alice, bob]) await peer.page.getByRole("button", { name: "Prepare" }).click();
  for (const peer of [alice, bob]) await expect(peer.page.locator("#peers_in_room")).toHaveText("2 here");
  return [alice, bob];
}
