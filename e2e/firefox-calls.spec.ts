/**
 * Chromium calls Firefox, and Firefox calls Chromium, in every lab: the other
 * browser is the one a learner's call most often meets. Each side must see the
 * other's own picture, moving: Chromium sees Firefox's fake camera (its colours
 * are at the very edge of the colour space, video.ts), Firefox sees the Chromium peer's colour.
 * Lab 04 is in firefox-differences.spec.ts (with what differs), lab 06 in firefox-turn.spec.ts.
 */
import { setTimeout } from "node:timers/promises";
import { copySdp } from "./support/copy-paste.ts";
import { expect, test, type LabPeer } from "./support/fixtures.ts";
import { requireFirefox } from "./support/firefox.ts";
import { LAB07, clickTogether, countCollisions, prepareBoth, withLogsOnFailure } from "./support/lab07.ts";
import { clickPrepareInAll, everyoneSeesEveryone } from "./support/mesh.ts";
import { expectMeshPanelShowsCodecs, expectPanelShowsCodecs } from "./support/stats.ts";
import { textOf } from "./support/tab.ts";
import { prepareAndConnect } from "./support/timing-call.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

requireFirefox();

const BROWSERS = ["chromium", "firefox"] as const;

for (const offerer of BROWSERS) {
  test(`01-copy-paste: ${offerer === "firefox" ? "Firefox's offer pasted into Chromium" : "Chromium's offer pasted into Firefox"}, and the answer back`, async ({ openPeer, openFirefoxPeer }) => {
    const alice = await openPeer("alice", "/01-copy-paste/");
    const firefox = await openFirefoxPeer("firefox", "/01-copy-paste/");
    const [caller, callee] = offerer === "firefox" ? [firefox, alice] : [alice, firefox];

    await test.step(`both click Prepare, ${caller.name} clicks Connect`, async () => {
      await caller.page.click("#prepare");
      await callee.page.click("#prepare");
      await caller.page.click("#connect");
    });
    await test.step(`${caller.name}'s offer is pasted into ${callee.name}'s tab`, () => copySdp(caller.page, callee.page));
    await test.step(`${callee.name}'s answer is pasted back into ${caller.name}'s tab`, () => copySdp(callee.page, caller.page));
    await test.step("each sees the other's camera, moving", () => expectEachSeesTheOther(alice, firefox));
  });
}

for (const lab of ["02-ws-vanilla", "03-wss"]) {
  for (const offerer of BROWSERS) {
    test(`${lab}: ${offerer === "firefox" ? "Firefox calls Chromium" : "Chromium calls Firefox"}, each sees the other's camera`, async ({ openPeer, openFirefoxPeer, room }) => {
      const alice = await openPeer("alice", `/${lab}/?room=${room}`);
      const firefox = await openFirefoxPeer("firefox", `/${lab}/?room=${room}`);
      const [caller, callee] = offerer === "firefox" ? [firefox, alice] : [alice, firefox];

      await test.step(`both click Prepare, ${caller.name} clicks Connect`, () => prepareAndConnect(caller.page, callee.page));
      await test.step("each sees the other's camera, moving", () => unlessAPageShowsAnError([alice, firefox], () => expectEachSeesTheOther(alice, firefox)));
      await test.step("each panel shows the codec getStats() says the call uses, one both browsers have", async () => {
        await expectPanelShowsCodecs(alice.page, firefox.page);
        await expectPanelShowsCodecs(firefox.page, alice.page);
      });
    });
  }
}

test("02-ws-vanilla: Chromium closes its tab; Firefox says the other peer left, with no uncaught error", async ({ openPeer, openFirefoxPeer, room }) => {
  // The panel must stop reading a closed connection's descriptions: Firefox throws (InvalidStateError), Chromium does not.
  const alice = await openPeer("alice", `/02-ws-vanilla/?room=${room}`);
  const firefox = await openFirefoxPeer("firefox", `/02-ws-vanilla/?room=${room}`);
  await prepareAndConnect(alice.page, firefox.page);
  await expectEachSeesTheOther(alice, firefox);

  await test.step("Alice closes her tab: Firefox's call ends, and its panel shows the connection closed", async () => {
    await alice.close();
    await expect.poll(() => textOf(firefox.page, "#notice")).toContain("The other peer left");
    await expect.poll(() => textOf(firefox.page, "#state_signaling")).toBe("closed");
  });
  expect(firefox.pageErrors).toEqual([]);
});

