/**
 * A child process the tests started (the relay, the echo bot, `npm start`):
 * everything it prints is kept, for the test to read and for a failing test's
 * report, and its exit can be awaited.
 */
import type { ChildProcess } from "node:child_process";
import { waitForOutput, type WaitForOutput } from "./wait-for-output.ts";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class CapturedProcess {
  /** Everything it printed, stdout and stderr, in order. */
  readonly output: string[] = [];
  readonly exited: Promise<Exit>;

  /** `stopSignal`: what stop() sends when given no signal. */
  constructor(
    protected readonly child: ChildProcess,
    private readonly stopSignal: NodeJS.Signals = "SIGTERM",
  ) {
    this.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    // Keep reading: a child writing to a full pipe would block.
    for (const stream of [child.stdout, child.stderr]) stream?.on("data", (chunk: Buffer) => this.output.push(chunk.toString()));
  }

  get text(): string {
    return this.output.join("");
  }

  get isRunning(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends `signal` and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = this.stopSignal): Promise<Exit> {
    if (this.isRunning) this.child.kill(signal);
    return this.exited;
  }

  /** Resolves once it has printed what `wait` waits for; rejects (and kills it) if it exits or stalls first. */
  waitForOutput(wait: Omit<WaitForOutput, "printed">): Promise<void> {
    return waitForOutput(this.child, { ...wait, printed: () => this.text });
  }
}
