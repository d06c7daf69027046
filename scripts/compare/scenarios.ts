/**
 * The network conditions `npm run compare` measures vanilla and trickle ICE in.
 * Each scenario starts what it needs (a STUN server on 127.0.0.1 or nothing)
 * and gives the ?stun= values both lab pages get.
 */
import { startBlackHoleStunServer, startSlowStunServer } from "./stun-servers.ts";

export interface RunningScenario {
  /** ?stun= values for both pages. */
  stun: string[];
  close(): Promise<void>;
}

export interface Scenario {
  name: string;
  about: string;
  /** How long one call may take before it counts as failed. */
  timeoutMs: number;
  start(): Promise<RunningScenario>;
}

export function scenarios(slowStunMs: number): Scenario[] {
  return [
    {
      name: "no-stun",
      about: "iceServers: [] on loopback, the chapter's setting: only host candidates.",
      timeoutMs: 30_000,
      start: async () => ({ stun: [], close: async () => {} }),
    },
    {
      name: "slow-stun",
      about: `a STUN server on 127.0.0.1 that answers ${slowStunMs} ms late: gathering lasts that long.`,
      timeoutMs: 30_000 + 2 * slowStunMs,
      start: async () => {
        const server = await startSlowStunServer(slowStunMs);
        return { stun: [server.url], close: () => server.close() };
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
      start: async () => {
        const server = await startBlackHoleStunServer();
        return { stun: [server.url], close: () => server.close() };
      },
    },
  ];
}
