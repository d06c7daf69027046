/**
 * Fixtures that make a spec read like the learner's story: each test gets its own
 * room, and `openPeer` opens a lab page as one more person, in a Chromium whose
 * fake camera plays that person's own picture (pictures.ts): one camera per
 * browser, so one browser per name, and a fresh context per peer. The lab's own
 * getUserMedia still runs: only what the camera films differs. A remote video can
 * then be traced back to its sender (video.ts).
 */
import { randomUUID } from "node:crypto";
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { chromiumWithCamera } from "./chromium.ts";
import { cameraFileFor, colourDistance, colourOf, type Rgb } from "./pictures.ts";
import { RelayProcess } from "./relay-process.ts";
import { recordRelayTraffic, type RelayFrame } from "./relay-traffic.ts";
import { attachTimelines } from "./timing.ts";

export interface Peer {
  name: string;
  page: Page;
  /** Uncaught exceptions in the page: a lab must never have one. */
  pageErrors: string[];
  /** Every text the page's #error showed, in order (even if it was hidden again later). */
  errorsShown: string[];
  /** This test expects the page to show an error: teardown then does not fail on #error. */
  allowErrorShown(): void;
  /** The colour of this peer's camera picture. */
  colour: Rgb;
  /** Everyone opened in this test so far, this peer included: whose picture a video could be. */
  everyone: readonly Peer[];
  /** Every frame this page sent to or received from the relay, as seen on the wire (relay-traffic.ts). */
  relayFrames: RelayFrame[];
}

/**
 * Every worker-scoped fixture of the suite is declared here, even those only the
 * relay or docs specs use (a worker fixture is set up only when a test asks for
 * it). Playwright starts a new worker process, with new browsers, whenever the
 * next file needs a different set of worker fixtures; with one set, the two
 * workers run every file without a restart.
 */
interface WorkerFixtures {
  /** The browser whose camera films `name`'s picture: launched once per worker, shared by that name's peers. */
  browserFilming: (name: string) => Promise<Browser>;
  /** One relay process per worker, for the relay's own specs (relay-fixtures.ts), each test in its own room. */
  relay: RelayProcess;
  /**
   * A context for pages that only read (docs.spec.ts): each test opens its own page in it,
   * and mermaid, a few megabytes of JavaScript, is then fetched and compiled once per
   * worker rather than once per test (measured: 0.9 s cold, 0.1 s warm, to the first diagram).
   */
  readerContext: BrowserContext;
}

interface LabFixtures {
  /** A room name no other test uses, so parallel tests never hear each other. */
  room: string;
  /**
   * Opens `path` (e.g. "/02-ws-vanilla/?room=abc") as a new person called `name`, in the
   * browser filming `name`, or in `browser` (one the test launched elsewhere, e.g. in another network namespace).
   */
  openPeer: (name: string, path: string, options?: { browser?: Browser }) => Promise<Peer>;
}

/** Two cameras closer than this could be mistaken for each other by video.ts. */
const MIN_COLOUR_DISTANCE = 100;

export const test = base.extend<LabFixtures, WorkerFixtures>({
  browserFilming: [
    async ({ playwright, headless }, use) => {
      // A launch costs a second or two of CPU: each name's browser serves every test of
      // this worker, and each test still gets fresh contexts (nothing shared but the camera).
      const browsers = new Map<string, Promise<Browser>>();
      await use((name) => {
        if (!browsers.has(name)) browsers.set(name, playwright.chromium.launch(chromiumWithCamera(cameraFileFor(name), { headless })));
        return browsers.get(name)!;
      });
      await Promise.all([...browsers.values()].map(async (browser) => (await browser).close()));
    },
    { scope: "worker" },
  ],

  relay: [
    async ({}, use) => {
      const relay = await RelayProcess.start();
      await use(relay);
      await relay.stop();
    },
    { scope: "worker" },
  ],

  readerContext: [
    async ({ browser }, use, workerInfo) => {
      const { baseURL, ignoreHTTPSErrors } = workerInfo.project.use;
      const context = await browser.newContext({ baseURL, ignoreHTTPSErrors });
      await use(context);
      await context.close();
    },
    { scope: "worker" },
  ],

  room: async ({}, use) => {
    await use(`t-${randomUUID().slice(0, 13)}`);
  },

  openPeer: async ({ browserFilming, baseURL, ignoreHTTPSErrors }, use, testInfo) => {
    const peers: Peer[] = [];
    const contexts: BrowserContext[] = [];
    const errorsAllowed = new Set<Peer>();
    await use(async (name, path, options) => {
      // The same name twice first: it would also film the same colour, but that is not the mistake.
      if (peers.some((other) => other.name === name)) throw new Error(`There is already a peer called "${name}" in this test.`);
      const colour = colourOf(name);
      const lookalike = peers.find((other) => colourDistance(other.colour, colour) < MIN_COLOUR_DISTANCE);
      if (lookalike) {
        throw new Error(`"${name}" and "${lookalike.name}" would film nearly the same colour: give one of them another name.`);
      }
      const context = await (options?.browser ?? (await browserFilming(name))).newContext({ baseURL, ignoreHTTPSErrors });
      contexts.push(context);
      const page = await context.newPage();
      const peer: Peer = {
        name,
        page,
        pageErrors: [],
        errorsShown: [],
        allowErrorShown: () => errorsAllowed.add(peer),
        colour,
        everyone: peers,
        relayFrames: recordRelayTraffic(page),
      };
      page.on("pageerror", (error) => peer.pageErrors.push(error.message));
      await page.exposeFunction("__labErrorShown", (text: string) => peer.errorsShown.push(text));
      await page.addInitScript(reportEveryErrorShown);
      await page.goto(path);
      peers.push(peer);
      return peer;
    });

    // Every test's report shows each peer's timeline and the key durations (e2e/support/timing.ts).
    await attachTimelines(peers, testInfo);
    for (const peer of peers) {
      // A failure explains itself: what each peer's state panel showed.
      if (testInfo.status !== testInfo.expectedStatus && !peer.page.isClosed()) {
        const shown = await peer.page
          .locator("#error:visible, #notice:visible, #panel")
          .allInnerTexts()
          .catch(() => ["(page closed)"]);
        await testInfo.attach(`${peer.name}: state panel`, { body: shown.join("\n\n"), contentType: "text/plain" });
      }
    }
    await Promise.all(contexts.map((context) => context.close()));
    expect(peers.flatMap((peer) => peer.pageErrors.map((error) => `${peer.name}: ${error}`))).toEqual([]);
    const unexpected = peers.filter((peer) => !errorsAllowed.has(peer));
    expect(
      unexpected.flatMap((peer) => peer.errorsShown.map((text) => `${peer.name}: ${text}`)),
      "errors shown on a page (a test that expects one calls peer.allowErrorShown())",
    ).toEqual([]);
  },
});

/**
 * Runs in the page before the lab: tells the test each time #error is shown
 * (or its text changes while shown), so an error that is later cleared still counts.
 */
function reportEveryErrorShown(): void {
  const report = (text: string) => (window as unknown as { __labErrorShown: (text: string) => void }).__labErrorShown(text);
  addEventListener("DOMContentLoaded", () => {
    const error = document.getElementById("error");
    if (error === null) return;
    let last = "";
    const check = () => {
      const text = error.hidden ? "" : (error.textContent ?? "").trim();
      if (text !== "" && text !== last) report(text);
      last = text;
    };
    new MutationObserver(check).observe(error, { attributes: true, childList: true, characterData: true, subtree: true });
    check();
  });
}

export { expect };
