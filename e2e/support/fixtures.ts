/**
 * Fixtures that make a spec read like the learner's story: each test gets its own
 * room, and `openPeer` opens a lab page as one more person, in a Chromium whose
 * fake camera plays that person's own picture (pictures.ts): one camera per
 * browser, so one browser per name, and a fresh context per peer. The lab's own
 * getUserMedia still runs: only what the camera films differs. A remote video can
 * then be traced back to its sender (video.ts). `openFirefoxPeer` opens one more
 * person in this worker's Firefox (firefox.ts), whose fake camera films colours of its own.
 */
import { randomUUID } from "node:crypto";
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import type { Browser as PuppeteerBrowser, BrowserContext as PuppeteerContext } from "puppeteer-core";
import { CAMERA_GRANTED, chromiumLaunchOptions, chromiumRefusingCamera, chromiumWithCamera } from "./chromium.ts";
import { firefoxTab, launchFirefox } from "./firefox.ts";
import { cameraFileFor, colourDistance, colourOf, type Rgb } from "./pictures.ts";
import { RelayProcess } from "./relay-process.ts";
import { recordRelayTraffic, type RelayFrame } from "./relay-traffic.ts";
import type { Tab } from "./tab.ts";
import { attachTimelines } from "./timing.ts";

/** A person in a test, in either browser: what the video checks and the shared moves need. */
export interface LabPeer {
  name: string;
  browser: "chromium" | "firefox";
  page: Tab;
  /** Uncaught exceptions in the page: a lab must never have one. */
  pageErrors: string[];
  /** Every text the page's #error showed, in order (even if it was hidden again later). */
  errorsShown: string[];
  /** This test expects the page to show an error: teardown then does not fail on #error. */
  allowErrorShown(): void;
  /** The colour of this peer's camera picture; null for Firefox's fake camera (video.ts knows its colours). */
  colour: Rgb | null;
  /** Everyone opened in this peer's call so far (the whole test, unless it makes several), this peer included, in either browser: whose picture a video could be. */
  everyone: readonly LabPeer[];
  /** Closes the tab, as the learner would (the test's end closes every tab still open). */
  close(): Promise<void>;
}

/** A person in Chromium (openPeer): Playwright's whole Page, and what crossed the relay. */
export interface Peer extends LabPeer {
  browser: "chromium";
  page: Page;
  colour: Rgb;
  /** Every frame this page sent to or received from the relay, as seen on the wire (relay-traffic.ts). */
  relayFrames: RelayFrame[];
}

/** A person in Firefox (openFirefoxPeer). */
export interface FirefoxPeer extends LabPeer {
  browser: "firefox";
  colour: null;
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
  /** A browser that answers every permission prompt "no", so getUserMedia fails as a refused camera: once per worker, when asked for. */
  browserRefusingCamera: () => Promise<Browser>;
  /** This worker's Firefox (a few seconds to launch), shared by every Firefox peer of the worker. */
  firefox: PuppeteerBrowser;
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
  openPeer: OpenPeer;
  /** Opens `path` as a new person called `name`, in Firefox (a spec that uses it calls requireFirefox()). */
  openFirefoxPeer: (name: string, path: string, options?: Pick<PeerOptions, "initScripts">) => Promise<FirefoxPeer>;
  /** Everyone opened in this test, in either browser; checked, and closed, when it ends. */
  cast: Cast;
}

/** Opens `path` (e.g. "/02-ws-vanilla/?room=abc") as a new person called `name`. */
export type OpenPeer = (name: string, path: string, options?: PeerOptions) => Promise<Peer>;

export interface PeerOptions {
  /** The browser's language (navigator.languages, Accept-Language): "ja-JP" opens the lab in Japanese. */
  locale?: string;
  /** "refused": this person says no to the camera (the page's getUserMedia fails with NotAllowedError). */
  camera?: "refused";
  /**
   * The browser to open the page in; it must film `name`'s picture. Default: the
   * worker's browser filming `name`, on this machine's network (the NAT testbed
   * passes one that runs inside a home network: e2e/support/nat.ts).
   */
  browser?: Browser;
  /** More scripts to run in the page before the lab's own (e.g. one that watches its RTCPeerConnection), or their source text. */
  initScripts?: Array<(() => void) | string>;
  /**
   * The call this peer is in, when a test makes several side by side (each in its own room):
   * names must differ and colours be far apart only within a call, and a video is judged
   * among its peers (LabPeer.everyone). Default: the whole test is one call.
   */
  call?: string;
}

