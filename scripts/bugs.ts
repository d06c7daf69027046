/**
 * `npm run bugs`: breaks each lab on purpose, the way learners do, and checks
 * that the tests notice. Each entry of the catalogue (scripts/bugs/catalogue.ts)
 * is patched into a scratch copy of the repository, and only its guarding test
 * runs there, on ports of its own. One row per bug: caught, or missed.
 *
 *   npm run bugs                      every bug
 *   npm run bugs -- ontrack-missing   one (or several) by name
 *   npm run bugs -- --list            the catalogue, without running anything
 *   npm run bugs -- --check           only whether every patch still applies (no test runs)
 *   npm run bugs -- --baseline        first run each guarding test unpatched (it must pass)
 *   npm run bugs -- --suite-from REV  the tests of git revision REV instead (the whole spec file
 *                                     if it has no test of that title): what an older suite missed
 *
 * Exits non-zero if any bug is missed, a patch no longer applies, or a run errs.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUGS, type Bug } from "./bugs/catalogue.ts";
import { runSpec, type SpecOutcome } from "./bugs/run-spec.ts";
import { applyEdits, makeScratchCopy, PatchDoesNotApply, patchedText, removeScratchCopy } from "./bugs/scratch.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));

interface Options {
  names: string[];
  list: boolean;
  check: boolean;
  baseline: boolean;
  suiteFrom?: string;
  keep: boolean;
}

type Verdict = "caught" | "missed" | "patch does not apply" | "error" | "baseline fails";

interface Row {
  bug: Bug;
  verdict: Verdict;
  /** The failing test (caught), or why there is no verdict. */
  detail: string;
  /** Caught: the failing test's error headline. */
  why?: string;
}

const options = parseArguments(process.argv.slice(2));
const bugs = selectBugs(options.names);

if (options.list) {
  for (const bug of bugs) console.log(`${bug.name.padEnd(36)} ${bug.lab.padEnd(14)} ${bug.what}`);
  process.exit(0);
}
if (options.check) {
  let stale = 0;
  for (const bug of bugs) {
    try {
      patchedText(readFileSync(join(REPO, bug.file), "utf8"), bug.file, bug.edits);
      console.log(`  applies  ${bug.name}`);
    } catch (error) {
      if (!(error instanceof PatchDoesNotApply)) throw error;
      stale++;
      console.log(`  STALE    ${bug.name}: ${error.message}`);
    }
  }
  process.exit(stale > 0 ? 1 : 0);
}

console.log(
  `Breaking ${bugs.length} thing(s) on purpose, one scratch copy each` +
    (options.suiteFrom ? `, against the tests of ${options.suiteFrom}` : "") +
    " (about a minute each)...\n",
);
const rows: Row[] = [];
const baselines = new Map<string, Promise<SpecOutcome>>();
/** With --suite-from: that revision's e2e/ files and Playwright config, path → content, read from git once. */
let suite: Map<string, Buffer> | undefined;
for (const bug of bugs) {
  const row = await tryBug(bug);
  rows.push(row);
  console.log(`  ${row.verdict.padEnd(8)} ${bug.name}: ${row.verdict === "caught" ? row.why : row.detail}`);
}

printTable(rows);
const failures = rows.filter((row) => row.verdict !== "caught");
if (failures.length > 0) {
  console.log(`\n${failures.length} of ${rows.length} not caught: ${failures.map((row) => `${row.bug.name} (${row.verdict})`).join(", ")}`);
  process.exit(1);
}
console.log(`\nAll ${rows.length} caught.`);

async function tryBug(bug: Bug): Promise<Row> {
  if (options.baseline) {
    const key = `${bug.spec}\n${bug.test}`;
    if (!baselines.has(key)) baselines.set(key, runUnpatched(bug));
    const baseline = await baselines.get(key)!;
    if (baseline.kind !== "passed") {
      return { bug, verdict: "baseline fails", detail: baseline.kind === "failed" ? "the test fails with no bug in" : baseline.message };
    }
  }
  const scratch = prepareCopy(bug.name);
  try {
    applyEdits(scratch, bug.file, bug.edits);
    const outcome = await runGuard(scratch, bug);
    if (outcome.kind === "error" || outcome.kind === "no-tests") return { bug, verdict: "error", detail: outcome.message };
    if (outcome.kind === "passed") return { bug, verdict: "missed", detail: "every test passed with the bug in" };
    return { bug, verdict: "caught", detail: outcome.failedTests.join("; "), why: outcome.reasons.join("; ") };
  } catch (error) {
    if (error instanceof PatchDoesNotApply) return { bug, verdict: "patch does not apply", detail: error.message };
    throw error;
  } finally {
    if (options.keep) console.log(`    (kept ${scratch})`);
    else removeScratchCopy(scratch);
  }
}

