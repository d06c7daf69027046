/**
 * `npm run docs`: writes the "What changed from the previous lab" section of
 * every lab's README.md from the code, so it can never go stale.
 *
 * For each `labs/NN-*` folder it compares the files of the lab before it (all but
 * README.md): a summary of what main.ts declares anew, changes or drops, the
 * number of lines each file gains and loses, and the unified diff itself. The
 * section sits between two fixed markers; a README without them gets it before
 * its "## Things to try" heading (or at its end). The output depends only on the
 * files' contents, so running it twice changes nothing, on any machine.
 *
 * `npm run docs -- --check` writes nothing and exits 1 when a section is stale;
 * e2e/docs.spec.ts fails in the same case.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { labFolders, labsDir, previousLab } from "./labs.ts";

export const START_MARKER = "<!-- generated:changes:start (npm run docs writes this section from the code: edit the code, not this) -->";
export const END_MARKER = "<!-- generated:changes:end -->";
/** Unchanged lines shown around each change, as `diff -u` does. */
const CONTEXT_LINES = 3;
/** Diffs up to this many changed lines are shown open; longer ones are folded. */
const OPEN_DIFF_LIMIT = 80;

// ---------------------------------------------------------------------------
// A line diff: the longest common subsequence, then hunks with context.

type Edit = { kind: " " | "-" | "+"; line: string; oldNo: number; newNo: number };

/** Every line of `a` and `b` as kept, removed or added: removals before additions in a change. */
export function diffLines(a: string[], b: string[]): Edit[] {
  // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      edits.push({ kind: " ", line: a[i]!, oldNo: ++i, newNo: ++j });
    } else if (j >= b.length || (i < a.length && common[i + 1]![j]! >= common[i]![j + 1]!)) {
      edits.push({ kind: "-", line: a[i]!, oldNo: ++i, newNo: j });
    } else {
      edits.push({ kind: "+", line: b[j]!, oldNo: i, newNo: ++j });
    }
  }
  return edits;
}

/** The unified diff of two texts (`--- old`, `+++ new`, `@@` hunks), or "" when they are equal. */
export function unifiedDiff(oldName: string, newName: string, oldText: string, newText: string): string {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const edits = diffLines(a, b);
  const changed = edits.flatMap((edit, index) => (edit.kind === " " ? [] : [index]));
  if (changed.length === 0) return "";

  // Group changes whose context would touch into one hunk.
  const hunks: [number, number][] = [];
  for (const index of changed) {
    const last = hunks.at(-1);
    if (last && index - last[1] <= 2 * CONTEXT_LINES + 1) last[1] = index;
    else hunks.push([index, index]);
  }

  const out = [`--- ${oldName}`, `+++ ${newName}`];
  for (const [first, last] of hunks) {
    const from = Math.max(0, first - CONTEXT_LINES);
    const to = Math.min(edits.length - 1, last + CONTEXT_LINES);
    const slice = edits.slice(from, to + 1);
    const oldCount = slice.filter((edit) => edit.kind !== "+").length;
    const newCount = slice.filter((edit) => edit.kind !== "-").length;
    // Like diff -u: the line before a hunk with nothing in it is numbered one below.
    const oldStart = oldCount === 0 ? edits[from]!.oldNo : firstNumber(slice, "oldNo");
    const newStart = newCount === 0 ? edits[from]!.newNo : firstNumber(slice, "newNo");
    const where = enclosingDeclaration(a, oldStart - 1);
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@${where ? ` ${where}` : ""}`);
    out.push(...slice.map((edit) => `${edit.kind}${edit.line}`.trimEnd()));
  }
  return out.join("\n");
}

function firstNumber(slice: Edit[], field: "oldNo" | "newNo"): number {
  const kept = field === "oldNo" ? "+" : "-";
  return slice.find((edit) => edit.kind !== kept)![field];
}

/** The nearest line above `index` that starts a top-level declaration, as `git diff` shows in hunk headers. */
function enclosingDeclaration(lines: string[], index: number): string {
  for (let i = Math.min(index, lines.length) - 1; i >= 0; i--) {
    if (/^(export )?(async )?(function|const|let|class|type|interface) /.test(lines[i]!)) return lines[i]!.trim();
  }
  return "";
}

function splitLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

// ---------------------------------------------------------------------------
// What main.ts declares: which functions and constants are new, changed or gone.

/** Top-level declarations of a TypeScript file, each with its text (its doc comment included). */
export function declarations(source: string): Map<string, string> {
  const lines = splitLines(source);
  const found = new Map<string, string>();
  for (let start = 0; start < lines.length; start++) {
    const name = /^(?:export )?(?:declare )?(?:async )?(?:function|const|let|class|type|interface) ([A-Za-z_$][\w$]*)/.exec(lines[start]!)?.[1];
    if (name === undefined) continue;
    let end = start;
    let depth = 0;
    for (; end < lines.length; end++) {
      for (const char of lines[end]!) {
        if ("([{".includes(char)) depth++;
        else if (")]}".includes(char)) depth--;
      }
      if (depth <= 0 && /[;}]\s*$/.test(lines[end]!)) break;
    }
    let docStart = start;
    while (docStart > 0 && /^(\/\*\*|\s*\*|\/\/)/.test(lines[docStart - 1]!)) docStart--;
    found.set(name, (found.get(name) ?? "") + lines.slice(docStart, end + 1).join("\n"));
    start = end;
  }
  return found;
}

function summarizeDeclarations(oldSource: string, newSource: string): string[] {
  const before = declarations(oldSource);
  const after = declarations(newSource);
  const list = (names: string[]) => names.map((name) => `\`${name}\``).join(", ");
  const added = [...after.keys()].filter((name) => !before.has(name));
  const changed = [...after.keys()].filter((name) => before.has(name) && before.get(name) !== after.get(name));
  const removed = [...before.keys()].filter((name) => !after.has(name));
  return [
    added.length ? `  - new: ${list(added)}` : "",
    changed.length ? `  - changed: ${list(changed)}` : "",
    removed.length ? `  - gone: ${list(removed)}` : "",
  ].filter(Boolean);
}

