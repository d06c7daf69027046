/**
 * The network conditions `npm run compare` (and the Playwright project `timing`:
 * no-stun, slow-stun and lossy-stun) measure vanilla and trickle ICE in. Each scenario
 * starts what it needs (a STUN server on 127.0.0.1 or nothing) and gives the
 * ?stun= values both lab pages get. To add one, add an entry to the list.
 */
import { formatMs, median } from "../../e2e/support/timing-report.ts";
import { startBlackHoleStunServer, startLossyStunServer, startSlowStunServer, type StunServer } from "./stun-servers.ts";

export interface RunningScenario {
  /** ?stun= values for both pages. */
  stun: string[];
  /** STUN Binding Requests the scenario's server received so far: proof the browsers used it (0 without one). */
  stunRequests(): number;
  /** What the scenario's server saw, in a sentence for the report ("" when there is nothing to say). */
  observed(): string;
  close(): Promise<void>;
}

/** Which of the two labs compared: vanilla ICE (lab 02 by default) or trickle ICE (lab 04). */
export type Role = "vanilla" | "trickle";

export interface Scenario {
  name: string;
  about: string;
  /** How long one call may take before it counts as failed. */
  timeoutMs: number;
  /**
   * The labs whose calls sit idle waiting on a timeout (no CPU used): they are all started at once,
   * each in its own room, so N of them take about one timeout instead of N. Every other call goes
   * one at a time (meanwhile), because its timing is the point. Usually empty.
   */
  waitAtOnce: readonly Role[];
  start(): Promise<RunningScenario>;
}

export function scenarios(slowStunMs: number): Scenario[] {
  return [
    {
      name: "no-stun",
      about: "iceServers: [] on loopback, the chapter's setting: only host candidates.",
      timeoutMs: 30_000,
      waitAtOnce: [],
      start: async () => ({ stun: [], stunRequests: () => 0, observed: () => "", close: async () => {} }),
    },
    {
      name: "slow-stun",
      about: `a STUN server on 127.0.0.1 that answers ${slowStunMs} ms late: gathering lasts that long.`,
      timeoutMs: 30_000 + 2 * slowStunMs,
      waitAtOnce: [],
      start: async () => usingStunServer(await startSlowStunServer(slowStunMs)),
    },
    {
      name: "lossy-stun",
      about:
        "a STUN server on 127.0.0.1 that loses the first copy of every request, as a lossy mobile link would, " +
        "and answers the browser's retransmission at once: gathering waits for Chromium's retransmission timeout (250 ms).",
      timeoutMs: 30_000,
      waitAtOnce: [],
      start: async () => {
        const server = await startLossyStunServer();
        const observed = () => {
          const gaps = server.retransmissionGapsMs;
          if (gaps.length === 0) return `It dropped ${server.dropped} requests; none was sent again.`;
          return `It dropped ${server.dropped} requests; Chromium sent each again after ${formatMs(median(gaps))} (median of ${gaps.length}).`;
        };
        return { ...usingStunServer(server), observed };
      },
    },
    {
      name: "black-hole-stun",
      about:
        "a STUN server on 127.0.0.1 that never answers: gathering ends only when Chromium gives up " +
        "(39.75 s: 9 Binding Requests, the gaps doubling from 250 ms up to 8 s) or when ICE connects.",
      // Vanilla's caller waits for the whole STUN timeout before it sends its offer. Its callee
      // does not: it checks the caller's candidates at once, and Chromium ends gathering when ICE connects.
      timeoutMs: 90_000,
      // Vanilla's callers sit idle for ~40 s: they wait all at once, trickle's calls go one by one meanwhile.
      waitAtOnce: ["vanilla"],
      start: async () => usingStunServer(await startBlackHoleStunServer()),
    },
  ];
}

/** Both pages get `server` as their one STUN server. */
function usingStunServer(server: StunServer): RunningScenario {
  return { stun: [server.url], stunRequests: () => server.requests, observed: () => "", close: () => server.close() };
}
