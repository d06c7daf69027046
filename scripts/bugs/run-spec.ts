/**
 * Runs one spec (optionally one test in it) in a scratch copy, on ports of its
 * own, and says which tests failed. Playwright's JSON report is the source: a
 * run that failed before any test ran (the servers did not start, the spec
 * does not compile) is an error, not a caught bug.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";

export type SpecOutcome =
  | { kind: "passed" }
  | { kind: "failed"; failedTests: string[] }
  | { kind: "error"; message: string };

export async function runSpec(root: string, spec: string, testTitle: string | undefined): Promise<SpecOutcome> {
  const [labs, relayWs, relayWss, turn] = await freePorts(4);
  const reportFile = join(root, "bugs-report.json");
  const args = ["playwright", "test", spec, "--workers", "1", "--reporter", "json"];
  if (testTitle !== undefined) args.push("--grep", escapeRegExp(testTitle));
  const exitCode = await new Promise<number>((resolve, reject) => {
    const child = spawn("npx", args, {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
      env: {
        ...process.env,
        LABS_PORT: String(labs),
        RELAY_WS_PORT: String(relayWs),
        RELAY_WSS_PORT: String(relayWss),
        TURN_PORT: String(turn),
        PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile,
      },
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (process.env.BUGS_VERBOSE) process.stderr.write(stderr);
      resolve(code ?? 1);
    });
  });

  let report: JsonReport;
  try {
    report = JSON.parse(await readFile(reportFile, "utf8")) as JsonReport;
  } catch {
    return { kind: "error", message: `Playwright wrote no report (exit code ${exitCode}); run with BUGS_VERBOSE=1 to see why` };
  }
  const tests = testsOf(report.suites ?? []);
  if (tests.length === 0) {
    const why = (report.errors ?? []).map((error) => error.message?.split("\n")[0]).join("; ");
    return { kind: "error", message: why || `no test ran${testTitle ? ` (is "${testTitle}" still a test title in ${spec}?)` : ""}` };
  }
  const failedTests = tests.filter((test) => test.status === "unexpected").map((test) => test.title);
  return failedTests.length > 0 ? { kind: "failed", failedTests } : { kind: "passed" };
}

interface JsonReport {
  suites?: JsonSuite[];
  errors?: { message?: string }[];
}
interface JsonSuite {
  suites?: JsonSuite[];
  specs?: { title: string; tests: { status: "expected" | "unexpected" | "flaky" | "skipped" }[] }[];
}

function testsOf(suites: JsonSuite[]): { title: string; status: string }[] {
  return suites.flatMap((suite) => [
    ...(suite.specs ?? []).flatMap((spec) => spec.tests.map((test) => ({ title: spec.title, status: test.status }))),
    ...testsOf(suite.suites ?? []),
  ]);
}

/** `count` loopback ports that were free a moment ago, all different. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const server = createServer();
      return new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve(server));
      });
    }),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
