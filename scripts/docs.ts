/**
 * `npm run docs`: writes the "What changed from the previous lab" section of
 * every lab's README.md from the code, so it can never go stale.
 *
 * For each `labs/NN-*` folder it compares the files of the lab before it (all but
 * README.md and DIFF.md): the number of lines each file gains and loses, which
 * top-level declarations of its TypeScript files are new, changed or gone, and the
 * unified diff itself (as `diff -u --minimal` prints it: see unified-diff.ts). A short
 * diff stands in the README; a long one goes to the lab's DIFF.md, which the README
 * links to, so that the README stays readable.
 *
 * The section sits between two fixed markers; a README without them gets it before
 * its "## Things to try" heading (or at its end). The output depends only on the
 * files' contents, so running it twice changes nothing, on any machine.
 *
 * `npm run docs -- --check` writes nothing and exits 1 when a file is stale;
 * e2e/docs.spec.ts fails in the same case.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { TypeScriptFiles } from "./declarations.ts";
import { labFolders, labsDir, previousLab } from "./labs.ts";
import { unifiedDiff } from "./unified-diff.ts";

export const START_MARKER = "<!-- generated:changes:start (npm run docs writes this section from the code: edit the code, not this) -->";
export const END_MARKER = "<!-- generated:changes:end -->";
/** The generated page that holds a diff too long for the README. */
export const DIFF_PAGE = "DIFF.md";
/** A diff of up to this many lines (context included) stands in the README; a longer one goes to DIFF.md. */
const README_DIFF_MAX_LINES = 100;

// ---------------------------------------------------------------------------
// What changed between two labs, file by file.

/** The files a lab is made of, README.md and DIFF.md aside, in a fixed order: the lesson first. */
export function lessonFiles(lab: string): string[] {
  const order = ["main.ts", "index.html", "panel.ts", "style.css"];
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return readdirSync(join(labsDir, lab), { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== "README.md" && entry.name !== DIFF_PAGE)
    .map((entry) => entry.name)
    .sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0));
}

function readLabFile(lab: string, file: string): string | null {
  const path = join(labsDir, lab, file);
  return existsSync(path) ? readFileSync(path, "utf8") : null;
}

type FileChange =
  | { file: string; kind: "new" | "gone"; lines: number }
  | { file: string; kind: "unchanged" }
  | { file: string; kind: "changed"; diff: string; added: number; removed: number; declarations: string[] };

/** Each file of `previous` and `lab`, and how it changed. */
export function labChanges(previous: string, lab: string, typescript: TypeScriptFiles): FileChange[] {
  return [...new Set([...lessonFiles(previous), ...lessonFiles(lab)])].map((file): FileChange => {
    const oldText = readLabFile(previous, file);
    const newText = readLabFile(lab, file);
    if (oldText === null) return { file, kind: "new", lines: newText!.split("\n").length - 1 };
    if (newText === null) return { file, kind: "gone", lines: oldText.split("\n").length - 1 };
    // Named from the repository's root, as `diff -u labs/a/x labs/b/x` prints them.
    const diff = unifiedDiff(`labs/${previous}/${file}`, `labs/${lab}/${file}`, oldText, newText);
    if (diff.text === "") return { file, kind: "unchanged" };
    const declarations = file.endsWith(".ts")
      ? summarizeDeclarations(typescript, join(labsDir, previous, file), join(labsDir, lab, file))
      : [];
    return { file, kind: "changed", diff: diff.text, added: diff.added, removed: diff.removed, declarations };
  });
}

