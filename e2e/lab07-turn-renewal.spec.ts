/**
 * Lab 07 through TURN, in a call that outlives its TURN credentials. A relayed call
 * goes on after they expire (coturn keeps its allocations), but an ICE restart
 * allocates anew, on both sides, and with expired credentials gets 401: no relay
 * candidate, no new path. So each page asks the relay for fresh credentials
 * (`turn-refresh`) before its own expire, and the restart relays on new allocations.
 * `?turnTtl=` (a test knob) makes the credentials live seconds instead of an hour; credentials
 * that come already expired are not asked for again and again; a page counts their lifetime
 * from when they came (`validForS`), whatever its own clock says.
 */
import { countFrames, type RelayFrame } from "./support/relay-traffic.ts";
import { LAB07, expect, prepareBoth, withLogsOnFailure } from "./support/lab07.ts";
import { test } from "./support/fixtures.ts";
import { requireTurnServer, selectedPair } from "./support/turn.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

requireTurnServer();

/** Long enough for Prepare and Connect on a busy machine; short enough to wait out. */
const TTL_S = 20;

/** When the credentials of the page's first `joined` notice expire (unix seconds). */
function firstExpiry(frames: RelayFrame[]): number {
  const joined = frames.find((frame) => frame.direction === "received" && frame.message.type === "joined");
  return (joined?.message.turn as { expiresAt: number }).expiresAt;
}

test("an ICE restart after the first TURN credentials expired relays on new allocations: the pages renewed them", async ({ openPeer, room }) => {
  test.setTimeout(180_000); // the credentials' lifetime is waited out
  // ?policy=relay: only relay candidates, so a restart without a new allocation has no path at all.
  const path = `${LAB07}?room=${room}&policy=relay&transport=udp&turnTtl=${TTL_S}`;
  const alice = await openPeer("alice", path);
  const bob = await openPeer("bob", path);
  const peers = [alice, bob];

  await withLogsOnFailure({ alice: alice.page, bob: bob.page }, async () => {
    await prepareBoth(alice.page, bob.page);
    await alice.page.locator("#connect").click();
    await expectEachSeesTheOther(alice, bob);
    const portsBefore = await Promise.all(peers.map(async (peer) => (await selectedPair(peer.page))?.local.port));

    await test.step("before their credentials expire, both pages get fresh ones from the relay", async () => {
      for (const peer of peers) {
        await expect(peer.page.locator("#log")).toContainText("fresh TURN credentials from the relay", { timeout: TTL_S * 1000 });
      }
    });

    await test.step("the first credentials expire; the call goes on (coturn keeps its allocations)", async () => {
      const expired = Math.max(...peers.map((peer) => firstExpiry(peer.relayFrames)));
      await expect.poll(() => Date.now() / 1000 > expired + 1, { timeout: (TTL_S + 10) * 1000 }).toBe(true);
      await expectEachSeesTheOther(alice, bob);
    });

    await test.step("Bob restarts ICE: both allocate anew (other relay ports), and each still sees the other", async () => {
      await bob.page.locator("#restart_ice").click();
      for (const [i, peer] of peers.entries()) {
        const local = async () => (await selectedPair(peer.page))?.local;
        await expect
          .poll(async () => ({ relay: (await local())?.candidateType === "relay", newPort: (await local())?.port !== portsBefore[i] }), {
            message: `${peer.name}'s selected pair on a new allocation`,
            timeout: 30_000,
          })
          .toEqual({ relay: true, newPort: true });
      }
      await expectEachSeesTheOther(alice, bob);
    });
  });
});

test("credentials that came already expired (?turnTtl=-60): the page says so, logs TURN's refusal (401), and does not ask the relay for new ones again and again", async ({ openPeer, room }) => {
  // It once asked at once on every answer, which came expired too: over a hundred requests a second.
  // Without ?policy=relay the call goes direct; the time it takes to connect is time a loop would have used.
  const path = `${LAB07}?room=${room}&turnTtl=-60`;
  const alice = await openPeer("alice", path);
  const bob = await openPeer("bob", path);
  await prepareBoth(alice.page, bob.page);
  await alice.page.locator("#connect").click();
  await expectEachSeesTheOther(alice, bob);
  for (const peer of [alice, bob]) {
    await expect(peer.page.locator("#state_turn")).toContainText("credentials expired");
    // What TURN answered is in the log, as in lab 06: it refused them.
    await expect(peer.page.locator("#log li.error")).toContainText([/icecandidateerror 401 from turn:/]);
    expect(countFrames(peer.relayFrames, "sent", "turn-refresh"), `${peer.name}'s requests for fresh credentials`).toBe(0);
  }
});

test("a page whose clock is two hours ahead of the relay's still renews its TURN credentials in time: it counts their lifetime, not the relay's clock", async ({ openPeer, room }) => {
  // The page once counted from its own clock to the relay's expiresAt: two hours ahead, credentials
  // an hour long looked expired on arrival and were never renewed (an ICE restart later got 401).
  const clockTwoHoursAhead = () => {
    const realNow = Date.now;
    Date.now = () => realNow() + 2 * 3600 * 1000;
  };
  const alice = await openPeer("alice", `${LAB07}?room=${room}&turnTtl=5`, { initScripts: [clockTwoHoursAhead] });
  await alice.page.locator("#prepare").click();
  // Valid for 5 s: renewed at four fifths of that, and the panel says they are valid.
  await expect(alice.page.locator("#state_turn")).toContainText("running, credentials until");
  await expect(alice.page.locator("#log")).toContainText("fresh TURN credentials from the relay", { timeout: 15_000 });
  expect(countFrames(alice.relayFrames, "sent", "turn-refresh")).toBeGreaterThan(0);
});
