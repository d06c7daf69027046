/**
 * Lab calls across the NAT testbed (scripts/nat/testbed.ts): the worker builds
 * one testbed with every home network the matrix needs, and one browser per
 * home network and camera, launched inside that network. A cell is one call:
 * side a's browser in its home, side b's in another, the lab pages and coturn
 * on the internet side, and getStats() to read which pair ICE chose.
 */
import type { Browser, Page } from "@playwright/test";
import { SERVER_ADDRESS, TURN_PORT } from "../../scripts/nat/addresses.ts";
import { startTestbed, testbedUnavailable, type Testbed } from "../../scripts/nat/testbed.ts";
import { chromiumWithCamera } from "./chromium.ts";
import { CPU_ATTACHMENT } from "./nat-attachments.ts";
import { treeCpuMs } from "./process-cpu.ts";
import { expect, test as labTest, type Peer } from "./fixtures.ts";
import { agree, CELL_LABS, MATRIX_HOMES, stayedOnTurn, type Cell, type CellResult, type PairEnd } from "./nat-matrix.ts";
import { cameraFileFor } from "./pictures.ts";
import { prepareAndConnect } from "./timing-call.ts";
import { expectEachSeesTheOther } from "./video.ts";

/** coturn answers STUN too: lab 04 gets it as ?stun=, and lab 06 too, so both labs learn the same srflx candidates. */
export const TESTBED_STUN = `stun:${SERVER_ADDRESS}:${TURN_PORT}`;

/** The browser inside home network `home` (its camera films the picture of the person who sits there: MATRIX_HOMES). */
export type BrowserIn = (home: string) => Browser;

interface NatWorkerFixtures {
  testbed: Testbed;
  browserIn: BrowserIn;
}

interface NatTestFixtures {
  /** After each test: the CPU the worker and all it started (testbed, browsers) have used so far, for the report. */
  cpuSoFar: void;
}

export const test = labTest.extend<NatTestFixtures, NatWorkerFixtures>({
  cpuSoFar: [
    async ({}, use, testInfo) => {
      await use();
      await testInfo.attach(CPU_ATTACHMENT, { body: JSON.stringify({ cpuMs: treeCpuMs() }), contentType: "application/json" });
    },
    { auto: true },
  ],

  testbed: [
    async ({}, use) => {
      // Built pages, as the config's webServer serves them: each loads with less CPU (scripts/lab-servers.ts).
      const testbed = await startTestbed({ homes: MATRIX_HOMES, pagesServed: "built" });
      await use(testbed);
      await testbed.close();
    },
    // Building it: a second or two, the NAT checks, and `npm start` on the internet side.
    { scope: "worker", timeout: 180_000 },
  ],

  browserIn: [
    async ({ playwright, headless, testbed }, use) => {
      // All at once, before the first cell: every cell of the matrix needs two of them, and a launch
      // on a busy machine takes long enough to count against the worker's setup, not a cell's time.
      const browsers = new Map(
        await Promise.all(
          MATRIX_HOMES.map(async ({ name, person }) => {
            const options = chromiumWithCamera(cameraFileFor(person), { headless, loopbackCandidates: false });
            return [name, await playwright.chromium.launch({ ...options, executablePath: testbed.browserExecutable(testbed.home(name), { headless }) })] as const;
          }),
        ),
      );
      // One page of each lab the cells open, once: the testbed's Vite compiles a lab's modules on its
      // first request, and that belongs to no cell's time.
      const warmUp = await browsers.get(MATRIX_HOMES[0]!.name)!.newContext({ ignoreHTTPSErrors: true });
      for (const lab of Object.values(CELL_LABS)) await (await warmUp.newPage()).goto(new URL(`${lab}/`, testbed.server!.labsUrl).href);
      await warmUp.close();
      await use((home) => {
        const browser = browsers.get(home);
        if (!browser) throw new Error(`No browser in home network "${home}": the matrix has ${[...browsers.keys()].join(", ")}.`);
        return browser;
      });
      await Promise.all([...browsers.values()].map((browser) => browser.close()));
    },
    { scope: "worker", timeout: 120_000 },
  ],
});

export { expect };

let toldWhy = false;

/**
 * Outside CI, where the testbed cannot be built here, the file's tests are skipped
 * with the reason; in CI (CI=true) a missing capability is a failure.
 */
export function requireTestbed(): void {
  const why = testbedUnavailable();
  const skipped = why !== undefined && !process.env.CI;
  test.skip(skipped, why);
  // The list reporter shows a skipped test as "-" without its reason: say it once, where it is seen.
  if (skipped && !toldWhy) {
    toldWhy = true;
    console.log(`NAT specs skipped: ${why}`);
  }
  test.beforeEach(() => {
    expect(why, "CI=true, so this is a failure, not a skip").toBeUndefined();
  });
}

