/**
 * Every lab that joins the relay (02-07) shows, in one line at the top of its state panel, the test
 * knobs its URL turned on, as the relay's `joined` notice lists them (so with the
 * values the relay clamped), in the reader's language (labs/shared/panel.ts,
 * showTestKnobs). A shared link that carries `&tamper=fingerprint` is then seen for
 * what it is. A page whose URL has no knob shows no such line.
 */
import { labFolders } from "../scripts/labs.ts";
import { expect, test } from "./support/fixtures.ts";
import { words } from "./support/languages.ts";

const LABS_WITH_A_RELAY = labFolders().filter((lab) => !lab.startsWith("01-"));

for (const lab of LABS_WITH_A_RELAY) {
  test(`${lab}: the panel lists the knobs the URL turned on, as the relay read them, in the page's language; no knobs, no line`, async ({ openPeer, room }) => {
    // delaySdpMs=99999: the relay clamps it to 10000, and the line says what the relay does, not what the URL asked.
    const knobs = "delaySdpMs=99999&tamper=fingerprint";
    const shown = "delaySdpMs=10000 tamper=fingerprint";
    const alice = await openPeer("alice", `/${lab}/?room=${room}-en&${knobs}`);
    const { page } = alice;
    /** Prepare: the page joins its room; the same handler of `joined` that shows the count shows the knobs. */
    const prepare = async (language: "en" | "ja") => {
      await page.locator("#prepare").click();
      await expect(page.locator("#peers_in_room")).toHaveText(words[language].page.here(1));
    };

    await test.step("in English", async () => {
      await prepare("en");
      // In the state panel, where the page shows what happens (and what the knobs change).
      await expect(page.locator("#panel #test_knobs")).toHaveText(words.en.panel.testKnobs(shown));
    });
    await test.step("in Japanese", async () => {
      await page.goto(`/${lab}/?room=${room}-ja&${knobs}&lang=ja`);
      await prepare("ja");
      await expect(page.locator("#panel #test_knobs")).toHaveText(words.ja.panel.testKnobs(shown));
    });
    await test.step("without knobs: no line", async () => {
      await page.goto(`/${lab}/?room=${room}-plain&lang=en`);
      await prepare("en");
      await expect(page.locator("#test_knobs")).toHaveCount(0);
    });
  });
}
