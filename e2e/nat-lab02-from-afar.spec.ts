/**
 * Lab 02 opened from another machine (issue 21, item 5): a browser in a home
 * network opens the lab pages on the testbed's internet side, over https as
 * always. Such a page may not open lab 02's plain ws:// relay at all (mixed
 * content: only localhost is let through), and the browser throws a
 * SecurityError. The page must say so in plain words and send the learner to
 * lab 03, whose wss:// works from there: following its link, Prepare joins the room.
 */
import { expect, requireTestbed, test } from "./support/nat.ts";
import { homeOf } from "./support/nat-matrix.ts";

requireTestbed();

test("lab 02 from a home network: the page says why ws:// is refused there and sends the learner to lab 03, which works from there", async ({
  openPeer,
  browserIn,
  room,
  testbed,
}) => {
  const alice = await openPeer("alice", `/02-ws-vanilla/?room=${room}`, { browser: browserIn(homeOf("a", "cone")) });
  alice.allowErrorShown();
  await alice.page.locator("#prepare").click();
  const error = alice.page.locator("#error");
  await expect(error).toContainText("may open only wss://");
  await expect(error).toContainText("the browser refused lab 02's plain ws:// relay at ws://203.0.113.1:3000");
  await expect(error).toContainText("SecurityError"); // the browser's own name for it, to search
  const lab03 = new URL(`03-wss/?room=${room}`, testbed.server!.labsUrl).href;
  await expect(error).toContainText(`use lab 03: the same relay over wss://, ${lab03}`);

  await test.step("the learner follows the advice: lab 03, from the same home network, joins the room", async () => {
    await alice.page.goto(lab03);
    await alice.page.locator("#prepare").click();
    await expect(alice.page.locator("#peers_in_room")).toHaveText("1 here", { timeout: 15_000 });
    await expect(alice.page.locator("#error")).toBeHidden();
  });
});
