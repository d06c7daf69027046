/**
 * Fixtures that make a spec read like the learner's story: each test gets its own
 * room, and `openPeer` opens a lab page as one more person, in a Chromium of its
 * own whose fake camera plays that person's own picture (pictures.ts). The lab's
 * own getUserMedia still runs: only what the camera films differs. A remote video
 * can then be traced back to its sender (video.ts).
 */
import { randomUUID } from "node:crypto";
import { test as base, expect, type Browser, type Page } from "@playwright/test";
import { chromiumWithCamera } from "./chromium.ts";
import { cameraFileFor, colourDistance, colourOf, type Rgb } from "./pictures.ts";
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
}

interface WorkerFixtures {
  /**
   * The browser that films `name`'s picture, launched on first use and kept for the worker's
   * life: a launch costs more than a whole short test, and each test still gets fresh contexts.
   */
  cameraBrowser: (name: string) => Promise<Browser>;
}

interface LabFixtures {
  /** A room name no other test uses, so parallel tests never hear each other. */
  room: string;
  /** Opens `path` (e.g. "/02-ws-vanilla/?room=abc") as a new person called `name`. */
  openPeer: (name: string, path: string) => Promise<Peer>;
}

/** Two cameras closer than this could be mistaken for each other by video.ts. */
const MIN_COLOUR_DISTANCE = 100;

export const test = base.extend<LabFixtures, WorkerFixtures>({
  cameraBrowser: [
    async ({ playwright }, use) => {
      const browsers = new Map<string, Promise<Browser>>();
      await use((name) => {
        let browser = browsers.get(name);
        if (browser === undefined) {
          browser = playwright.chromium.launch(chromiumWithCamera(cameraFileFor(name)));
          browsers.set(name, browser);
          // A browser that failed to start or went away is launched afresh next time.
          browser.then((launched) => launched.on("disconnected", () => browsers.delete(name))).catch(() => browsers.delete(name));
        }
        return browser;
      });
      await Promise.all([...browsers.values()].map((browser) => browser.then((launched) => launched.close()).catch(() => {})));
    },
    { scope: "worker" },
  ],

  room: async ({}, use) => {
    await use(`t-${randomUUID().slice(0, 13)}`);
  },

  openPeer: async ({ cameraBrowser, baseURL, ignoreHTTPSErrors }, use, testInfo) => {
    const peers: Peer[] = [];
    const errorsAllowed = new Set<Peer>();
    await use(async (name, path) => {
      const colour = colourOf(name);
      const lookalike = peers.find((other) => colourDistance(other.colour, colour) < MIN_COLOUR_DISTANCE);
      if (lookalike) {
        throw new Error(`"${name}" and "${lookalike.name}" would film nearly the same colour: give one of them another name.`);
      }
      const context = await (await cameraBrowser(name)).newContext({ baseURL, ignoreHTTPSErrors });
      const page = await context.newPage();
      const peer: Peer = {
        name,
        page,
        pageErrors: [],
        errorsShown: [],
        allowErrorShown: () => errorsAllowed.add(peer),
        colour,
        everyone: peers,
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
    await Promise.all(peers.map((peer) => peer.page.context().close()));
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
