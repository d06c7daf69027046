import { prepareAndConnectToTheBot, test } from "./support/bot-fixtures.ts";
import { requireFirefox } from "./support/firefox.ts";
import { expect, type LabPeer } from "./support/fixtures.ts";
import { valueOf } from "./support/tab.ts";
import { marksOf } from "./support/timing.ts";
import { expectSeesOwnPicture } from "./support/video.ts";

// Each test starts the bot (Node, tsx and werift: a second or two on an idle
// machine, far more when the machine is busy with browsers) and a browser per tab.
test.setTimeout(90_000);

// The same call from Chromium, then from Firefox: the bot is a third WebRTC implementation for either.
for (const browser of ["chromium", "firefox"] as const) {
  test.describe(browser, () => {
    if (browser === "firefox") requireFirefox();

    test(`lab 04: a ${browser === "firefox" ? "Firefox tab" : "tab"} calls the echo bot and sees its own camera come back, moving`, async ({
      openPeer,
      openFirefoxPeer,
      callBotAsShownOn,
      room,
    }) => {
      const path = `/04-trickle/?room=${room}`;
      const peer: LabPeer = browser === "firefox" ? await openFirefoxPeer("firefox", path) : await openPeer("alice", path);
      const bot = await callBotAsShownOn(peer); // the command next to Prepare, as a learner would copy it

      await prepareAndConnectToTheBot(peer);

      await test.step("the bot trickles: an answer without candidates, then each candidate on its own", async () => {
        await expect.poll(() => valueOf(peer.page, "#text_for_recv_sdp"), { timeout: 15_000 }).toMatch(/^v=0/);
        expect(await valueOf(peer.page, "#text_for_recv_sdp")).not.toMatch(/a=candidate:/);
        await expect.poll(() => marksOf(peer.page), { timeout: 15_000 }).toContain("remote-candidate-added");
      });

      await test.step(`${peer.name}'s remote video is its own camera, echoed by the bot`, async () => {
        await expectSeesOwnPicture(peer);
      });

      await test.step("the bot's packet counters rise both ways", () => bot.expectEchoing());
      // Before the bot hangs up: a Firefox page that hears its peer leave hits a known panel bug (firefox-calls.spec.ts).
      await test.step(`${peer.name} closes the tab`, () => peer.close());
    });
  });
}
