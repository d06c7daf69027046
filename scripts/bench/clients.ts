/**
 * The clients of one server, in a process of their own (one file per connection,
 * so 10,000 clients for each of two servers would not fit under one ulimit).
 * `node --import tsx scripts/bench/clients.ts <port> <connections>`, started by
 * scripts/bench/child.ts: connects half of them and sends "ready", then does what
 * it is asked: connect the other half, or run a phase.
 */
import { Load, type PhaseResult } from "./load.ts";
import { percentile } from "./stats.ts";

export type Phase =
  | { phase: "connect-all" }
  | { phase: "saturate"; total: number; inFlight: number; maxMs: number }
  | { phase: "paced"; total: number; perSecond: number };

export interface PhaseSummary {
  messages: number;
  messagesPerSecond: number;
  p50: number;
  p99: number;
}

const [port, connections] = process.argv.slice(2).map(Number) as [number, number];
if (!process.send) throw new Error("started by scripts/bench/child.ts, with IPC");
const send = process.send.bind(process);

const load = new Load(port);
await load.connectUpTo(connections / 2);
send("ready");

process.on("message", async (question: Phase) => {
  if (question.phase === "connect-all") {
    await load.connectUpTo(connections);
    return send("connected");
  }
  const result =
    question.phase === "saturate"
      ? await load.saturate(question.total, question.inFlight, question.maxMs)
      : await load.paced(question.total, question.perSecond);
  send(summarize(result) satisfies PhaseSummary);
});
process.on("disconnect", () => process.exit(0));

function summarize(result: PhaseResult): PhaseSummary {
  return {
    messages: result.messages,
    messagesPerSecond: result.messages / result.seconds,
    p50: percentile(result.latencies, 50),
    p99: percentile(result.latencies, 99),
  };
}
