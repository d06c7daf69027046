import type { Page } from "@playwright/test";
import type { MarkName } from "../labs/shared/panel.ts";
import { expect, test } from "./support/fixtures.ts";
import { prepareAndConnect } from "./support/timing-call.ts";
import { marksOf } from "./support/timing.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

test("two peers trickle their candidates, Alice connects, both see the other's moving camera", async ({ openPeer, room }) => {
  const alice = await openPeer("alice", `/04-trickle/?room=${room}`);
  const bob = await openPeer("bob", `/04-trickle/?room=${room}`);

  await test.step("both click Prepare, Alice clicks Connect", () => prepareAndConnect(alice.page, bob.page));

  await test.step("the offer and the answer went through the relay, the candidates on their own", async () => {
    await expect(bob.page.locator("#text_for_recv_sdp")).toHaveValue(/^v=0/);
    await expect(alice.page.locator("#text_for_recv_sdp")).toHaveValue(/^v=0/);
    await expect(bob.page.locator("#text_for_recv_sdp")).not.toHaveValue(/a=candidate:/);
    await expect(alice.page.locator("#text_for_recv_sdp")).not.toHaveValue(/a=candidate:/);
    await expect.poll(() => marksOf(bob.page)).toContain("remote-candidate-added");
    await expect.poll(() => marksOf(alice.page)).toContain("remote-candidate-added");
  });

  await test.step("both see the other's camera, moving", async () => {
    await expectEachSeesTheOther(alice, bob);
  });
});

test("candidates that overtake the offer and the answer are queued, and the call still connects", async ({ openPeer, room }) => {
  // The relay holds each peer's offer and answer until that peer's next candidate has gone
  // ahead of it: the other side always gets a candidate first (server/chaos.ts).
  const alice = await openPeer("alice", `/04-trickle/?room=${room}&candidatesFirst=1`);
  const bob = await openPeer("bob", `/04-trickle/?room=${room}&candidatesFirst=1`);

  await test.step("both click Prepare, Alice clicks Connect", () => prepareAndConnect(alice.page, bob.page));

  await test.step("both see the other's camera, moving", async () => {
    await expectEachSeesTheOther(alice, bob);
  });

  await test.step("the candidates really arrived before the description they belong to", async () => {
    expect(await marksBefore(bob.page, "offer-received")).toContain("candidate-received");
    expect(await marksBefore(alice.page, "answer-received")).toContain("candidate-received");
  });

  await test.step("no candidate was refused on the way", async () => {
    await expect(alice.page.locator("#error")).toBeHidden();
    await expect(bob.page.locator("#error")).toBeHidden();
  });
});

/** The timeline up to the first `name` mark, which must be there. */
async function marksBefore(page: Page, name: MarkName): Promise<MarkName[]> {
  const marks = await marksOf(page);
  expect(marks, `${name} should be on the timeline`).toContain(name);
  return marks.slice(0, marks.indexOf(name));
}
