/**
 * The Firefox beside the Chromium peers: a stock Firefox (find-firefox.ts) driven
 * by puppeteer-core over WebDriver BiDi. Playwright 1.65 cannot drive it: its own
 * Firefox is a patched build it downloads, and its BiDi path sends a command
 * (emulation.setMediaFeaturesOverride) that Firefox 153 ESR does not know.
 * puppeteer-core stays on 24.x: 25 needs Node 22.12, the project runs on Node 20.
 *
 * One Firefox per worker (fixtures.ts), a browser context per peer, as the
 * Chromium peers share a browser per name.
 */
import { expect, test } from "@playwright/test";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { findFirefox, INSTALL_FIREFOX } from "./find-firefox.ts";
import type { Tab } from "./tab.ts";

/**
 * What a Firefox needs to be a lab peer on a machine with no camera and, in CI,
 * no network but loopback. Each one was needed, measured: without it the calls fail.
 */
export const FIREFOX_PREFS = {
  // A fake camera (a solid colour that drifts round the edge of the colour space:
  // video.ts tells it by that), granted without a prompt.
  "media.navigator.streams.fake": true,
  "media.navigator.permission.disabled": true,
  // The camera counts as allowed for every site. Firefox treats a page without that
  // permission as one that must not learn the machine's addresses: it gathers only the
  // address of the default route (there is none where loopback is the only interface,
  // so no candidate at all) and hides it behind a random `<uuid>.local` name.
  "permissions.default.camera": 1,
  "permissions.default.microphone": 1,
  // ICE may pair loopback addresses (Chromium's --allow-loopback-in-peer-connection).
  "media.peerconnection.ice.loopback": true,
};

let firefoxPath: string | null | undefined;

/** The Firefox found (once per process), null when there is none. */
function installedFirefox(): string | null {
  if (firefoxPath === undefined) firefoxPath = findFirefox() ?? null;
  return firefoxPath;
}

let toldWhy = false;

/**
 * For a spec that opens a Firefox peer: outside CI, without a Firefox it is skipped
 * (the reason printed once); in CI (CI=true, where .ci/run installs firefox-esr) a
 * missing Firefox is a failure.
 */
export function requireFirefox(): void {
  const installed = installedFirefox() !== null;
  const why = `Firefox is not installed: ${INSTALL_FIREFOX}.`;
  const skipped = !installed && !process.env.CI;
  test.skip(skipped, why);
  // The list reporter shows a skipped test as "-" without its reason: say it once, where it is seen.
  if (skipped && !toldWhy) {
    toldWhy = true;
    console.log(`Firefox specs skipped: ${why}`);
  }
  test.beforeEach(() => {
    expect(installed, `CI=true, so this is a failure, not a skip: ${why}`).toBe(true);
  });
}

/** Starts this worker's Firefox (a few seconds: each worker does it once, on first use). */
export async function launchFirefox({ headless }: { headless: boolean }): Promise<Browser> {
  const executablePath = installedFirefox();
  if (executablePath === null) throw new Error(`No Firefox found for the cross-browser tests: ${INSTALL_FIREFOX}.`);
  return puppeteer.launch({
    browser: "firefox",
    executablePath,
    headless,
    acceptInsecureCerts: true, // the local certificate, as ignoreHTTPSErrors for Chromium
    extraPrefsFirefox: FIREFOX_PREFS,
  });
}

/** A Firefox page as a Tab (tab.ts): what the shared helpers and video checks use. */
export function firefoxTab(page: Page): Tab {
  return {
    // puppeteer types its arguments through its handle types; the helpers pass plain values.
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) => page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg) as Promise<R>,
    click: (selector) => page.locator(selector).click(),
    url: () => page.url(),
  };
}
