/** A TypeScript child process of the benchmark, asked one question at a time over IPC. */
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";

export class Child {
  /** Rejects if the child exits, so a question it will never answer fails instead of hanging. */
  private readonly exited: Promise<never>;

  private constructor(private readonly process: ChildProcess) {
    this.exited = once(process, "exit").then(([code, signal]) => {
      throw new Error(`${process.spawnargs.slice(-3).join(" ")} exited (${code ?? signal})`);
    });
    this.exited.catch(() => {}); // only an error for whoever is waiting on it
  }

  /** Starts `script` with tsx (and `--expose-gc`); resolves with its first message. */
  static async start<Ready>(script: string, args: string[]): Promise<{ child: Child; ready: Ready }> {
    const child = new Child(fork(script, args, { execArgv: ["--import", "tsx", "--expose-gc"] }));
    return { child, ready: await child.nextMessage<Ready>() };
  }

  /** Sends `question`; resolves with the child's next message. */
  ask<Answer>(question: object | string): Promise<Answer> {
    this.process.send(question);
    return this.nextMessage<Answer>();
  }

  stop(): Promise<unknown> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return Promise.resolve();
    this.process.kill("SIGKILL");
    return this.exited.catch(() => {});
  }

  private async nextMessage<Message>(): Promise<Message> {
    const [message] = (await Promise.race([once(this.process, "message"), this.exited])) as [Message];
    return message;
  }
}
