/**
 * Lab 04 between Chromium and Firefox, once each way, and what differs between
 * the two browsers on the way: what lab 04's README teaches ("Chromium and
 * Firefox") is checked here, so the README cannot drift from the browsers.
 */
import type { FirefoxPeer, LabPeer, Peer } from "./support/fixtures.ts";
import { expect, test } from "./support/fixtures.ts";
import { requireFirefox } from "./support/firefox.ts";
import { codecsOffered, componentOf, sdpParts } from "./support/sdp.ts";
import { codecsInUse, videoCodecsOf } from "./support/stats.ts";
import { valueOf } from "./support/tab.ts";
import { prepareAndConnect } from "./support/timing-call.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

requireFirefox();

test("04-trickle: Firefox calls Chromium; its offer is shaped its own way, with RTCP candidates and real addresses", async ({ openPeer, openFirefoxPeer, room }) => {
  const { alice, firefox, offer, answer } = await callInLab04({ openPeer, openFirefoxPeer, room }, "firefox");

  await test.step("each names its maker in o=; Firefox puts its fingerprint at session level, Chromium in the m-section", () => {
    expect(sdpParts(offer).session[1]).toMatch(/^o=mozilla\.\.\.THIS_IS_SDPARTA-/);
    expect(sdpParts(answer).session[1]).toMatch(/^o=- \d+ /);
    expect(sdpParts(offer).session.filter((line) => line.startsWith("a=fingerprint:"))).toHaveLength(1);
    expect(sdpParts(answer).session.filter((line) => line.startsWith("a=fingerprint:"))).toHaveLength(0);
    expect(sdpParts(answer).media.filter((line) => line.startsWith("a=fingerprint:"))).toHaveLength(1);
  });

  await test.step("both bundle one video m-section over one transport with RTCP multiplexed", () => {
    for (const sdp of [offer, answer]) {
      expect(sdp.match(/^m=/gm)).toEqual(["m="]);
      expect(sdp).toMatch(/^a=group:BUNDLE 0\r?$/m);
      expect(sdp).toMatch(/^a=rtcp-mux\r?$/m);
    }
  });

  await test.step("the answer keeps the offer's payload type numbers; both send and receive the answer's first codec", async () => {
    expectAnswerKeepsNumbers(offer, answer);
    await expectBothUse(codecsOffered(answer)[0]!.name, alice, firefox);
  });

  await test.step("Firefox trickles RTCP candidates (component 2) too; Chromium, which requires rtcp-mux, only RTP ones", async () => {
    const fromFirefox = candidatesOnTheWire(alice, "received");
    const fromChromium = candidatesOnTheWire(alice, "sent");
    await note("candidates", `from Firefox:\n${fromFirefox.join("\n")}\n\nfrom Chromium:\n${fromChromium.join("\n")}`);
    expect(new Set(fromFirefox.map(componentOf))).toEqual(new Set([1, 2]));
    expect(new Set(fromChromium.map(componentOf))).toEqual(new Set([1]));
  });

  await test.step("no <uuid>.local names: a page allowed to use the camera shows real addresses, in both browsers", () => {
    for (const candidate of [...candidatesOnTheWire(alice, "received"), ...candidatesOnTheWire(alice, "sent")]) {
      expect(candidate.split(" ")[4], candidate).toMatch(/^(127\.0\.0\.1|::1)$/);
    }
  });

  await test.step("Firefox's camera films 640×480, but it starts by sending a smaller picture", async () => {
    const camera = await firefox.page.evaluate(() => (document.getElementById("local_video") as HTMLVideoElement).videoWidth);
    const received = await alice.page.evaluate(() => (document.getElementById("remote_video") as HTMLVideoElement).videoWidth);
    await note("widths", `Firefox's camera ${camera}, what Chromium receives ${received}`);
    expect(camera).toBe(640);
    expect(received).toBeLessThan(camera);
  });
});

