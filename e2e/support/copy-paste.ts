/**
 * Lab 01's one move, made by the learner's hands: copy one tab's
 * text_for_send_sdp into the other's text_for_recv_sdp, then Receive SDP.
 * In Chromium or Firefox (tab.ts).
 */
import { expect } from "@playwright/test";
import { fillIn, valueOf, type Tab } from "./tab.ts";
import { marksOf } from "./timing.ts";

export async function copySdp(from: Tab, to: Tab): Promise<void> {
  await expect.poll(() => valueOf(from, "#text_for_send_sdp")).toMatch(/^v=0/);
  await expectShownOnlyOnceGatheringCompleted(from);
  await fillIn(to, "#text_for_recv_sdp", await valueOf(from, "#text_for_send_sdp"));
  await to.click("#receive_sdp");
}

/**
 * Vanilla ICE: the SDP may be shown only when it holds every candidate. The
 * page's timeline says when it was first shown ("offer-sent"/"answer-sent")
 * and when gathering completed; the order is checked, not how fast the test read it.
 */
async function expectShownOnlyOnceGatheringCompleted(page: Tab): Promise<void> {
  await expect.poll(() => marksOf(page)).toContain("gathering-complete");
  const names = await marksOf(page);
  const shown = names.findIndex((name) => name === "offer-sent" || name === "answer-sent");
  expect(shown, "the SDP was shown only after ICE gathering completed").toBeGreaterThan(names.indexOf("gathering-complete"));
}
