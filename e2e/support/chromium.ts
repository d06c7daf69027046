/**
 * How every test launches Chromium: the same executable and flags for the
 * config's shared browser (playwright.config.ts) and for the browser of its own
 * that each peer gets (fixtures.ts), so the two never drift apart.
 */
import type { BrowserContextOptions, LaunchOptions } from "@playwright/test";
import { findChromium } from "./find-chromium.ts";

const LOOPBACK_CANDIDATES = "--allow-loopback-in-peer-connection";

const FLAGS = [
  // A fake camera, granted without a prompt (a moving test pattern unless a file is given).
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  // This machine's network is closed: keep Chromium from calling home and stalling.
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // ICE may pair loopback addresses (needed where loopback is the only interface).
  LOOPBACK_CANDIDATES,
  // Real host candidates instead of mDNS names: no multicast leaves the machine.
  "--disable-features=WebRtcHideLocalIpsWithMdns",
];

/**
 * What a context whose page films with the fake camera needs: the camera granted
 * up front. The fake UI already says yes to getUserMedia, but Chromium lets a page
 * gather ICE candidates on every interface (loopback included) only when the
 * camera or microphone permission is granted, and chromium-headless-shell grants
 * it only this way (without it, a call gathers no candidate at all).
 */
export const CAMERA_GRANTED: BrowserContextOptions = { permissions: ["camera", "microphone"] };

/** The launch options of the shared browser: every context plays Chromium's own test pattern. */
export function chromiumLaunchOptions({ headless = true }: { headless?: boolean } = {}): LaunchOptions {
  return { executablePath: findChromium({ headless }), args: [...FLAGS] };
}

/**
 * A browser whose fake camera plays `y4mFile` (over and over). One camera per
 * browser, not per context: that is why each peer needs a browser of its own.
 *
 * Headless, it draws its pages at half resolution: the layout is the same (CSS
 * pixels), but headless Chromium composites in software and, while a video plays,
 * redraws the whole window for every frame. Measured in a four-peer mesh: its
 * compositor went from 0.70 to 0.26 of a core. The video checks read the video's
 * own frames (video.ts), not the screen. With --headed the page stays full size.
 */
export function chromiumWithCamera(
  y4mFile: string,
  { headless, loopbackCandidates = true }: { headless: boolean; /** false where the browser has a network of its own (the NAT testbed). */ loopbackCandidates?: boolean },
): LaunchOptions {
  const options = chromiumLaunchOptions({ headless });
  const halfResolution = headless ? ["--force-device-scale-factor=0.5"] : [];
  const flags = options.args!.filter((flag) => loopbackCandidates || flag !== LOOPBACK_CANDIDATES);
  return { ...options, headless, args: [...flags, `--use-file-for-fake-video-capture=${y4mFile}`, ...halfResolution] };
}

/**
 * A browser like the peers', but whose permission prompts are answered "no":
 * getUserMedia fails as it does for a learner who refused the camera (NotAllowedError).
 */
export function chromiumRefusingCamera({ headless }: { headless: boolean }): LaunchOptions {
  // The full Chromium even when headless: chromium-headless-shell has no prompt to refuse, and
  // its getUserMedia fails as NotSupportedError, not as a learner's "no" (NotAllowedError).
  const options = chromiumLaunchOptions({ headless: false });
  const args = options.args!.filter((arg) => arg !== "--use-fake-ui-for-media-stream");
  return { ...options, headless, args: [...args, "--deny-permission-prompts"] };
}
