/**
 * Which Chromium the tests drive: Playwright's own when it is installed, else
 * $CHROMIUM_PATH, else a system Chromium or Chrome in the usual places.
 * `undefined` means "Playwright's own", which needs no path.
 *
 * Headless, a system chromium-headless-shell comes first, as Playwright's own
 * choice does: the "old" headless Chromium, without the full browser's UI. It
 * costs a third of the CPU to open a lab page (measured: 0.9 s against 3 s of CPU
 * per tab, here), and the suite is CPU-bound. Its pages must be granted the
 * camera to gather host candidates (CAMERA_GRANTED in chromium.ts).
 */
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

const SYSTEM_HEADLESS_SHELLS = ["/usr/bin/chromium-headless-shell", "/usr/lib/chromium/chromium-headless-shell"];

const SYSTEM_PATHS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/snap/bin/chromium",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

export function findChromium({ headless = false, env = process.env }: { headless?: boolean; env?: NodeJS.ProcessEnv } = {}): string | undefined {
  if (playwrightChromiumIsInstalled()) return undefined;

  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but there is no file there.`);
  }

  const systemChromium = [...(headless ? SYSTEM_HEADLESS_SHELLS : []), ...SYSTEM_PATHS].find((path) => existsSync(path));
  if (systemChromium) return systemChromium;

  throw new Error(
    [
      "No Chromium found for the tests. Either:",
      "  - install Playwright's own:   npx playwright install chromium",
      "  - or point to one you have:   CHROMIUM_PATH=/path/to/chromium npm test",
      "    (on Debian/Ubuntu: sudo apt-get install chromium chromium-headless-shell)",
    ].join("\n"),
  );
}

/**
 * The file to run, for a wrapper that starts Chromium itself (in another network namespace):
 * findChromium's choice, or Playwright's own Chromium where findChromium leaves it to Playwright.
 */
export function chromiumExecutable({ headless = false }: { headless?: boolean } = {}): string {
  return findChromium({ headless }) ?? chromium.executablePath();
}

function playwrightChromiumIsInstalled(): boolean {
  try {
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}