test("04-trickle: Chromium calls Firefox; Firefox answers with the codecs it has, in Chromium's order and numbers", async ({ openPeer, openFirefoxPeer, room }) => {
  const { alice, firefox, offer, answer } = await callInLab04({ openPeer, openFirefoxPeer, room }, "chromium");

  await test.step("Firefox's answer lists exactly the offered codecs Firefox can send, in the offer's order", async () => {
    const offered = codecsOffered(offer).map((codec) => codec.name);
    const firefoxHas = await videoCodecsOf(firefox.page);
    const answered = codecsOffered(answer).map((codec) => codec.name);
    await note("codecs", `Chromium offers: ${offered.join(" ")}\nFirefox can send: ${firefoxHas.join(" ")}\nFirefox answers: ${answered.join(" ")}`);
    expect(new Set(answered)).toEqual(new Set(offered.filter((name) => firefoxHas.includes(name))));
    const inOfferOrder = offered.filter((name, i) => answered.includes(name) && offered.indexOf(name) === i);
    expect([...new Set(answered)]).toEqual(inOfferOrder);
  });

  await test.step("the answer keeps the offer's payload type numbers; both send and receive the answer's first codec", async () => {
    expectAnswerKeepsNumbers(offer, answer);
    await expectBothUse(codecsOffered(answer)[0]!.name, alice, firefox);
  });
});

/** Lab 04's call, `offerer` clicking Connect; both pages' SDP (offer, answer) once each sees the other, attached to the report. */
async function callInLab04(
  { openPeer, openFirefoxPeer, room }: { openPeer: (name: string, path: string) => Promise<Peer>; openFirefoxPeer: (name: string, path: string) => Promise<FirefoxPeer>; room: string },
  offerer: "chromium" | "firefox",
) {
  const alice = await openPeer("alice", `/04-trickle/?room=${room}`);
  const firefox = await openFirefoxPeer("firefox", `/04-trickle/?room=${room}`);
  const [caller, callee] = offerer === "firefox" ? [firefox, alice] : [alice, firefox];
  await test.step(`both click Prepare, ${caller.name} clicks Connect`, () => prepareAndConnect(caller.page, callee.page));
  await test.step("each sees the other's camera, moving", () => expectEachSeesTheOther(alice, firefox));
  const offer = await valueOf(caller.page, "#text_for_send_sdp");
  const answer = await valueOf(callee.page, "#text_for_send_sdp");
  await note(`${caller.name}'s offer`, offer);
  await note(`${callee.name}'s answer`, answer);
  return { alice, firefox, offer, answer };
}

/** A codec that is in both the offer and the answer has the same payload type in both: the answerer takes the offerer's numbers. */
function expectAnswerKeepsNumbers(offer: string, answer: string): void {
  const offered = codecsOffered(offer);
  for (const { payloadType, name } of codecsOffered(answer)) {
    expect(offered, `${name} ${payloadType} in the answer`).toContainEqual({ payloadType, name });
  }
}

/** Both pages send and receive `codec` (an rtpmap name, "VP8"), as their getStats() says. */
async function expectBothUse(codec: string, ...peers: LabPeer[]): Promise<void> {
  for (const peer of peers) {
    await expect.poll(() => codecsInUse(peer.page), { message: `${peer.name}'s codecs in getStats()` }).toEqual({ sending: `video/${codec}`, receiving: `video/${codec}` });
  }
}

/** The candidate lines `peer` sent or received through the relay, as they crossed the wire. */
function candidatesOnTheWire(peer: Peer, direction: "sent" | "received"): string[] {
  return peer.relayFrames.flatMap((frame) => {
    const ice = frame.direction === direction && frame.message.type === "candidate" ? (frame.message.ice as { candidate?: string } | null) : null;
    return ice?.candidate ? [ice.candidate] : [];
  });
}

/** Into the report: what the two browsers really sent, for a learner to read. */
async function note(name: string, text: string): Promise<void> {
  await test.info().attach(name, { body: text, contentType: "text/plain" });
}