test("05-mesh: Chromium, Firefox and Chromium in one room each see the other two", async ({ openPeer, openFirefoxPeer, room }) => {
  test.setTimeout(90_000); // three browsers, six video streams, on a busy machine
  const peers = [
    await openPeer("alice", `/05-mesh/?room=${room}`),
    await openFirefoxPeer("firefox", `/05-mesh/?room=${room}`),
    await openPeer("bob", `/05-mesh/?room=${room}`),
  ];

  await test.step("all three click Prepare", async () => {
    await clickPrepareInAll(peers);
    for (const peer of peers) await expect.poll(() => textOf(peer.page, "#peers_in_room"), { timeout: 15_000 }).toBe("3 here");
  });
  await test.step("each sees the other two cameras, moving", () => everyoneSeesEveryone(peers));
  await test.step("each row of each panel shows the codecs getStats() says that connection uses", async () => {
    for (const peer of peers) await expectMeshPanelShowsCodecs(peer.page, peers.length);
  });
});

for (const polite of BROWSERS) {
  test(`07-perfect-negotiation: both click Connect, the offers collide, ${polite === "firefox" ? "Firefox" : "Chromium"} polite: one call, video both ways`, async ({ openPeer, openFirefoxPeer, room }) => {
    // Open, a Chromium 156 bug this test found: Chromium, polite, rolls its own offer back and answers
    // Firefox's, but the two transceivers lab 07 made with addTransceiver keep the header extension
    // ids of the offer rolled back (Chromium's numbering: id 3 = video-orientation), so its next offer,
    // which adds them, numbers them against Firefox's (id 3 = sdes:mid) and Chromium refuses it itself:
    // "A BUNDLE group contains a codec collision for header extension id=3". Firefox's camera never
    // shows. Seen in every run, and with the bare API (no lab code). The ways round it hit two more
    // Chromium bugs (lab 07's README): stop() those transceivers and add new ones, and the stopped ones
    // (mid null) are never removed, so negotiationneeded fires after every negotiation, for ever;
    // addTrack instead, and a polite tab that rolls back an offer on a sendrecv m-section stops
    // showing the video it receives there. When Chromium fixes the first, this test passes, and
    // test.fail says so.
    test.fail(polite === "chromium", "lab 07: Chromium polite refuses its own offer after a collision with Firefox (header extension ids kept from the offer rolled back)");
    // ?crossOffers=1: the relay holds the first offer until the other's comes, so the offers collide for sure.
    const alice = await openPeer("alice", `${LAB07}?room=${room}&crossOffers=1`);
    const firefox = await openFirefoxPeer("firefox", `${LAB07}?room=${room}&crossOffers=1`);
    // The first in the room is impolite: whoever is polite joins second, and rolls its own offer back on a collision.
    const [impolite, politePeer] = polite === "firefox" ? [alice, firefox] : [firefox, alice];

    await withLogsOnFailure({ alice: alice.page, firefox: firefox.page }, async () => {
      await prepareBoth(impolite.page, politePeer.page, { aJoinsFirst: true });
      expect(await textOf(politePeer.page, "#state_role")).toBe("polite");
      const collisionsSince = await countCollisions([alice.page, firefox.page]);

      await test.step("both click Connect: the relay crosses their offers", () => clickTogether([alice.page, firefox.page], "#connect"));
      await test.step("each sees the other's camera, moving", () => unlessAPageShowsAnError([alice, firefox], () => expectEachSeesTheOther(alice, firefox)));

      // The collision happened, and shows on both sides: the impolite peer ignored an offer, the polite one rolled its own back.
      expect(await collisionsSince()).toEqual({ ignored: 1, rolledBack: 1 });
      for (const peer of [alice, firefox]) await expect.poll(() => textOf(peer.page, "#state_signaling")).toBe("stable");
    });
  });
}

/**
 * Runs `check`, but fails as soon as one of `peers` shows an error on its page (fixtures.ts records
 * each): the video a check waits for will not come, and the error says why at once.
 */
async function unlessAPageShowsAnError(peers: readonly LabPeer[], check: () => Promise<void>): Promise<void> {
  let done = false;
  const errorShown = async (): Promise<void> => {
    while (!done) {
      const shown = peers.flatMap((peer) => peer.errorsShown.map((text) => `${peer.name}'s page: ${text}`));
      if (shown.length > 0) throw new Error(`an error was shown before the video came: ${shown.join("; ")}`);
      await setTimeout(100);
    }
  };
  try {
    await Promise.race([check(), errorShown()]);
  } finally {
    done = true;
  }
}
