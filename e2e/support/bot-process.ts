/**
 * The echo bot as a real child process (`node --import tsx scripts/bot.ts`),
 * exactly what `npm run bot` runs, with the relay ports of the test run
 * (RELAY_WS_PORT / RELAY_WSS_PORT from the environment, as the Playwright
 * config's web server gets them). Its output is a pipe, so it prints one line
 * per event and a counters line every second (scripts/bot/panel.ts); tests
 * read those.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect } from "@playwright/test";
import { messagesFor, type Messages } from "../../labs/shared/messages.ts";
import { botLanguage } from "../../scripts/bot/language.ts";
import { CapturedProcess } from "./captured-process.ts";

export type { Exit } from "./captured-process.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
/**
 * Printed once the relay has put the bot in its room (scripts/bot/relay.ts), in
 * the bot's language: its words for any room, any count.
 */
function joinedLine(words: Messages): RegExp {
  const [room, peers, size] = ["\u0001", 1357, 2468];
  const text = words.bot.relayLine(words.bot.joined(room, peers, size)).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(text.replace(room, '[^"]*').replace(String(peers), "\\d+").replace(String(size), "\\d+"));
}

/** Node, tsx and werift start in about a second (0.7 s of CPU); measured up to 30 s on this machine busy with browsers. */
const READY_WAIT_MS = 60_000;
const COUNTERS_LINE = /bot +[\d.]+s +(\S+): packets in (\d+) out (\d+), keyframe requests (\d+)(?:, texts in (\d+) out (\d+))?/g;

export interface BotCounters {
  packetsIn: number;
  packetsOut: number;
  keyframeRequests: number;
  textsIn: number;
  textsOut: number;
}

export class BotProcess extends CapturedProcess {
  private constructor(
    child: ChildProcess,
    /** The bot's words, in the language its environment gave it (scripts/bot/language.ts). */
    readonly words: Messages,
  ) {
    super(child, "SIGINT"); // stop() is Ctrl+C: the bot hangs up, leaves the room and exits with 0
  }

  /**
   * Starts `npm run bot -- <args>` and returns at once: see joined(). It speaks
   * English, whatever this machine's locale, unless `env` sets LANG (the tests read its words).
   */
  static spawn(args: string[], env: NodeJS.ProcessEnv = {}): BotProcess {
    const botEnv = { ...process.env, LC_ALL: "", LC_MESSAGES: "", LANG: "en_US.UTF-8", ...env };
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/bot.ts", ...args], {
      cwd: repoRoot,
      env: botEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return new BotProcess(child, messagesFor(botLanguage(botEnv)));
  }

  /** The latest counters line of each call, by peer ("tab", or a mesh peer's id). */
  counters(): Map<string, BotCounters> {
    const latest = new Map<string, BotCounters>();
    for (const match of this.text.matchAll(COUNTERS_LINE)) {
      const [, peer, packetsIn, packetsOut, keyframeRequests, textsIn, textsOut] = match;
      latest.set(peer!, {
        packetsIn: Number(packetsIn),
        packetsOut: Number(packetsOut),
        keyframeRequests: Number(keyframeRequests),
        textsIn: Number(textsIn ?? 0),
        textsOut: Number(textsOut ?? 0),
      });
    }
    return latest;
  }

  /**
   * The bot's counters for its call with `peer` keep rising, both ways: it
   * receives the tab's video and sends it back, and asks for keyframes.
   */
  async expectEchoing(peer = "tab"): Promise<void> {
    const now = () => this.counters().get(peer);
    await expect.poll(() => now()?.packetsOut ?? 0, { message: `the bot should echo ${peer}'s packets`, timeout: 20_000 }).toBeGreaterThan(0);
    const before = now()!;
    await expect
      .poll(
        () => {
          const after = now()!;
          return {
            packetsInRising: after.packetsIn > before.packetsIn,
            packetsOutRising: after.packetsOut > before.packetsOut,
            keyframeRequestsRising: after.keyframeRequests > before.keyframeRequests,
          };
        },
        // It prints them every second; a busy machine may starve it for a few.
        { message: `the bot's counters for ${peer} should keep rising\n${this.text.slice(-2000)}`, timeout: 15_000 },
      )
      .toEqual({ packetsInRising: true, packetsOutRising: true, keyframeRequestsRising: true });
  }

  /** The last resort, for a bot that did not stop: no process outlives its test. */
  kill(): void {
    if (this.isRunning) this.child.kill("SIGKILL");
  }

  /** Resolves once the relay has put the bot in its room; rejects (and kills it) if it exits or stalls first. */
  joined(): Promise<void> {
    return this.waitForOutput({
      who: "The bot",
      isReady: (printed) => joinedLine(this.words).test(printed),
      waitingFor: "join its room",
      timeoutMs: READY_WAIT_MS,
    });
  }
}