/** Which top-level declarations are new, changed or gone, as list items. */
function summarizeDeclarations(typescript: TypeScriptFiles, oldPath: string, newPath: string): string[] {
  const before = typescript.declarations(oldPath);
  const after = typescript.declarations(newPath);
  if (!before || !after) return [];
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

const plural = (count: number, word: string) => `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;

// ---------------------------------------------------------------------------
// The README's section, and DIFF.md.

export interface LabDocs {
  /** The README's generated section, markers included. */
  section: string;
  /** DIFF.md's text, or null when the diff is short enough for the README (then there is no DIFF.md). */
  diffPage: string | null;
}

export function labDocs(lab: string, previous: string | undefined, typescript: TypeScriptFiles): LabDocs {
  const body: string[] = ["## What changed from the previous lab", ""];
  if (previous === undefined) {
    body.push(
      "Nothing: this is the first lab. From the next lab on, this section lists what each step",
      "adds to the one before, with the diff, written by `npm run docs` from the code.",
    );
    return { section: [START_MARKER, ...body, END_MARKER].join("\n"), diffPage: null };
  }

  const changes = labChanges(previous, lab, typescript);
  const changed = changes.flatMap((change) => (change.kind === "changed" ? [change] : []));
  body.push(
    `Compared with [${previous}](../${previous}/README.md), file by file (the lines that`,
    `\`diff -u --minimal labs/${previous}/main.ts labs/${lab}/main.ts\` shows, and so on for each file):`,
    "",
  );
  for (const change of changes) {
    if (change.kind === "new") body.push(`- \`${change.file}\`: new in this lab (${plural(change.lines, "line")})`);
    if (change.kind === "gone") body.push(`- \`${change.file}\`: gone (it had ${plural(change.lines, "line")})`);
    if (change.kind === "changed") {
      body.push(`- \`${change.file}\`: ${plural(change.added, "line")} added, ${change.removed.toLocaleString("en-US")} removed`);
      body.push(...change.declarations);
    }
  }
  const unchanged = changes.filter((change) => change.kind === "unchanged").map((change) => `\`${change.file}\``);
  if (unchanged.length) body.push(`- unchanged: ${unchanged.join(", ")}`);

  const diff = changed.map((change) => change.diff).join("\n");
  const diffLines = diff === "" ? 0 : diff.split("\n").length;
  let diffPage: string | null = null;
  if (diffLines > 0 && diffLines <= README_DIFF_MAX_LINES) {
    body.push("", "The diff:", "", "```diff", diff, "```");
  } else if (diffLines > 0) {
    const changedLines = changed.reduce((sum, change) => sum + change.added + change.removed, 0);
    body.push(
      "",
      `The diff is long (${plural(changedLines, "changed line")}), so it has a page of its own:`,
      `[${DIFF_PAGE}](${DIFF_PAGE}), one section per file.`,
    );
    diffPage = diffPageText(lab, previous, changed);
  }
  return { section: [START_MARKER, ...body, END_MARKER].join("\n"), diffPage };
}

function diffPageText(lab: string, previous: string, changed: Extract<FileChange, { kind: "changed" }>[]): string {
  const lines = [
    `<!-- ${DIFF_PAGE} is written by npm run docs from the code: edit the code, not this. -->`,
    `# Lab ${lab.slice(0, 2)}: the diff from lab ${previous.slice(0, 2)}`,
    "",
    `What changed from [${previous}](../${previous}/README.md) to [${lab}](README.md), file by file, as`,
    `\`diff -u --minimal labs/${previous}/<file> labs/${lab}/<file>\` prints it. The`,
    `[README](README.md#what-changed-from-the-previous-lab) sums it up.`,
  ];
  for (const change of changed) {
    lines.push(
      "",
      `## ${change.file}`,
      "",
      `${plural(change.added, "line")} added, ${change.removed.toLocaleString("en-US")} removed.`,
      "",
      "```diff",
      change.diff,
      "```",
    );
  }
  return `${lines.join("\n")}\n`;
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

// ---------------------------------------------------------------------------
// What npm run docs writes.

export interface GeneratedFile {
  lab: string;
  /** README.md or DIFF.md */
  name: string;
  path: string;
  /** null when the file does not exist. */
  current: string | null;
  /** What it should hold; null when it should not exist (a README: when the lab has none to update). */
  updated: string | null;
}

/** What `npm run docs` would write, lab by lab: each README, and each lab's DIFF.md. */
export function generatedFiles(): GeneratedFile[] {
  const labs = labFolders();
  const typescript = new TypeScriptFiles();
  try {
    return labs.flatMap((lab) => {
      const docs = labDocs(lab, previousLab(lab, labs), typescript);
      const file = (name: string, updated: (current: string | null) => string | null): GeneratedFile => {
        const path = join(labsDir, lab, name);
        const current = existsSync(path) ? readFileSync(path, "utf8") : null;
        return { lab, name, path, current, updated: updated(current) };
      };
      return [
        file("README.md", (current) => (current === null ? null : withChangesSection(current, docs.section))),
        file(DIFF_PAGE, () => docs.diffPage),
      ];
    });
  } finally {
    typescript.close();
  }
}

function main(): void {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const { lab, name, path, current, updated } of generatedFiles()) {
    if (name === "README.md" && current === null) {
      console.log(`${lab}: no README.md yet (every lab needs one; see labs/02-ws-vanilla/README.md)`);
      if (check) stale++;
    } else if (updated === current) {
      if (current !== null) console.log(`${lab}: ${name} up to date`);
    } else if (check) {
      console.log(`${lab}: ${name} is stale: run npm run docs`);
      stale++;
    } else if (updated === null) {
      rmSync(path);
      console.log(`${lab}: ${name} removed (the diff is short enough for the README now)`);
    } else {
      writeFileSync(path, updated);
      console.log(`${lab}: ${name} ${current === null ? "written" : "updated"}`);
    }
  }
  if (stale > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