/**
 * Runs in the page before the lab: keeps the lab's RTCPeerConnection where the test
 * can read its state and stats (lab 04 shows them only on its panel). A Proxy, so the
 * lab's own `new RTCPeerConnection(...)` and instanceof behave exactly as before.
 */
export function watchPeerConnection(): void {
  let made: (pc: RTCPeerConnection) => void = () => {};
  (window as unknown as { labTestPeerConnection: Promise<RTCPeerConnection> }).labTestPeerConnection = new Promise((resolve) => (made = resolve));
  window.RTCPeerConnection = new Proxy(window.RTCPeerConnection, {
    construct(target, args, newTarget) {
      const pc = Reflect.construct(target, args, newTarget) as RTCPeerConnection;
      made(pc);
      return pc;
    },
  });
}

/**
 * Resolves when the page's connection has connected (iceConnectionState connected or completed)
 * or failed (connectionState "failed", which the lab reports: before DTLS, that is ICE failing by
 * the W3C algorithm), on its own events, no timer. Chromium's iceConnectionState follows the older
 * algorithm: it often stays "disconnected" long after, so it is not waited for.
 */
export function iceOutcome(page: Page): Promise<{ state: "connected" | "failed"; at: number }> {
  return page.evaluate(async () => {
    const pc = await (window as unknown as { labTestPeerConnection: Promise<RTCPeerConnection> }).labTestPeerConnection;
    return new Promise<{ state: "connected" | "failed"; at: number }>((resolve) => {
      const check = () => {
        if (pc.iceConnectionState === "connected" || pc.iceConnectionState === "completed") resolve({ state: "connected", at: performance.now() });
        if (pc.connectionState === "failed") resolve({ state: "failed", at: performance.now() });
      };
      pc.addEventListener("iceconnectionstatechange", check);
      pc.addEventListener("connectionstatechange", check);
      check();
    });
  });
}

type PairReading = { local: PairEnd; remote: PairEnd } | null;

/**
 * How long both ends may take to select the same pair once the video flows: libwebrtc checks a
 * writable pair every 2.5 s (its strong-connectivity interval), so a better pair that opened
 * late takes a few of those to win; a busy machine slows the checks down.
 */
const ICE_SETTLES_MS = 20_000;

/** A candidate pair of the lab's connection, as getStats() reports it: its ends, whether ICE selected it, and how its checks went. */
interface PairFromStats {
  local: PairEnd;
  remote: PairEnd;
  selected: boolean;
  state: string;
  nominated: boolean;
  requestsSent: number;
  responsesReceived: number;
  requestsReceived: number;
  bytesSent: number;
  bytesReceived: number;
}

/** Every candidate pair of the lab's connection, from getStats(). */
function candidatePairsFromStats(page: Page): Promise<PairFromStats[]> {
  return page.evaluate(async () => {
    const pc = await (window as unknown as { labTestPeerConnection: Promise<RTCPeerConnection> }).labTestPeerConnection;
    const stats = await pc.getStats();
    const reports = [...stats.values()] as Array<Record<string, string | number | boolean | undefined>>;
    const selectedId = reports.find((report) => report.type === "transport" && report.selectedCandidatePairId)?.selectedCandidatePairId;
    const end = (id: string) => {
      const { candidateType, protocol, relayProtocol, address, port } = stats.get(id);
      return { candidateType, protocol, relayProtocol, address, port };
    };
    return reports
      .filter((report) => report.type === "candidate-pair")
      .map((pair) => ({
        local: end(pair.localCandidateId as string),
        remote: end(pair.remoteCandidateId as string),
        selected: pair.id === selectedId,
        state: String(pair.state),
        nominated: pair.nominated === true,
        requestsSent: Number(pair.requestsSent ?? 0),
        responsesReceived: Number(pair.responsesReceived ?? 0),
        requestsReceived: Number(pair.requestsReceived ?? 0),
        bytesSent: Number(pair.bytesSent ?? 0),
        bytesReceived: Number(pair.bytesReceived ?? 0),
      }));
  });
}

/** Both ends of the pair ICE selected, from getStats() on the lab's connection; null while there is none. */
export async function selectedPairFromStats(page: Page): Promise<PairReading> {
  const selected = (await candidatePairsFromStats(page)).find((pair) => pair.selected);
  return selected ? { local: selected.local, remote: selected.remote } : null;
}

/** Each candidate pair of a connection, one line each: its ends, state, nomination and checks. */
function describeCandidatePairs(pairs: PairFromStats[]): string {
  return pairs
    .map(
      (pair) =>
        `${pair.selected ? "selected " : ""}${describePair(pair)}: ${pair.state}${pair.nominated ? ", nominated" : ""}, ` +
        `requests ${pair.requestsSent}/${pair.responsesReceived} answered, their requests ${pair.requestsReceived}, ` +
        `bytes ${pair.bytesSent} sent / ${pair.bytesReceived} received`,
    )
    .join("\n");
}

