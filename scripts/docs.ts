/**
 * `npm run docs`: writes the "What changed from the previous lab" section of
 * every lab's README.md, and of its Japanese twin README.ja.md, from the code, so
 * it can never go stale. Both say the same (the same counts, declarations and diff)
 * in their own words (WORDS below).
 *
 * For each `labs/NN-*` folder it compares the files of the lab before it (all but
 * README.md and DIFF.md): the number of lines each file gains and loses, which
 * top-level declarations of its TypeScript files are new, changed or gone, and the
 * unified diff itself (as `diff -u --minimal` prints it: see unified-diff.ts). A short
 * diff stands in the README; a long one goes to the lab's DIFF.md, which the README
 * links to, so that the README stays readable. DIFF.md is one page for both
 * languages: it is nearly all diff, which no translation changes, so its few
 * sentences are written in both (a Japanese twin would repeat some 200 KB of diff
 * for two sentences, and every lab change would rewrite both copies).
 *
 * The section sits between two fixed markers; a README without them gets it before
 * its "## Things to try" heading (README.ja.md: "## 試してみること"), or at its end.
 * The output depends only on the files' contents, so running it twice changes
 * nothing, on any machine.
 *
 * `npm run docs -- --check` writes nothing and exits 1 when a file is stale, or
 * when a README and its README.ja.md have drifted apart (readme-drift.ts);
 * e2e/docs.spec.ts fails in the same cases.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { LANGUAGES, type Language } from "../labs/shared/messages.ts";
import { TypeScriptFiles } from "./declarations.ts";
import { labFolders, labsDir, previousLab } from "./labs.ts";
import { printDrifts } from "./readme-drift.ts";
import { unifiedDiff } from "./unified-diff.ts";

export const START_MARKER = "<!-- generated:changes:start (npm run docs writes this section from the code: edit the code, not this) -->";
export const END_MARKER = "<!-- generated:changes:end -->";
/** The generated page that holds a diff too long for the README (one page for both languages). */
export const DIFF_PAGE = "DIFF.md";
/** Each language's README file in a lab folder. */
export const README_OF: Readonly<Record<Language, string>> = { en: "README.md", ja: "README.ja.md" };
/** A diff of up to this many lines (context included) stands in the README; a longer one goes to DIFF.md. */
const README_DIFF_MAX_LINES = 100;

// ---------------------------------------------------------------------------
// What changed between two labs, file by file.

/** The files a lab is made of, its READMEs and DIFF.md aside, in a fixed order: the lesson first. */
export function lessonFiles(lab: string): string[] {
  const order = ["main.ts", "index.html", "panel.ts", "style.css"];
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return readdirSync(join(labsDir, lab), { withFileTypes: true })
    .filter((entry) => entry.isFile() && !Object.values(README_OF).includes(entry.name) && entry.name !== DIFF_PAGE)
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
  | { file: string; kind: "changed"; diff: string; added: number; removed: number; declarations: Declarations };

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
      : { added: [], changed: [], removed: [] };
    return { file, kind: "changed", diff: diff.text, added: diff.added, removed: diff.removed, declarations };
  });
}

interface Declarations {
  added: string[];
  changed: string[];
  removed: string[];
}

/** Which top-level declarations are new, changed or gone. */
function summarizeDeclarations(typescript: TypeScriptFiles, oldPath: string, newPath: string): Declarations {
  const before = typescript.declarations(oldPath);
  const after = typescript.declarations(newPath);
  if (!before || !after) return { added: [], changed: [], removed: [] };
  return {
    added: [...after.keys()].filter((name) => !before.has(name)),
    changed: [...after.keys()].filter((name) => before.has(name) && before.get(name) !== after.get(name)),
    removed: [...before.keys()].filter((name) => !after.has(name)),
  };
}

// ---------------------------------------------------------------------------
// The words around the counts, in each language. Japanese follows
// ../shared/glossary-ja.md's style: です/ます, a space between Japanese and Latin.

interface ChangesWords {
  heading: string;
  /** GitHub's anchor for the heading (DIFF.md links to it). */
  anchor: string;
  firstLab: string[];
  comparedWith: (previous: string, lab: string) => string[];
  newFile: (lines: number) => string;
  goneFile: (lines: number) => string;
  changedFile: (added: number, removed: number) => string;
  newDeclarations: string;
  changedDeclarations: string;
  goneDeclarations: string;
  unchanged: string;
  /** Lines around the list of files (README.ja.md: its lists of names are code, not sentences for textlint to measure). */
  aroundList: [string[], string[]];
  theDiff: string;
  longDiff: (changedLines: number) => string[];
}

