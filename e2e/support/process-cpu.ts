/**
 * The CPU time a process and everything it started have used (Linux /proc):
 * its own, its children's that it has waited for (cutime, cstime), and each
 * descendant still running. Browsers, servers and namespaces' controllers
 * included, which process.cpuUsage() does not see.
 */
import { readdirSync, readFileSync } from "node:fs";

/** USER_HZ: /proc counts in ticks of 1/100 s on every Linux architecture Node runs on. */
const TICKS_PER_SECOND = 100;

export function treeCpuMs(pid = process.pid): number {
  let ticks = 0;
  for (const each of [pid, ...descendantsOf(pid)]) {
    try {
      // Fields after "(comm)": state is 3rd; utime, stime, cutime, cstime are the 14th to 17th of the line.
      const afterName = readFileSync(`/proc/${each}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += [11, 12, 13, 14].reduce((sum, field) => sum + Number(afterName[field]), 0);
    } catch {
      // it has just exited: its parent's cutime counts it once reaped
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

function descendantsOf(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const listed = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      if (listed) children.push(...listed.split(" ").map(Number));
    }
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}