async function runUnpatched(bug: Bug): Promise<SpecOutcome> {
  const scratch = prepareCopy(`${bug.name}-baseline`);
  try {
    return await runGuard(scratch, bug);
  } finally {
    removeScratchCopy(scratch);
  }
}

/** The bug's guarding test; an older suite (--suite-from) without that test runs its whole spec file. */
async function runGuard(scratch: string, bug: Bug): Promise<SpecOutcome> {
  const outcome = await runSpec(scratch, bug.spec, bug.test);
  if (options.suiteFrom && outcome.kind === "no-tests") {
    return runSpec(scratch, bug.spec, undefined);
  }
  return outcome;
}

/** A scratch copy; with --suite-from, its tests (e2e/ and the Playwright config) come from that revision. */
function prepareCopy(label: string): string {
  const scratch = makeScratchCopy(REPO, label);
  if (options.suiteFrom) {
    const files = suiteFiles(options.suiteFrom);
    rmSync(join(scratch, "e2e"), { recursive: true, force: true });
    for (const [file, content] of files) {
      mkdirSync(dirname(join(scratch, file)), { recursive: true });
      writeFileSync(join(scratch, file), content);
    }
  }
  return scratch;
}

function suiteFiles(revision: string): Map<string, Buffer> {
  suite ??= new Map(
    git("ls-tree", "-r", "--name-only", revision, "--", "e2e", "playwright.config.ts")
      .split("\n")
      .filter(Boolean)
      .map((file) => [file, execFileSync("git", ["show", `${revision}:${file}`], { cwd: REPO })]),
  );
  return suite;
}

function git(...args: string[]): string {
  return execFileSync("git", args, { cwd: REPO }).toString();
}

function printTable(rows: Row[]): void {
  const table = [
    ["bug", "lab", "caught by", "result"],
    ...rows.map((row) => [row.bug.name, row.bug.lab, row.verdict === "caught" ? `${row.bug.spec.replace(/^e2e\//, "")}: ${row.detail}` : "-", row.verdict]),
  ];
  console.log("");
  console.log(`| ${table[0]!.join(" | ")} |`);
  console.log(`| ${table[0]!.map(() => "---").join(" | ")} |`);
  for (const cells of table.slice(1)) console.log(`| ${cells.join(" | ")} |`);
}

function selectBugs(names: string[]): Bug[] {
  if (names.length === 0) return BUGS;
  const unknown = names.filter((name) => !BUGS.some((bug) => bug.name === name));
  if (unknown.length > 0) {
    console.error(`No bug called ${unknown.join(", ")}. Known bugs:\n  ${BUGS.map((bug) => bug.name).join("\n  ")}`);
    process.exit(2);
  }
  return BUGS.filter((bug) => names.includes(bug.name));
}

function parseArguments(args: string[]): Options {
  const options: Options = { names: [], list: false, check: false, baseline: false, keep: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--list") options.list = true;
    else if (arg === "--check") options.check = true;
    else if (arg === "--baseline") options.baseline = true;
    else if (arg === "--keep") options.keep = true;
    else if (arg === "--suite-from") {
      const revision = args[++i];
      if (revision === undefined) usage("--suite-from needs a git revision, e.g. --suite-from main~10");
      options.suiteFrom = revision;
    } else if (arg.startsWith("-")) usage(`unknown option ${arg}`);
    else options.names.push(arg);
  }
  return options;
}

function usage(problem: string): never {
  console.error(`${problem}\nUsage: npm run bugs -- [--list] [--check] [--baseline] [--keep] [--suite-from REV] [bug name...]`);
  process.exit(2);
}