const count = (value: number) => value.toLocaleString("en-US");
const plural = (value: number, word: string) => `${count(value)} ${word}${value === 1 ? "" : "s"}`;

const WORDS: Readonly<Record<Language, ChangesWords>> = {
  en: {
    heading: "What changed from the previous lab",
    anchor: "what-changed-from-the-previous-lab",
    firstLab: [
      "Nothing: this is the first lab. From the next lab on, this section lists what each step",
      "adds to the one before, with the diff, written by `npm run docs` from the code.",
    ],
    comparedWith: (previous, lab) => [
      `Compared with [${previous}](../${previous}/README.md), file by file (the lines that`,
      `\`diff -u --minimal labs/${previous}/main.ts labs/${lab}/main.ts\` shows, and so on for each file):`,
    ],
    newFile: (lines) => `new in this lab (${plural(lines, "line")})`,
    goneFile: (lines) => `gone (it had ${plural(lines, "line")})`,
    changedFile: (added, removed) => `${plural(added, "line")} added, ${count(removed)} removed`,
    newDeclarations: "new",
    changedDeclarations: "changed",
    goneDeclarations: "gone",
    unchanged: "unchanged",
    aroundList: [[], []],
    theDiff: "The diff:",
    longDiff: (changedLines) => [
      `The diff is long (${plural(changedLines, "changed line")}), so it has a page of its own:`,
      `[${DIFF_PAGE}](${DIFF_PAGE}), one section per file.`,
    ],
  },
  ja: {
    heading: "前のラボからの変更点",
    anchor: "前のラボからの変更点",
    // One line per paragraph: a line break between Japanese sentences shows as a space.
    firstLab: [
      "ありません。これが最初のラボです。次のラボからは、前のステップに何を加えたかをこの節に差分つきで示します。" +
        "この節は `npm run docs` がコードから書き出します。",
    ],
    comparedWith: (previous, lab) => [
      `[${previous}](../${previous}/README.ja.md) と比べた変更をファイルごとに示します。` +
        `行数は \`diff -u --minimal labs/${previous}/main.ts labs/${lab}/main.ts\` が示す行の数です（ほかのファイルも同様です）。`,
    ],
    newFile: (lines) => `このラボで追加（${count(lines)} 行）`,
    goneFile: (lines) => `削除（${count(lines)} 行ありました）`,
    changedFile: (added, removed) => `${count(added)} 行追加、${count(removed)} 行削除`,
    newDeclarations: "追加",
    changedDeclarations: "変更",
    goneDeclarations: "削除",
    unchanged: "変更なし",
    aroundList: [
      ["<!-- textlint-disable ja-technical-writing/sentence-length -->", ""],
      ["", "<!-- textlint-enable ja-technical-writing/sentence-length -->"],
    ],
    theDiff: "差分は次のとおりです。",
    longDiff: (changedLines) => [
      `差分が長い（変更 ${count(changedLines)} 行）ため、別のページに分けています。[${DIFF_PAGE}](${DIFF_PAGE}) にファイルごとの節があります。`,
    ],
  },
};

// ---------------------------------------------------------------------------
// The README's section, and DIFF.md.

export interface LabDocs {
  /** Each README's generated section, markers included. */
  sections: Record<Language, string>;
  /** DIFF.md's text, or null when the diff is short enough for the README (then there is no DIFF.md). */
  diffPage: string | null;
}

type ChangedFile = Extract<FileChange, { kind: "changed" }>;

export function labDocs(lab: string, previous: string | undefined, typescript: TypeScriptFiles): LabDocs {
  const changes = previous === undefined ? [] : labChanges(previous, lab, typescript);
  const changed = changes.flatMap((change) => (change.kind === "changed" ? [change] : []));
  const diff = changed.map((change) => change.diff).join("\n");
  const diffLines = diff === "" ? 0 : diff.split("\n").length;
  const longDiff = diffLines > README_DIFF_MAX_LINES;
  const section = (language: Language) => {
    const words = WORDS[language];
    const body = [`## ${words.heading}`, ""];
    if (previous === undefined) body.push(...words.firstLab);
    else body.push(...changesList(words, previous, lab, changes));
    if (diffLines > 0 && !longDiff) body.push("", words.theDiff, "", "```diff", diff, "```");
    if (longDiff) body.push("", ...words.longDiff(changed.reduce((sum, change) => sum + change.added + change.removed, 0)));
    return [START_MARKER, ...body, END_MARKER].join("\n");
  };
  return {
    sections: { en: section("en"), ja: section("ja") },
    diffPage: longDiff ? diffPageText(lab, previous!, changed) : null,
  };
}

