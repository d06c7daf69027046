/**
 * Mobility across the NAT testbed (issue 21, item 6): lab 07 mid-call, one home
 * network moves to a new public address, as a phone going from Wi-Fi to mobile
 * data, and its NAT forgets every mapping it kept. The pair ICE had selected is
 * dead both ways: the other browser still sends to the old address, and the other
 * home's NAT lets nothing in from the new one. Nobody clicks anything: lab 07
 * must restart ICE by itself (new candidates, the new address among them) and the
 * call must come back, each side seeing the other's own camera. Then the same
 * with the relay down during the move, back only after it.
 *
 * The lab's relay is this test's own, on the internet side (started through the
 * testbed's nsenter), so that it can be killed and started again on its ports.
 */
import type { Page } from "@playwright/test";
import { SERVER_ADDRESS } from "../scripts/nat/addresses.ts";
import type { Peer } from "./support/fixtures.ts";
import { LAB07, logLines, prepareBoth } from "./support/lab07.ts";
import { expect, requireTestbed, selectedPairFromStats, test, TESTBED_STUN, watchPeerConnection } from "./support/nat.ts";
import { homeOf, PEOPLE } from "./support/nat-matrix.ts";
import { RelayProcess } from "./support/relay-process.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

requireTestbed();

/** The relay's ports on the internet side: the testbed's own `npm start` has 3000 and 3001 there. */
const RELAY_PORTS = { wsPort: 3100, wssPort: 3101 };
/**
 * How often the relay pings its sockets (RELAY_HEARTBEAT_MS): it lets go of Alice's old one, which no
 * pong comes back on after her move, within two of these. Its default (30 s) would make the test wait as long.
 */
const RELAY_HEARTBEAT_MS = 10_000;
/** The home that moves (side a, Alice's), and the one that stays (side b, Bob's): both port-restricted cones. */
const MOVING = homeOf("a", "cone");
const STAYING = homeOf("b", "cone");

/**
 * How long the call may take to come back, from the move to "connected" again. The move breaks
 * Alice's WebSocket too; she rejoins once the relay has let go of her old socket (its heartbeat:
 * RELAY_HEARTBEAT_MS), and lab 07 restarts ICE when it is back in the room. (Chromium leaves iceConnectionState at
 * "disconnected" here, its connectionState goes "failed": lab 07's restart on an ICE "failed" never
 * fires.) A wait on the page's own events, never a duration checked.
 */
const RECOVERY_WAIT_MS = 120_000;

const relays: RelayProcess[] = [];
test.afterEach(async ({}, testInfo) => {
  for (const relay of relays.splice(0)) {
    await relay.stop("SIGKILL");
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach("relay output", { body: relay.output.join(""), contentType: "text/plain" });
  }
});

test("lab 07 across two cones: a home gets a new public address mid-call; ICE restarts by itself, also with the relay down during the move", async ({
  testbed,
  openPeer,
  browserIn,
  room,
}) => {
  test.setTimeout(240_000); // two recoveries, each waiting for the relay to let go of the old socket; a wait, never a duration checked
  const startRelay = async () => {
    const relay = await RelayProcess.start({
      ...RELAY_PORTS,
      heartbeatMs: RELAY_HEARTBEAT_MS,
      inside: testbed.onTheInternet(),
      env: { RELAY_HOST: SERVER_ADDRESS, RELAY_ALLOWED_ORIGINS: testbed.server!.labsUrl.replace(/\/$/, "") },
    });
    relays.push(relay);
    return relay;
  };
  let relay = await startRelay();
  const path = `${LAB07}?room=${room}&stun=${TESTBED_STUN}&relay=wss://${SERVER_ADDRESS}:${RELAY_PORTS.wssPort}/`;
  const open = (side: "a" | "b", home: string) => openPeer(PEOPLE[side], path, { browser: browserIn(home), initScripts: [watchPeerConnection] });
  const alice = await open("a", MOVING);
  const bob = await open("b", STAYING);
  // Alice's move breaks her WebSocket too (a TCP connection from an address that is gone). She rejoins at
  // once, but the relay still holds her old socket until its heartbeat gives up on it: meanwhile the
  // room is full (her old self and Bob), which her page shows while it retries. That one error, no other.
  alice.allowErrorShown();

  await prepareBoth(alice.page, bob.page);
  await test.step("Alice clicks Connect: a direct call between the two cones", async () => {
    await alice.page.locator("#connect").click();
    await expectEachSeesTheOther(alice, bob);
    await expectPathThrough(bob, testbed.home(MOVING).router!.wan);
  });

  await test.step("Alice's home moves to a new public address: the call recovers by itself", async () => {
    const address = await testbed.moveHome(MOVING);
    await expectRecovery(alice, bob, address);
  });

  await test.step("the relay goes down, then Alice's home moves again, then the relay comes back: the call recovers", async () => {
    await relay.stop("SIGKILL");
    for (const page of [alice.page, bob.page]) await expect(page.locator("#relay_status")).toContainText("reconnecting");
    const address = await testbed.moveHome(MOVING);
    // Both sides notice the dead pair before the relay is back (the video stops), so the restart has to wait for it.
    await Promise.all([alice, bob].map((peer) => iceLeftConnected(peer.page)));
    relay = await startRelay();
    await expectRecovery(alice, bob, address);
  });
  expect(alice.errorsShown.filter((text) => !text.endsWith("(room-full)")), "errors on Alice's page besides the room her old socket filled").toEqual([]);
});