// ---------------------------------------------------------------------------
// The section, and where it goes in a README.

/** The files a lab is made of, README.md aside, in a fixed order: the lesson first. */
function lessonFiles(lab: string): string[] {
  const order = ["main.ts", "index.html", "panel.ts", "style.css"];
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return readdirSync(join(labsDir, lab), { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== "README.md")
    .map((entry) => entry.name)
    .sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0));
}

function readLabFile(lab: string, file: string): string | null {
  const path = join(labsDir, lab, file);
  return existsSync(path) ? readFileSync(path, "utf8") : null;
}

/** The generated section for `lab`, markers included. */
export function changesSection(lab: string, previous: string | undefined): string {
  const body: string[] = ["## What changed from the previous lab", ""];
  if (previous === undefined) {
    body.push(
      "Nothing: this is the first lab. From the next lab on, this section lists what each step",
      "adds to the one before, with the diff, written by `npm run docs` from the code.",
    );
    return [START_MARKER, ...body, END_MARKER].join("\n");
  }

  body.push(
    `Compared with [${previous}](../${previous}/README.md), file by file`,
    `(\`diff -u labs/${previous} labs/${lab}\` shows the same):`,
    "",
  );
  const files = [...new Set([...lessonFiles(previous), ...lessonFiles(lab)])];
  const unchanged: string[] = [];
  const diffs: string[] = [];
  let changedLines = 0;
  for (const file of files) {
    const oldText = readLabFile(previous, file);
    const newText = readLabFile(lab, file);
    if (oldText === null) {
      body.push(`- \`${file}\`: new in this lab`);
      continue;
    }
    if (newText === null) {
      body.push(`- \`${file}\`: gone`);
      continue;
    }
    const diff = unifiedDiff(`${previous}/${file}`, `${lab}/${file}`, oldText, newText);
    if (diff === "") {
      unchanged.push(`\`${file}\``);
      continue;
    }
    const lines = diff.split("\n").slice(2);
    const plus = lines.filter((line) => line.startsWith("+")).length;
    const minus = lines.filter((line) => line.startsWith("-")).length;
    changedLines += plus + minus;
    body.push(`- \`${file}\`: ${plus} line${plus === 1 ? "" : "s"} added, ${minus} removed`);
    if (file.endsWith(".ts")) body.push(...summarizeDeclarations(oldText, newText));
    diffs.push(diff);
  }
  if (unchanged.length) body.push(`- unchanged: ${unchanged.join(", ")}`);

  if (diffs.length) {
    const open = changedLines <= OPEN_DIFF_LIMIT ? " open" : "";
    body.push(
      "",
      `<details${open}><summary>The diff (${changedLines} changed lines)</summary>`,
      "",
      "```diff",
      diffs.join("\n"),
      "```",
      "",
      "</details>",
    );
  }
  return [START_MARKER, ...body, END_MARKER].join("\n");
}

/** `readme` with its generated section replaced, or inserted if it has none. */
export function withChangesSection(readme: string, section: string): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start >= 0 && end > start) return readme.slice(0, start) + section + readme.slice(end + END_MARKER.length);
  const tryHeading = readme.search(/^## Things to try/m);
  if (tryHeading >= 0) return `${readme.slice(0, tryHeading)}${section}\n\n${readme.slice(tryHeading)}`;
  return `${readme.trimEnd()}\n\n${section}\n`;
}

export interface ReadmeUpdate {
  lab: string;
  path: string;
  /** null when the lab has no README.md yet. */
  current: string | null;
  updated: string | null;
}

/** What `npm run docs` would write, lab by lab. */
export function readmeUpdates(): ReadmeUpdate[] {
  const labs = labFolders();
  return labs.map((lab) => {
    const path = join(labsDir, lab, "README.md");
    const current = existsSync(path) ? readFileSync(path, "utf8") : null;
    const updated = current === null ? null : withChangesSection(current, changesSection(lab, previousLab(lab, labs)));
    return { lab, path, current, updated };
  });
}

function main(): void {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const { lab, path, current, updated } of readmeUpdates()) {
    if (current === null || updated === null) {
      console.log(`${lab}: no README.md yet (every lab needs one; see labs/02-ws-vanilla/README.md)`);
      if (check) stale++;
    } else if (updated === current) {
      console.log(`${lab}: up to date`);
    } else if (check) {
      console.log(`${lab}: README.md is stale: run npm run docs`);
      stale++;
    } else {
      writeFileSync(path, updated);
      console.log(`${lab}: README.md updated`);
    }
  }
  if (stale > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
