import type { Page } from "@playwright/test";
import type { SelectedPair } from "../labs/06-turn/panel.ts";
import { expect as baseExpect, test } from "./support/bot-fixtures.ts";
import { requireTurnServer } from "./support/turn.ts";
import { expectSeesOwnPicture } from "./support/video.ts";

// Each test starts the bot (Node, tsx and werift: a second or two on an idle
// machine, far more when the machine is busy with browsers) and a Chromium per tab.
test.setTimeout(90_000);

// Node, werift and a browser share a busy machine (the bot gathers its candidates,
// here TURN allocations too): what the page shows may take longer than 5 s to appear.
const expect = baseExpect.configure({ timeout: 15_000 });

requireTurnServer();

test("lab 06: a tab and the echo bot, both on relay candidates only: the tab's own camera comes back through TURN", async ({ openPeer, callBotAsShownOn, room }) => {
  const alice = await openPeer("alice", `/06-turn/?room=${room}&policy=relay`);
  const bot = await callBotAsShownOn(alice, ["--policy", "relay"]); // the command next to Prepare, plus TURN only
  await expect.poll(() => bot.text, { message: "the bot takes the TURN server the relay handed out" }).toContain("TURN server from the relay: turn:");

  await test.step("Alice clicks Prepare, then Connect", async () => {
    await alice.page.locator("#prepare").click();
    await expect(alice.page.locator("#peers_in_room")).toHaveText("2 here");
    await alice.page.locator("#connect").click();
  });

  await test.step("Alice's remote video is her own camera, echoed by the bot", () => expectSeesOwnPicture(alice));

  await test.step("both ends use relay candidates: the media went through coturn", async () => {
    await expect.poll(() => selectedPair(alice.page)).toMatchObject({ local: { candidateType: "relay" }, remote: { candidateType: "relay" } });
    expect(bot.text).toMatch(/local candidate relay udp/);
  });

  await test.step("the bot's packet counters rise both ways", () => bot.expectEchoing());
});

function selectedPair(page: Page): Promise<SelectedPair | null> {
  return page.evaluate(() => window.labSelectedPair);
}