/** No click: ICE goes away from "connected", the lab restarts it on its own, and the call is back over Alice's new address. */
async function expectRecovery(alice: Peer, bob: Peer, address: string): Promise<void> {
  const before = { alice: await logLines(alice.page), bob: await logLines(bob.page) };
  await Promise.all([alice, bob].map((peer) => iceLeftConnected(peer.page)));
  await Promise.all([alice, bob].map((peer) => iceConnectedAgain(peer.page)));
  await expectEachSeesTheOther(alice, bob);
  await expectPathThrough(bob, address);
  // The lab said why it restarted ICE: it was the lab, not a click (this test clicks nothing after Connect).
  const since = async (peer: Peer, earlier: string[]) => (await logLines(peer.page)).slice(earlier.length);
  const lines = { alice: await since(alice, before.alice), bob: await since(bob, before.bob) };
  test.info().annotations.push({ type: "log since the move", description: JSON.stringify(lines, null, 1) });
  const restarts = [...lines.alice, ...lines.bob].filter((line) => line.startsWith("ICE restart ("));
  expect(restarts, "the lab restarted ICE by itself").not.toEqual([]);
}

/** Bob's selected pair reaches Alice at `address`, her home's public address (her srflx, or prflx learned from her packets). */
async function expectPathThrough(bob: Peer, address: string): Promise<void> {
  await expect
    .poll(async () => (await selectedPairFromStats(bob.page))?.remote.address, { message: "Bob's selected pair goes to Alice's public address", timeout: 20_000 })
    .toBe(address);
}

const CONNECTED: RTCIceConnectionState[] = ["connected", "completed"];

/** Resolves once the page's connection is no longer connected (ICE noticed the dead pair). */
function iceLeftConnected(page: Page): Promise<void> {
  return iceStateIs(page, ["new", "checking", "disconnected", "failed"]);
}

function iceConnectedAgain(page: Page): Promise<void> {
  return iceStateIs(page, CONNECTED);
}

/** Resolves when the lab's connection's iceConnectionState is one of `states`: now, or on its own events. */
async function iceStateIs(page: Page, states: RTCIceConnectionState[]): Promise<void> {
  const waiting = page.evaluate(async (wanted) => {
    const pc = await (window as unknown as { labTestPeerConnection: Promise<RTCPeerConnection> }).labTestPeerConnection;
    await new Promise<void>((resolve) => {
      const check = () => wanted.includes(pc.iceConnectionState) && resolve();
      pc.addEventListener("iceconnectionstatechange", check);
      check();
    });
  }, states);
  let timer: NodeJS.Timeout | undefined;
  const givingUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`iceConnectionState did not become ${states.join(" or ")} within ${RECOVERY_WAIT_MS / 1000} s`)), RECOVERY_WAIT_MS);
  });
  await Promise.race([waiting, givingUp]).finally(() => clearTimeout(timer));
}
