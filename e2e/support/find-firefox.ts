/**
 * Which Firefox the cross-browser tests drive, found as find-chromium.ts finds
 * Chromium: $FIREFOX_PATH, else a system Firefox in the usual places. Playwright's
 * own Firefox is a patched build it downloads (not reachable from every network),
 * so a stock Firefox is driven by puppeteer-core over WebDriver BiDi (firefox.ts).
 */
import { existsSync } from "node:fs";

const SYSTEM_PATHS = [
  "/usr/bin/firefox-esr", // Debian's package (what .ci/run installs)
  "/usr/bin/firefox",
  "/usr/local/bin/firefox",
  "/snap/bin/firefox",
  "/Applications/Firefox.app/Contents/MacOS/firefox",
];

/** The one sentence a developer without Firefox reads: how to get one. */
export const INSTALL_FIREFOX =
  "install it (Debian/Ubuntu: sudo apt-get install firefox-esr; macOS: brew install --cask firefox) or point FIREFOX_PATH at yours";

/** The Firefox to drive, or undefined when there is none. */
export function findFirefox(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.FIREFOX_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`FIREFOX_PATH is set to ${fromEnv}, but there is no file there.`);
  }
  return SYSTEM_PATHS.find((path) => existsSync(path));
}
