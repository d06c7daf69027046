/**
 * The network conditions `npm run compare` (and the Playwright project `timing`,
 * no-stun and slow-stun) measure vanilla and trickle ICE in. Each scenario
 * starts what it needs (a STUN server on 127.0.0.1 or nothing) and gives the
 * ?stun= values both lab pages get. To add one, add an entry to the list.
 */
import { startBlackHoleStunServer, startSlowStunServer, type StunServer } from "./stun-servers.ts";

export interface RunningScenario {
  /** ?stun= values for both pages. */
  stun: string[];
  /** STUN Binding Requests the scenario's server received so far: proof the browsers used it (0 without one). */
  stunRequests(): number;
  close(): Promise<void>;
}

export interface Scenario {
  name: string;
  about: string;
  /** How long one call may take before it counts as failed. */
  timeoutMs: number;
  /**
   * "one at a time" when the calls' timing is the point (they take turns on a quiet machine);
   * "all at once" when a call mostly waits on a timeout (idle, no CPU): then N calls, each in its
   * own room, take about one timeout instead of N.
   */
  calls: "one at a time" | "all at once";
  start(): Promise<RunningScenario>;
}

export function scenarios(slowStunMs: number): Scenario[] {
  return [
    {
      name: "no-stun",
      about: "iceServers: [] on loopback, the chapter's setting: only host candidates.",
      timeoutMs: 30_000,
      calls: "one at a time",
      start: async () => ({ stun: [], stunRequests: () => 0, close: async () => {} }),
    },
    {
      name: "slow-stun",
      about: `a STUN server on 127.0.0.1 that answers ${slowStunMs} ms late: gathering lasts that long.`,
      timeoutMs: 30_000 + 2 * slowStunMs,
      calls: "one at a time",
      start: async () => usingStunServer(await startSlowStunServer(slowStunMs)),
    },
    {
      name: "black-hole-stun",
      about:
        "a STUN server on 127.0.0.1 that never answers: gathering ends only when Chromium gives up " +
        "(39.75 s: 9 Binding Requests, the gaps doubling from 250 ms up to 8 s) or when ICE connects.",
      // Vanilla's caller waits for the whole STUN timeout before it sends its offer. Its callee
      // does not: it checks the caller's candidates at once, and Chromium ends gathering when ICE connects.
      timeoutMs: 90_000,
      // Vanilla's callers sit idle for ~40 s: wait for all of them at once.
      calls: "all at once",
      start: async () => usingStunServer(await startBlackHoleStunServer()),
    },
  ];
}

/** Both pages get `server` as their one STUN server. */
function usingStunServer(server: StunServer): RunningScenario {
  return { stun: [server.url], stunRequests: () => server.requests, close: () => server.close() };
}