/** "Compared with …", then one list item per file, in `words`' language. */
function changesList(words: ChangesWords, previous: string, lab: string, changes: FileChange[]): string[] {
  const code = (names: string[]) => names.map((name) => `\`${name}\``).join(", ");
  const lines = [...words.comparedWith(previous, lab), "", ...words.aroundList[0]];
  for (const change of changes) {
    if (change.kind === "new") lines.push(`- \`${change.file}\`: ${words.newFile(change.lines)}`);
    if (change.kind === "gone") lines.push(`- \`${change.file}\`: ${words.goneFile(change.lines)}`);
    if (change.kind === "changed") {
      lines.push(`- \`${change.file}\`: ${words.changedFile(change.added, change.removed)}`);
      const { added, changed, removed } = change.declarations;
      if (added.length) lines.push(`  - ${words.newDeclarations}: ${code(added)}`);
      if (changed.length) lines.push(`  - ${words.changedDeclarations}: ${code(changed)}`);
      if (removed.length) lines.push(`  - ${words.goneDeclarations}: ${code(removed)}`);
    }
  }
  const unchanged = changes.filter((change) => change.kind === "unchanged").map((change) => change.file);
  if (unchanged.length) lines.push(`- ${words.unchanged}: ${code(unchanged)}`);
  return [...lines, ...words.aroundList[1]];
}

/** DIFF.md: its few sentences in both languages, each linking to its own README; then the diff, file by file. */
function diffPageText(lab: string, previous: string, changed: ChangedFile[]): string {
  const [labNumber, previousNumber] = [lab.slice(0, 2), previous.slice(0, 2)];
  const command = `\`diff -u --minimal labs/${previous}/<file> labs/${lab}/<file>\``;
  const lines = [
    `<!-- ${DIFF_PAGE} is written by npm run docs from the code: edit the code, not this. -->`,
    `# Lab ${labNumber}: the diff from lab ${previousNumber} · ラボ ${labNumber}: ラボ ${previousNumber} からの差分`,
    "",
    `What changed from [${previous}](../${previous}/README.md) to [${lab}](README.md), file by file, as`,
    `${command} prints it. The`,
    `[README](README.md#${WORDS.en.anchor}) sums it up.`,
    "",
    `[${previous}](../${previous}/README.ja.md) から [${lab}](README.ja.md) への変更を、${command} の出力のままファイルごとに示します。` +
      `要約は [README.ja.md](README.ja.md#${WORDS.ja.anchor}) にあります。`,
  ];
  for (const change of changed) {
    lines.push(
      "",
      `## ${change.file}`,
      "",
      `${WORDS.en.changedFile(change.added, change.removed)}. · ${WORDS.ja.changedFile(change.added, change.removed)}。`,
      "",
      "```diff",
      change.diff,
      "```",
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Where a README without the markers gets the section: before this heading (else at its end). */
const TRY_HEADING: Readonly<Record<Language, RegExp>> = { en: /^## Things to try/m, ja: /^## 試してみること/m };

/** `readme` with its generated section replaced, or inserted if it has none. */
export function withChangesSection(readme: string, section: string, language: Language = "en"): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start >= 0 && end > start) return readme.slice(0, start) + section + readme.slice(end + END_MARKER.length);
  const tryHeading = readme.search(TRY_HEADING[language]);
  if (tryHeading >= 0) return `${readme.slice(0, tryHeading)}${section}\n\n${readme.slice(tryHeading)}`;
  return `${readme.trimEnd()}\n\n${section}\n`;
}

// ---------------------------------------------------------------------------
// What npm run docs writes.

export interface GeneratedFile {
  lab: string;
  /** README.md, README.ja.md or DIFF.md */
  name: string;
  path: string;
  /** null when the file does not exist. */
  current: string | null;
  /** What it should hold; null when it should not exist (a README: when the lab has none to update). */
  updated: string | null;
}

/** What `npm run docs` would write, lab by lab: each README (English, then Japanese), and each lab's DIFF.md. */
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
        ...LANGUAGES.map((language) =>
          file(README_OF[language], (current) => (current === null ? null : withChangesSection(current, docs.sections[language], language))),
        ),
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
    if (name !== DIFF_PAGE && current === null) {
      console.log(`${lab}: no ${name} yet (every lab needs one; see labs/02-ws-vanilla/${name})`);
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
  // The READMEs and their Japanese twins must still say the same things.
  const drifts = printDrifts();
  if (stale > 0 || drifts > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
