import { existsSync } from "node:fs";
import { join } from "node:path";
import { BOT_LABS } from "../scripts/bot/options.ts";
import { labsDir } from "../scripts/labs.ts";
import { expect, test } from "./support/bot-fixtures.ts";

// Every lab the bot can join, that this clone has, says next to Prepare how to call it.
const labsWithTheBot = BOT_LABS.map((lab) => lab.lab).filter((lab) => existsSync(join(labsDir, lab)));

for (const lab of labsWithTheBot) {
  test(`lab ${lab}: the page shows the command that calls the bot into its room, and copies it`, async ({ openPeer, room }) => {
    const alice = await openPeer("alice", `/${lab}/?room=${room}`);
    const command = `npm run bot -- --lab ${lab} --room ${room}`;

    await test.step("next to Prepare: the exact command, this room filled in", async () => {
      await expect(alice.page.locator("#bot_command")).toHaveText(command);
      const hint = await alice.page.locator("#bot_hint").boundingBox();
      const prepare = await alice.page.locator("#prepare").boundingBox();
      expect(hint!.y - (prepare!.y + prepare!.height), "the hint sits just below Prepare").toBeLessThan(100);
    });

    await test.step("Copy puts it on the clipboard", async () => {
      await alice.page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
      await alice.page.locator("#bot_copy").click();
      await expect(alice.page.locator("#bot_copy")).toHaveText("Copied");
      expect(await alice.page.evaluate(() => navigator.clipboard.readText())).toBe(command);
    });
  });
}

test("a page without ?room= names the room it is in: the lab's own", async ({ openPeer }) => {
  const alice = await openPeer("alice", "/04-trickle/");
  await expect(alice.page.locator("#bot_command")).toHaveText("npm run bot -- --lab 04-trickle --room 04-trickle");
});
