/**
 * A small LAN on this machine, for tests that need "another host": two network
 * namespaces joined by a veth pair, made inside the namespace the tests already
 * run in (CI's loopback-only one), never touching the host's own interfaces.
 *
 *   learner  10.77.0.1/24  (and its own loopback): where `npm start` runs
 *   other    10.77.0.2/24  (and its own loopback): a phone or a laptop on the same Wi-Fi
 *
 * Programs run inside either with `nsenter --net`, which needs root, as does making
 * the namespaces. Where that is not possible the tests that need it are skipped with
 * one sentence (lanMissingOutsideCI); in CI they fail instead.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import type { TurnAnswer } from "../../scripts/turn-client.ts";
import { CapturedProcess } from "./captured-process.ts";

export const LEARNER_IP = "10.77.0.1";
export const OTHER_HOST_IP = "10.77.0.2";

/** Peers the attack asks coturn for, and why. */
export const PEERS_TRIED = {
  loopback: "127.0.0.1",
  linkLocal: "169.254.169.254", // a cloud's metadata service
  otherPrivateNetwork: "172.17.0.2", // e.g. a Docker container on this machine
  sameLan: OTHER_HOST_IP, // the other host itself: a phone's host candidate
  publicInternet: "203.0.113.5", // a phone's address as its NAT shows it (srflx)
} as const;

export interface AttackResult {
  /** What the relay's `joined` notice gave a script from another host. */
  iceServers: { urls: string[]; username: string; credential: string }[];
  udp: {
    allocation: TurnAnswer;
    permissions: Record<keyof typeof PEERS_TRIED, TurnAnswer>;
    /** A packet sent through the relay to the other host itself arrived (the relay works). */
    packetToSameLanArrived: boolean;
  };
  tcp: { allocation: TurnAnswer; permissionToLoopback?: TurnAnswer; connectToLoopback?: TurnAnswer };
}

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Why this machine cannot make the namespaces, in one sentence; undefined when it can. */
export function lanUnavailable(): string | undefined {
  if (process.platform !== "linux") return "a LAN of network namespaces needs Linux";
  if (process.getuid?.() !== 0) return "making network namespaces (unshare --net, nsenter) needs root";
  try {
    execFileSync("unshare", ["--net", "sh", "-c", "ip link add t0 type veth peer name t1 && nsenter --version"], { stdio: "ignore" });
  } catch {
    return "unshare --net, ip (iproute2) or nsenter is missing, or this kernel refuses network namespaces";
  }
  return undefined;
}

/** Skips the file's tests where the LAN cannot be made, except in CI (CI=true), where that fails them. */
export function requireLan(): void {
  const missing = lanUnavailable();
  test.skip(missing !== undefined && !process.env.CI, missing);
  test.beforeEach(() => expect(missing, "CI=true, so this is a failure, not a skip").toBeUndefined());
}

/** The two namespaces; `run` starts a program inside one; `close` ends them and everything in them. */
export class Lan {
  private readonly started: CapturedProcess[] = [];

  private constructor(
    private readonly holder: CapturedProcess,
    private readonly pids: { learner: number; other: number },
  ) {}

  static async make(): Promise<Lan> {
    // The learner's namespace is this bash's own; "other" is a sleep's, moved into by its end of the veth pair.
    const script = `
      set -e
      ip link set lo up
      unshare --net sleep infinity & other=$!
      trap 'kill $other' EXIT
      while [ "$(readlink /proc/$other/ns/net)" = "$(readlink /proc/$$/ns/net)" ]; do sleep 0.02; done
      ip link add lan0 type veth peer name lan1
      ip link set lan1 netns $other
      ip addr add ${LEARNER_IP}/24 dev lan0 && ip link set lan0 up
      nsenter --net=/proc/$other/ns/net sh -c 'ip link set lo up && ip addr add ${OTHER_HOST_IP}/24 dev lan1 && ip link set lan1 up'
      echo "lan ready: learner $$ other $other"
      wait $other
    `;
    const holder = new CapturedProcess(spawn("unshare", ["--net", "bash", "-c", script], { stdio: ["ignore", "pipe", "pipe"] }));
    await holder.waitForOutput({ who: "The LAN's namespaces", isReady: (text) => text.includes("lan ready"), waitingFor: "be made", timeoutMs: 10_000 });
    const [, learner, other] = /lan ready: learner (\d+) other (\d+)/.exec(holder.text)!;
    return new Lan(holder, { learner: Number(learner), other: Number(other) });
  }

  /** Starts `command` inside `host`'s network namespace, in the repository's folder; stopped by close(). */
  run(host: "learner" | "other", command: string, args: string[], env: Record<string, string> = {}): CapturedProcess {
    const child: ChildProcess = spawn("nsenter", [`--net=/proc/${this.pids[host]}/ns/net`, "--", command, ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const process_ = new CapturedProcess(child);
    this.started.push(process_);
    return process_;
  }

  /** A script that runs Chromium inside `host`'s namespace: Playwright launches it as its executable. */
  chromiumIn(host: "learner" | "other", chromium: string, folder: string): string {
    const wrapper = join(folder, `chromium-in-${host}.sh`);
    writeFileSync(wrapper, `#!/bin/sh\nexec nsenter --net=/proc/${this.pids[host]}/ns/net -- "${chromium}" "$@"\n`, { mode: 0o755 });
    return wrapper;
  }

  async close(): Promise<void> {
    await Promise.all(this.started.map((started) => started.stop("SIGTERM")));
    await this.holder.stop("SIGTERM");
  }
}
