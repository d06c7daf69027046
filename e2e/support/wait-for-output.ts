/**
 * Waits until a child process has printed what we wait for: the relay its ports,
 * the echo bot its "joined" line. Rejects (and kills the child) if it exits or
 * stays silent too long first, with everything it printed, so a failure explains itself.
 */
import type { ChildProcess } from "node:child_process";

export interface WaitForOutput {
  /** Who it is, for the error: "The relay did not ...". */
  who: string;
  /** Everything it printed so far (read again on each new chunk). */
  printed: () => string;
  /** True once what it printed is what we wait for. */
  isReady: (printed: string) => boolean;
  /** What it should have done, for the error: "print its ports". */
  waitingFor: string;
  timeoutMs: number;
}

export function waitForOutput(child: ChildProcess, wait: WaitForOutput): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      clearTimeout(timeout);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      if (!error) return resolve();
      child.kill("SIGKILL");
      reject(new Error(`${wait.who} ${error.message}. It printed:\n${wait.printed()}`));
    };
    const onData = () => wait.isReady(wait.printed()) && settle();
    const onExit = (code: number | null) => settle(new Error(`exited (code ${code}) before it could ${wait.waitingFor}`));
    const timeout = setTimeout(() => settle(new Error(`did not ${wait.waitingFor} within ${wait.timeoutMs / 1000} s`)), wait.timeoutMs);
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}