/** performance.now() of a mark on the page's timeline (window.labTiming). */
function markAt(page: Page, name: string): Promise<number | undefined> {
  return page.evaluate((wanted) => window.labTiming.find((mark) => mark.name === wanted)?.at, name);
}

/** A cell's result before the call: filled in as the call goes, so that even a call that went wrong is reported. */
export function resultBeforeCall(cell: Cell): CellResult {
  const { a, b, turn, expected } = cell;
  return { a, b, turn, expected, connected: false, local: null, remote: null, relayProtocol: null, firstFrameMs: null, protocol: null, bLocal: null, bRemote: null, failedAfterMs: null, directAnswered: null };
}

/**
 * One cell's call: both Prepare, Alice (side a) clicks Connect; then ICE either
 * connects, and each must see the other's own camera, or fails. Fills in `result`.
 */
export async function callAcross(alice: Peer, bob: Peer, result: CellResult): Promise<void> {
  await prepareAndConnect(alice.page, bob.page);
  const [aOutcome, bOutcome] = await Promise.all([iceOutcome(alice.page), iceOutcome(bob.page)]);
  const connectClicked = await markAt(alice.page, "connect-clicked");
  result.connected = aOutcome.state === "connected" && bOutcome.state === "connected";
  if (aOutcome.state === "failed" && connectClicked !== undefined) result.failedAfterMs = Math.round(aOutcome.at - connectClicked);
  if (!result.connected) return;

  await expectEachSeesTheOther(alice, bob);

  // Both ends agree on the pair: what a sees as remote is b's own local candidate, and back. Each
  // side selects its own, and both may first settle on the only pair that answered yet (a relay)
  // before the direct one opens; ICE usually moves both to the better pair, so read until they
  // agree, and, where a direct path exists, until neither end relays.
  const record = ([a, b]: PairReading[]) => {
    Object.assign(result, {
      local: a?.local.candidateType ?? null,
      remote: a?.remote.candidateType ?? null,
      relayProtocol: a?.local.relayProtocol ?? b?.local.relayProtocol ?? null,
      protocol: a?.local.protocol ?? null,
      bLocal: b?.local.candidateType ?? null,
      bRemote: b?.remote.candidateType ?? null,
    });
    const pairs = `alice: ${describePair(a)}; bob: ${describePair(b)}`;
    if (!(a && b && agree(a.remote, b.local) && agree(b.remote, a.local))) return pairs;
    const relaying = a.local.candidateType === "relay" || b.local.candidateType === "relay";
    return result.expected === "direct" && relaying ? `the same pair, through TURN: ${pairs}` : "the same pair";
  };
  // The poll's failure, kept: whether it counts depends on the pairs read below.
  const unsettled = await expect
    .poll(async () => record(await Promise.all([selectedPairFromStats(alice.page), selectedPairFromStats(bob.page)])), {
      message: `both ends report the same selected pair${result.expected === "direct" ? ", a direct one" : ""}`,
      intervals: [250],
      timeout: ICE_SETTLES_MS,
    })
    .toBe("the same pair")
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  const pairs = await Promise.all([alice, bob].map((peer) => candidatePairsFromStats(peer.page)));
  result.directAnswered = pairs.flat().some(isAnsweredDirectPair);
  if (unsettled !== undefined) {
    // Why they disagree, or stay on TURN: every pair each side tried, its state, and how its checks went.
    for (const [i, peer] of [alice, bob].entries()) {
      await test.info().attach(`${peer.name}: candidate pairs`, { body: describeCandidatePairs(pairs[i]!), contentType: "text/plain" });
    }
    // With TURN offered, the browsers may stay on the relay pair that answered first: accepted
    // only where a direct pair answered too (stayedOnTurn), and the report says so.
    if (!stayedOnTurn(result)) throw unsettled;
  }
  const firstFrame = await markAt(alice.page, "first-remote-frame");
  if (firstFrame !== undefined && connectClicked !== undefined) result.firstFrameMs = Math.round(firstFrame - connectClicked);
}

/** A pair with neither end on the TURN server whose own checks were answered: a direct path between the two networks. */
function isAnsweredDirectPair(pair: PairFromStats): boolean {
  const relayed = pair.local.candidateType === "relay" || pair.remote.candidateType === "relay" || pair.remote.address === SERVER_ADDRESS;
  return !relayed && pair.responsesReceived > 0;
}

function describePair(pair: PairReading): string {
  const end = (end: PairEnd) => `${end.candidateType} ${end.protocol} ${end.address}:${end.port}${end.relayProtocol ? ` (${end.relayProtocol})` : ""}`;
  return pair ? `${end(pair.local)} → ${end(pair.remote)}` : "none";
}
