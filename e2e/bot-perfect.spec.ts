import { botExpect as expect, prepareAndConnectToTheBot, test } from "./support/bot-fixtures.ts";
import { LAB07 } from "./support/lab07.ts";
import { expectRemoteVideoPlaying, expectSeesOwnPicture } from "./support/video.ts";

// Each test starts the bot (Node, tsx and werift: a second or two on an idle
// machine, far more when the machine is busy with browsers) and a Chromium per tab.
test.setTimeout(90_000);

test("lab 07: a tab calls the echo bot: its own camera comes back, and its chat is echoed", async ({ openPeer, callBot, room }) => {
  const alice = await openPeer("alice", `${LAB07}?room=${room}`);
  const bot = await callBot("07-perfect-negotiation");

  await prepareAndConnectToTheBot(alice);

  await test.step("Alice's remote video is her own camera, echoed by the bot", async () => {
    await expectSeesOwnPicture(alice);
  });

  await test.step("Alice's chat comes back with the bot's prefix", async () => {
    await expect(alice.page.locator("#chat_input")).toBeEnabled();
    await alice.page.locator("#chat_input").fill("hello, bot");
    await alice.page.locator("#chat_send").click();
    await expect(alice.page.locator("#chat_log")).toContainText("them: echo: hello, bot");
  });

  await test.step("the bot's counters rise: packets both ways, and the text it echoed", async () => {
    await bot.expectEchoing();
    await expect.poll(() => bot.counters().get("tab")).toMatchObject({ textsIn: 1, textsOut: 1 });
  });
});

test("lab 07: the call changes mid-way (a second video, an ICE restart) and the bot answers each new offer", async ({ openPeer, callBot, room }) => {
  const alice = await openPeer("alice", `${LAB07}?room=${room}`);
  const bot = await callBot("07-perfect-negotiation");

  await prepareAndConnectToTheBot(alice);
  await test.step("her camera comes back", () => expectSeesOwnPicture(alice));

  await test.step("Alice adds a second video: a new offer, answered; it comes back too", async () => {
    await alice.page.locator("#add_canvas").click();
    await expectRemoteVideoPlaying(alice.page, "remote_video_2"); // a canvas drawing, not a camera: no owner's colour to check
    await expect.poll(() => bot.text).toContain("offer received (renegotiation: the call changed)");
  });

  await test.step("Alice restarts ICE: the bot answers, and the echo goes on", async () => {
    await alice.page.locator("#restart_ice").click();
    await expect.poll(() => bot.text.match(/offer received \(renegotiation/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    await expectSeesOwnPicture(alice);
    await bot.expectEchoing();
  });
});
