/**
 * The timeline each lab records is complete and in the order the protocol
 * dictates, and it shows the difference between vanilla and trickle ICE:
 * vanilla sends nothing before gathering completes, trickle sends at once.
 * Only the order of the marks is checked, never how long anything took.
 */
import type { MarkName } from "../labs/shared/panel.ts";
import { startBlackHoleStunServer } from "../scripts/compare/stun-servers.ts";
import { expect, test, type Peer } from "./support/fixtures.ts";
import { prepareAndConnect } from "./support/timing-call.ts";
import { readTimeline, type Timeline } from "./support/timing.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

/** The `expected` marks in the order they first happened on the page (missing ones left out). */
function inOrder(timeline: Timeline, expected: MarkName[]): MarkName[] {
  const firstIndex = (name: MarkName) => timeline.marks.findIndex((mark) => mark.name === name);
  return expected.filter((name) => firstIndex(name) >= 0).sort((a, b) => firstIndex(a) - firstIndex(b));
}

/** Whether `name` first happened before ICE gathering completed (or gathering has not completed yet). */
function whileGathering(timeline: Timeline, name: MarkName): boolean {
  const at = names(timeline).indexOf(name);
  const complete = names(timeline).indexOf("gathering-complete");
  return at >= 0 && (complete < 0 || at < complete);
}

/**
 * The first remote frame comes after the offer/answer exchange on both sides.
 * Its order against "connected" is not checked: Chromium delivers the
 * connectionstatechange event and the video frame callback through different
 * queues, and on a busy machine either is recorded first (seen in CI).
 */
function expectFirstFrameAfterTheExchange(alice: Timeline, bob: Timeline): void {
  expect(inOrder(alice, ["answer-received", "first-remote-frame"]), "Alice's first frame").toEqual(["answer-received", "first-remote-frame"]);
  expect(inOrder(bob, ["answer-sent", "first-remote-frame"]), "Bob's first frame").toEqual(["answer-sent", "first-remote-frame"]);
}

function names(timeline: Timeline): MarkName[] {
  return timeline.marks.map((mark) => mark.name);
}

/** Alice calls Bob on `path`, both see video; their timelines. */
async function call(openPeer: (name: string, path: string) => Promise<Peer>, path: string) {
  const [alice, bob] = await Promise.all([openPeer("alice", path), openPeer("bob", path)]);
  await test.step("both click Prepare, Alice clicks Connect", () => prepareAndConnect(alice.page, bob.page));
  await test.step("both see the other's camera, moving", () => expectEachSeesTheOther(alice, bob));
  return { alice: await readTimeline(alice.page, "alice"), bob: await readTimeline(bob.page, "bob") };
}

test("vanilla (lab 02): the timeline is complete and in order, and nothing is sent before gathering completes", async ({
  openPeer,
  room,
}) => {
  const { alice, bob } = await call(openPeer, `/02-ws-vanilla/?room=${room}`);

  const caller: MarkName[] = [
    "connect-clicked",
    "offer-created",
    "local-description-set",
    "candidate-gathered",
    "gathering-complete",
    "offer-sent",
    "answer-received",
    "ice-connected",
    "connected",
  ];
  expect(inOrder(alice, caller), "Alice's timeline").toEqual(caller);

  const callee: MarkName[] = [
    "offer-received",
    "answer-created",
    "local-description-set",
    "candidate-gathered",
    "gathering-complete",
    "answer-sent",
    "connected",
  ];
  expect(inOrder(bob, callee), "Bob's timeline").toEqual(callee);
  expectFirstFrameAfterTheExchange(alice, bob);

  // Vanilla: the candidates travel inside the SDP, never on their own.
  expect(names(alice)).not.toContain("candidate-sent");
  expect(names(bob)).not.toContain("candidate-sent");
});

test("trickle (lab 04): the offer and the first candidates go out before gathering completes", async ({ openPeer, room }) => {
  const { alice, bob } = await call(openPeer, `/04-trickle/?room=${room}`);

  const caller: MarkName[] = [
    "connect-clicked",
    "offer-created",
    "local-description-set",
    "offer-sent",
    "answer-received",
    "connected",
  ];
  expect(inOrder(alice, caller), "Alice's timeline").toEqual(caller);
  const callee: MarkName[] = ["offer-received", "answer-created", "local-description-set", "answer-sent", "connected"];
  expect(inOrder(bob, callee), "Bob's timeline").toEqual(callee);
  expectFirstFrameAfterTheExchange(alice, bob);

  expect(whileGathering(alice, "offer-sent"), "Alice sends her offer while still gathering").toBe(true);
  expect(whileGathering(alice, "candidate-sent"), "Alice's first candidate leaves while she still gathers").toBe(true);
  expect(whileGathering(bob, "answer-sent"), "Bob sends his answer while still gathering").toBe(true);
  expect(whileGathering(bob, "candidate-sent"), "Bob's first candidate leaves while he still gathers").toBe(true);
  // Each side used candidates that came on their own.
  expect(names(alice)).toContain("remote-candidate-added");
  expect(names(bob)).toContain("remote-candidate-added");
});

test("a timing call clicks Connect only once both tabs have finished Prepare, camera on", async ({ openPeer, room }) => {
  // Otherwise the offer waits in a tab whose camera is still starting, and trickle's head start with it.
  const path = `/04-trickle/?room=${room}`;
  const [alice, bob] = await Promise.all([openPeer("alice", path), openPeer("bob", path)]);
  await test.step("Bob's camera takes a second and a half to start, as on a loaded machine", () =>
    bob.page.evaluate(() => {
      const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        const stream = await getUserMedia(constraints);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        document.body.dataset.cameraOnAt = String(performance.timeOrigin + performance.now());
        return stream;
      };
    }),
  );
  await test.step("both click Prepare, Alice clicks Connect", () => prepareAndConnect(alice.page, bob.page));
  await test.step("both see the other's camera, moving", () => expectEachSeesTheOther(alice, bob));
  // Both moments on the machine's clock: each page's timeOrigin plus its own performance.now().
  const aliceTimeline = await readTimeline(alice.page, "alice");
  const connectAt = aliceTimeline.timeOrigin + aliceTimeline.marks.find((mark) => mark.name === "connect-clicked")!.at;
  const cameraOnAt = Number(await bob.page.locator("body").getAttribute("data-camera-on-at"));
  expect(connectAt, "Alice clicked Connect after Bob's camera was on").toBeGreaterThan(cameraOnAt);
});

test("trickle (lab 04) does not wait for a STUN server that never answers", async ({ openPeer, room }) => {
  // Vanilla would wait for Chromium's STUN timeout (about 40 s) before sending its offer: see `npm run compare`.
  const stun = await startBlackHoleStunServer();
  try {
    const { alice } = await call(openPeer, `/04-trickle/?room=${room}&stun=${stun.url}`);
    expect(stun.requests, "the browser asked the STUN server").toBeGreaterThan(0);
    expect(whileGathering(alice, "offer-sent"), "Alice sends her offer while still gathering").toBe(true);
    expect(whileGathering(alice, "candidate-sent"), "Alice's first candidate leaves while she still gathers").toBe(true);
  } finally {
    await stun.close();
  }
});