/** The people of one test, whichever browser each is in, in one or more calls. */
interface Cast {
  peers: LabPeer[];
  /**
   * Throws, before anything is opened, if `name` is taken or its colour is too close to
   * another peer's in the same call; else returns that call's peers, to join once opened.
   */
  admit(name: string, colour: Rgb | null, call?: string): LabPeer[];
  /** Registers a newly opened peer, in its call. */
  add(peer: LabPeer, call?: string): void;
  errorsAllowed: Set<LabPeer>;
}

/** The language every test's browser speaks unless it asks for another: the same on every machine, whatever its LANG. */
export const DEFAULT_LOCALE = "en-US";

/** Two cameras closer than this could be mistaken for each other by video.ts. */
const MIN_COLOUR_DISTANCE = 100;

export const test = base.extend<LabFixtures, WorkerFixtures>({
  // The shared browser (tests that open no lab peer, e.g. docs): Chromium's own fake camera,
  // headless or not as the run says (`--headed`), which picks the executable (find-chromium.ts).
  browser: [
    async ({ playwright, headless }, use) => {
      const browser = await playwright.chromium.launch({ ...chromiumLaunchOptions({ headless }), headless });
      await use(browser);
      await browser.close();
    },
    { scope: "worker" },
  ],

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

  browserRefusingCamera: [
    async ({ playwright, headless }, use) => {
      let browser: Promise<Browser> | undefined;
      await use(() => (browser ??= playwright.chromium.launch(chromiumRefusingCamera({ headless }))));
      await (await browser)?.close();
    },
    { scope: "worker" },
  ],

  firefox: [
    async ({ headless }, use) => {
      // Set up only for a test that opens a Firefox peer, then kept for the worker's
      // later ones; launching is the fixture's own time, not the first test's.
      const firefox = await launchFirefox({ headless });
      await use(firefox);
      await firefox.close();
    },
    { scope: "worker", timeout: 120_000 },
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

  cast: async ({}, use, testInfo) => {
    const peers: LabPeer[] = [];
    /** The peers of each call, by the name the test gave it ("" for the test's only call). */
    const calls = new Map<string, LabPeer[]>();
    const labels = new Map<LabPeer, string>();
    const callPeers = (call: string) => calls.get(call) ?? calls.set(call, []).get(call)!;
    const errorsAllowed = new Set<LabPeer>();
    await use({
      peers,
      errorsAllowed,
      admit(name, colour, call = "") {
        const others = callPeers(call);
        const where = call ? `call "${call}"` : "this test";
        // The same name twice first: it would also film the same colour, but that is not the mistake.
        if (others.some((other) => other.name === name)) throw new Error(`There is already a peer called "${name}" in ${where}.`);
        const lookalike = others.find((other) => other.colour && colour && colourDistance(other.colour, colour) < MIN_COLOUR_DISTANCE);
        if (lookalike) throw new Error(`"${name}" and "${lookalike.name}" would film nearly the same colour: give one of them another name.`);
        if (colour === null && others.some((other) => other.colour === null)) {
          throw new Error(`One Firefox peer per call: a second would film the same colours, and video.ts could not tell them apart (${where}).`);
        }
        return others;
      },
      add(peer, call = "") {
        callPeers(call).push(peer);
        peers.push(peer);
        labels.set(peer, call ? `${call}: ${peer.name}` : peer.name);
      },
    });

    // Every test's report shows each peer's timeline and the key durations (e2e/support/timing.ts).
    await attachTimelines(peers, testInfo);
    // What the checks at the end find: uncaught exceptions, and errors a page showed that the test did not expect.
    const uncaught = peers.flatMap((peer) => peer.pageErrors.map((error) => `${labels.get(peer)}: ${error}`));
    const shownUnexpectedly = peers
      .filter((peer) => !errorsAllowed.has(peer))
      .flatMap((peer) => peer.errorsShown.map((text) => `${labels.get(peer)}: ${text}`));
    // A failure explains itself: what each peer's state panel showed (also when the failure is one of those checks).
    if (testInfo.status !== testInfo.expectedStatus || uncaught.length > 0 || shownUnexpectedly.length > 0) {
      for (const peer of peers) {
        const shown = await peer.page
          .evaluate(() =>
            [...document.querySelectorAll<HTMLElement>("#error, #notice, #panel")].filter((element) => !element.hidden).map((element) => element.innerText),
          )
          .catch(() => ["(page closed)"]);
        await testInfo.attach(`${labels.get(peer)}: state panel`, { body: shown.join("\n\n"), contentType: "text/plain" });
      }
    }
    await Promise.all(peers.map((peer) => peer.close()));
    expect(uncaught).toEqual([]);
    expect(shownUnexpectedly, "errors shown on a page (a test that expects one calls peer.allowErrorShown())").toEqual([]);
  },

  openPeer: async ({ browserFilming, browserRefusingCamera, cast, baseURL, ignoreHTTPSErrors }, use) => {
    await use(async (name, path, { locale = DEFAULT_LOCALE, camera, browser, initScripts = [], call } = {}) => {
      const colour = colourOf(name);
      const callmates = cast.admit(name, colour, call);
      const openIn = browser ?? (await (camera === "refused" ? browserRefusingCamera() : browserFilming(name)));
      const context = await openIn.newContext({ baseURL, ignoreHTTPSErrors, locale, ...(camera === "refused" ? {} : CAMERA_GRANTED) });
      const page = await context.newPage();
      const peer: Peer = {
        name,
        browser: "chromium",
        page,
        pageErrors: [],
        errorsShown: [],
        allowErrorShown: () => cast.errorsAllowed.add(peer),
        colour,
        everyone: callmates,
        close: () => context.close(),
        relayFrames: recordRelayTraffic(page),
      };
      cast.add(peer, call);
      page.on("pageerror", (error) => peer.pageErrors.push(error.message));
      await page.exposeFunction("__labErrorShown", (text: string) => peer.errorsShown.push(text));
      await page.addInitScript(reportEveryErrorShown);
      await page.addInitScript(keepPeerConnections);
      for (const script of initScripts) await page.addInitScript(script);
      await page.goto(path);
      return peer;
    });
  },

  openFirefoxPeer: async ({ firefox, cast, baseURL }, use) => {
    await use(async (name, path, { initScripts = [] } = {}) => {
      const callmates = cast.admit(name, null);
      const context: PuppeteerContext = await firefox.createBrowserContext();
      const page = await context.newPage();
      const peer: FirefoxPeer = {
        name,
        browser: "firefox",
        page: firefoxTab(page),
        pageErrors: [],
        errorsShown: [],
        allowErrorShown: () => cast.errorsAllowed.add(peer),
        colour: null,
        everyone: callmates,
        close: once(() => context.close()),
      };
      cast.add(peer);
      page.on("pageerror", (error) => {
        const message = error instanceof Error ? error.message : String(error);
        if (!FIREFOX_ICE_FAILED_NOTICE.test(message)) peer.pageErrors.push(message);
      });
      await page.exposeFunction("__labErrorShown", (text: string) => peer.errorsShown.push(text));
      await page.evaluateOnNewDocument(reportEveryErrorShown);
      await page.evaluateOnNewDocument(keepPeerConnections);
      for (const script of initScripts) await page.evaluateOnNewDocument(script);
      await page.goto(new URL(path, baseURL).href);
      return peer;
    });
  },
});

/**
 * Firefox's own console error on every ICE failure ("WebRTC: ICE failed, see about:webrtc for more
 * details", or "… add a STUN server and see …"): its WebRTC code reports it as a script error, which
 * WebDriver BiDi passes on like an uncaught exception of the page. It is not the lab's.
 */
const FIREFOX_ICE_FAILED_NOTICE = /^WebRTC: ICE failed, (?:add a (?:STUN|TURN) server and )?see about:webrtc for more details$/;

/** `action`, run the first time only: the later calls get the first one's promise. */
function once(action: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= action());
}

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

/**
 * Runs in the page before the lab: keeps every RTCPeerConnection the lab makes
 * in window.labTestPeerConnections, so a test can ask its getStats() (the codec
 * in use, in either browser: stats.ts). The lab's own code is not changed.
 */
function keepPeerConnections(): void {
  const made: RTCPeerConnection[] = [];
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      made.push(this);
    }
  };
  (window as unknown as { labTestPeerConnections: RTCPeerConnection[] }).labTestPeerConnections = made;
}

export { expect };
