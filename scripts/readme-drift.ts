/**
 * The drift check: every README.md has a Japanese twin, README.ja.md, and the two
 * must keep the same skeleton, so that neither gains a section, a diagram, a command
 * or a link that the other lacks. The prose differs (it is translated); what a reader
 * runs, clicks or follows does not.
 *
 * It compares, file pair by file pair:
 * - the opening language line, `[English](README.md) | [日本語](README.ja.md)`, in both;
 * - the headings: the same count and levels, in order. Headings are translated, so
 *   they are paired by position and level, helped, where one side has a heading the
 *   other lacks, by what their sections share (inline code, code blocks, links);
 * - then, section by section (a section runs from a heading to the next one):
 *   - the mermaid diagrams: the same count, and each diagram the same number of messages
 *     (its participants and notes are translated);
 *   - the other code blocks: the same ones, character for character;
 *   - the links: the same targets, where a link to a README.md in one is a link to its
 *     README.ja.md in the other, and a #anchor is compared by the heading it leads to
 *     (anchors differ once headings are translated), and a link to a folder is a link
 *     to its README (GitHub shows the English one, so README.ja.md names the Japanese
 *     one). A link to a file that does not exist, or to an anchor no heading has, is
 *     reported too.
 *
 * Each problem names the file and line, the section (in both languages) and what is
 * missing or different, so whoever merges an English change knows where the Japanese
 * one must go. `npx tsx scripts/readme-drift.ts` (also `npm run drift`, and part of
 * `npm run docs -- --check`) prints them and exits 1; e2e/docs.spec.ts runs the same check.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, posix, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import GithubSlugger from "github-slugger";
import MarkdownIt from "markdown-it";
import { labFolders } from "./labs.ts";

export const repositoryRoot = fileURLToPath(new URL("../", import.meta.url));

/** The first line of every README and of its twin. */
export const LANGUAGE_LINE = "[English](README.md) | [日本語](README.ja.md)";
export const JAPANESE_README = "README.ja.md";

/** Every README that must have a Japanese twin, from the repository's root: the top one, each lab's, the relay's. */
export function readmePaths(): string[] {
  return ["README.md", ...labFolders().map((lab) => `labs/${lab}/README.md`), "server/README.md"];
}

/** labs/03-wss/README.md → labs/03-wss/README.ja.md */
export function japaneseTwinOf(path: string): string {
  return path.replace(/README\.md$/, JAPANESE_README);
}

// ---------------------------------------------------------------------------
// A README's outline: its headings, and what each section holds.

export interface Heading {
  level: number;
  text: string;
  /** GitHub's anchor for it (github-slugger, as the README page uses too). */
  anchor: string;
  /** 1-based, as editors count. */
  line: number;
}

interface CodeBlock {
  info: string;
  content: string;
  line: number;
}

interface Diagram {
  messages: number;
  line: number;
}

interface Link {
  href: string;
  text: string;
  line: number;
}

interface Section {
  /** null for what comes before the first heading. */
  heading: Heading | null;
  code: CodeBlock[];
  diagrams: Diagram[];
  links: Link[];
  /**
   * What a translation keeps, in the order it comes: inline code, code blocks, link
   * targets, diagrams. It tells sections apart where their headings are translated.
   */
  features: string[];
}

export interface Outline {
  path: string;
  /** The first line that is not blank. */
  firstLine: string;
  lineCount: number;
  sections: Section[];
  headings: Heading[];
}

const markdown = new MarkdownIt({ html: true });

/** A message line of a mermaid sequence diagram: `A->>S: text`, `S-->>A: ...`, `S--xA: ...`, `A-)B: ...`. */
const DIAGRAM_MESSAGE = /^\s*[^\s:]+?\s*(?:<<)?-{1,2}(?:>>|>|x|\))[+-]?\s*[^\s:]+\s*:/;

export function outline(path: string, text: string): Outline {
  const tokens = markdown.parse(text, {});
  const slugger = new GithubSlugger();
  const sections: Section[] = [newSection(null)];
  const headings: Heading[] = [];
  let line = 1;
  tokens.forEach((token, index) => {
    const section = sections.at(-1)!;
    // (a table cell's text has no line of its own: its row's is the last one seen)
    if (token.map) line = token.map[0] + 1;
    if (token.type === "heading_open") {
      const inline = tokens[index + 1]!;
      const headingText = (inline.children ?? []).map((child) => (child.type === "text" || child.type === "code_inline" ? child.content : "")).join("");
      const heading: Heading = { level: Number(token.tag.slice(1)), text: inline.content, anchor: slugger.slug(headingText), line };
      headings.push(heading);
      sections.push(newSection(heading));
    } else if (token.type === "fence" || token.type === "code_block") {
      const info = token.info.trim();
      if (info === "mermaid") {
        section.diagrams.push({ messages: token.content.split("\n").filter((each) => DIAGRAM_MESSAGE.test(each)).length, line });
      } else {
        section.code.push({ info, content: token.content, line });
      }
      section.features.push(info === "mermaid" ? "d:diagram" : `b:${token.content}`);
    } else if (token.type === "inline") {
      // A link's line: the block's first line plus the line breaks before it.
      let breaks = 0;
      (token.children ?? []).forEach((child, at, children) => {
        if (child.type === "softbreak" || child.type === "hardbreak") breaks++;
        if (child.type === "code_inline") section.features.push(`c:${child.content}`);
        if (child.type === "link_open") {
          const close = children.findIndex((each, after) => after > at && each.type === "link_close");
          const linkText = children.slice(at + 1, close).map((each) => each.content).join("");
          const href = String(child.attrGet("href") ?? "");
          section.links.push({ href, text: linkText, line: line + breaks });
          section.features.push(`l:${href.replace(JAPANESE_README, "README.md").replace(/#.*/, "")}`);
        }
      });
    }
  });
  const firstLine = text.split("\n").find((each) => each.trim() !== "") ?? "";
  return { path, firstLine, lineCount: text.split("\n").length, sections, headings };
}

function newSection(heading: Heading | null): Section {
  return { heading, code: [], diagrams: [], links: [], features: [] };
}

// ---------------------------------------------------------------------------
// Pairing the two files' sections.

/**
 * Which Japanese section stands for which English one. Sections pair only with the
 * same heading level, in order; as many pairs as possible, and among those the
 * pairing whose sections share the most (inline code, code blocks, link targets),
 * above all at their start and in their headings' Latin words: a section whose
 * heading was deleted has joined the one before it, so it is the start of a section
 * that still says which heading it stands for.
 * Index 0 (before the first heading) always pairs with 0.
 */
export function pairSections(english: Outline, japanese: Outline): Map<number, number> {
  const en = english.sections;
  const ja = japanese.sections;
  // best[i][j]: the best score pairing en[i..] with ja[j..].
  const best = Array.from({ length: en.length + 1 }, () => new Array<number>(ja.length + 1).fill(0));
  const [enPrints, jaPrints] = [en.map(fingerprint), ja.map(fingerprint)];
  const pairScore = (i: number, j: number) => {
    if (en[i]!.heading!.level !== ja[j]!.heading!.level) return -Infinity;
    const [a, b] = [enPrints[i]!, jaPrints[j]!];
    // 10 for each pair, so that the most pairs win; what the sections share decides among those.
    return 10 + similarity(a.all, b.all) + 2 * similarity(a.start, b.start) + 2 * similarity(a.heading, b.heading);
  };
  for (let i = en.length - 1; i >= 1; i--) {
    for (let j = ja.length - 1; j >= 1; j--) {
      best[i]![j] = Math.max(best[i + 1]![j]!, best[i]![j + 1]!, pairScore(i, j) + best[i + 1]![j + 1]!);
    }
  }
  const pairs = new Map<number, number>([[0, 0]]);
  let i = 1;
  let j = 1;
  while (i < en.length && j < ja.length) {
    if (best[i]![j] === pairScore(i, j) + best[i + 1]![j + 1]!) pairs.set(i++, j++);
    else if (best[i]![j] === best[i + 1]![j]) i++;
    else j++;
  }
  return pairs;
}

/** What a section keeps in translation: all of it, its first few features, its heading's Latin words and numbers. */
function fingerprint(section: Section): { all: Set<string>; start: Set<string>; heading: Set<string> } {
  const latinInHeading = (section.heading?.text ?? "").match(/[A-Za-z0-9][\w.:/()-]*/g) ?? [];
  return {
    all: new Set(section.features),
    start: new Set(section.features.slice(0, 4)),
    heading: new Set(latinInHeading.map((word) => word.toLowerCase())),
  };
}

function similarity(a: Set<string>, b: Set<string>): number {
  const shared = [...a].filter((each) => b.has(each)).length;
  return shared / Math.max(1, new Set([...a, ...b]).size);
}

// ---------------------------------------------------------------------------
// The check.

export interface Drift {
  /** The file to fix (from the repository's root) and the line there. */
  file: string;
  line: number;
  /** The section, in both languages. */
  section: string;
  message: string;
}

export function formatDrift(drift: Drift): string {
  return `${drift.file}:${drift.line}: ${drift.section}: ${drift.message}`;
}

/** Reads the repository's files (or, for tests, other texts). */
export type ReadFile = (path: string) => string | null;

export const readRepositoryFile: ReadFile = (path) => {
  const absolute = join(repositoryRoot, path);
  return existsSync(absolute) && statSync(absolute).isFile() ? readFileSync(absolute, "utf8") : null;
};

/** Every drift between the READMEs and their twins, README by README. */
export function checkAllReadmes(read: ReadFile = readRepositoryFile): Drift[] {
  return readmePaths().flatMap((path) => checkReadme(path, read));
}

/** The drift between `englishPath` (a README.md) and its README.ja.md. */
export function checkReadme(englishPath: string, read: ReadFile = readRepositoryFile): Drift[] {
  const japanesePath = japaneseTwinOf(englishPath);
  const englishText = read(englishPath);
  const japaneseText = read(japanesePath);
  if (englishText === null) return [{ file: englishPath, line: 1, section: "the file", message: "is missing" }];
  if (japaneseText === null) {
    return [{ file: japanesePath, line: 1, section: "the file", message: `is missing: every README has a Japanese twin; translate ${englishPath} into it` }];
  }
  return new ReadmeComparison(englishPath, japanesePath, englishText, japaneseText, read).drifts();
}

class ReadmeComparison {
  private readonly english: Outline;
  private readonly japanese: Outline;
  private readonly pairs: Map<number, number>;
  private readonly found: Drift[] = [];
  /** Outlines of the other READMEs links lead to, and how their sections pair. */
  private readonly others = new Map<string, { english: Outline; japanese: Outline | null; pairs: Map<number, number> | null } | null>();

  constructor(
    private readonly englishPath: string,
    private readonly japanesePath: string,
    englishText: string,
    japaneseText: string,
    private readonly read: ReadFile,
  ) {
    this.english = outline(englishPath, englishText);
    this.japanese = outline(japanesePath, japaneseText);
    this.pairs = pairSections(this.english, this.japanese);
  }

  drifts(): Drift[] {
    for (const [file, outlined] of [[this.englishPath, this.english], [this.japanesePath, this.japanese]] as const) {
      if (outlined.firstLine !== LANGUAGE_LINE) {
        this.report(file, 1, "the first line", `must be \`${LANGUAGE_LINE}\`, not \`${outlined.firstLine}\``);
      }
    }
    this.compareHeadings();
    for (const [enIndex, jaIndex] of this.pairs) this.compareSections(enIndex, jaIndex);
    return this.found.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  }

  private report(file: string, line: number, section: string, message: string): void {
    this.found.push({ file, line, section, message });
  }

  /** “## 動かし方” (README.md: “## How to run it”, line 40) */
  private sectionName(enIndex: number, jaIndex: number): string {
    const en = this.english.sections[enIndex]!.heading;
    const ja = this.japanese.sections[jaIndex]!.heading;
    if (!en || !ja) return "before the first heading";
    return `section ${quoteHeading(ja)} (README.md: ${quoteHeading(en)}, line ${en.line})`;
  }

  /** Headings one file has and the other lacks, said with their neighbours so the place is plain. */
  private compareHeadings(): void {
    const pairedJa = new Set(this.pairs.values());
    const en = this.english.sections;
    const ja = this.japanese.sections;
    // The Japanese section paired with the nearest English one before or after `enIndex`.
    const neighbours = (enIndex: number) => {
      let before = enIndex - 1;
      while (!this.pairs.has(before)) before--;
      let after = enIndex + 1;
      while (after < en.length && !this.pairs.has(after)) after++;
      return { before, after: after < en.length ? after : null };
    };
    for (let enIndex = 1; enIndex < en.length; enIndex++) {
      if (this.pairs.has(enIndex)) continue;
      const heading = en[enIndex]!.heading!;
      const { before, after } = neighbours(enIndex);
      const jaBefore = ja[this.pairs.get(before)!]!;
      const place = [
        before > 0 ? `after ${quoteHeading(jaBefore.heading!)} (README.md: ${quoteHeading(en[before]!.heading!)})` : "before the first heading",
        after !== null ? `before ${quoteHeading(ja[this.pairs.get(after)!]!.heading!)} (README.md: ${quoteHeading(en[after]!.heading!)})` : "at the end",
      ].join(" and ");
      // The line to put it above: the next heading's, or the end of the file.
      const line = after !== null ? ja[this.pairs.get(after)!]!.heading!.line : this.japanese.lineCount;
      this.report(
        this.japanesePath,
        line,
        `the headings`,
        `lacks the heading ${quoteHeading(heading)} (level ${heading.level}) that README.md has at line ${heading.line}; it goes ${place}` +
          `${this.unpairedJapaneseHeadingNear(enIndex, pairedJa)}. Its section holds ${describeSection(en[enIndex]!)}`,
      );
    }
    for (let jaIndex = 1; jaIndex < ja.length; jaIndex++) {
      if (pairedJa.has(jaIndex)) continue;
      const heading = ja[jaIndex]!.heading!;
      this.report(this.japanesePath, heading.line, "the headings", `has the heading ${quoteHeading(heading)} (level ${heading.level}) that README.md lacks (or at another level)`);
    }
    if (en.length !== ja.length || this.pairs.size !== en.length) {
      const levels = (outlined: Outline) => outlined.headings.map((heading) => heading.level).join("");
      this.report(
        this.japanesePath,
        1,
        "the headings",
        `README.md has ${en.length - 1} headings (levels ${levels(this.english)}), README.ja.md ${ja.length - 1} (levels ${levels(this.japanese)})`,
      );
    }
  }

  /** When the other file has an unpaired heading in the same gap, it is likely this one at another level. */
  private unpairedJapaneseHeadingNear(enIndex: number, pairedJa: Set<number>): string {
    let before = enIndex - 1;
    while (!this.pairs.has(before)) before--;
    const from = this.pairs.get(before)! + 1;
    for (let jaIndex = from; jaIndex < this.japanese.sections.length && !pairedJa.has(jaIndex); jaIndex++) {
      const heading = this.japanese.sections[jaIndex]!.heading!;
      return ` (README.ja.md has ${quoteHeading(heading)}, level ${heading.level}, at line ${heading.line} there: a heading at the wrong level?)`;
    }
    return "";
  }

  private compareSections(enIndex: number, jaIndex: number): void {
    const en = this.english.sections[enIndex]!;
    const ja = this.japanese.sections[jaIndex]!;
    const name = this.sectionName(enIndex, jaIndex);
    const at = ja.heading?.line ?? 1;

    // Diagrams: as many, each with as many messages.
    if (en.diagrams.length !== ja.diagrams.length) {
      this.report(
        this.japanesePath,
        at,
        name,
        `has ${ja.diagrams.length} mermaid diagram(s), README.md ${en.diagrams.length} (README.md line(s) ${en.diagrams.map((diagram) => diagram.line).join(", ") || "none"}; ` +
          `README.ja.md line(s) ${ja.diagrams.map((diagram) => diagram.line).join(", ") || "none"})`,
      );
    } else {
      en.diagrams.forEach((diagram, index) => {
        const twin = ja.diagrams[index]!;
        if (diagram.messages !== twin.messages) {
          this.report(this.japanesePath, twin.line, name, `diagram ${index + 1} has ${twin.messages} messages, README.md's (line ${diagram.line}) ${diagram.messages}`);
        }
      });
    }

    // Code blocks: the same ones, in order.
    const [onlyEnglish, onlyJapanese] = unmatched(en.code, ja.code, (a, b) => a.info === b.info && a.content === b.content);
    for (const block of onlyEnglish) {
      const similar = onlyJapanese.find((other) => other.info === block.info);
      const what = similar
        ? `its code block at line ${similar.line} differs from README.md's at line ${block.line} (code blocks are not translated): ${firstDifference(block.content, similar.content)}`
        : `lacks the code block that README.md has at line ${block.line}: ${excerpt(block)}`;
      if (similar) onlyJapanese.splice(onlyJapanese.indexOf(similar), 1);
      this.report(this.japanesePath, similar?.line ?? at, name, what);
    }
    for (const block of onlyJapanese) this.report(this.japanesePath, block.line, name, `has a code block that README.md lacks: ${excerpt(block)}`);

    // Links: the same targets.
    const enLinks = this.targets(this.englishPath, en.links, "en");
    const jaLinks = this.targets(this.japanesePath, ja.links, "ja");
    for (const [key, link] of enLinks) {
      if (!jaLinks.has(key)) this.report(this.japanesePath, at, name, `lacks the link to ${key} that README.md has at line ${link.line}: [${link.text}](${link.href})`);
    }
    for (const [key, link] of jaLinks) {
      if (!enLinks.has(key)) this.report(this.japanesePath, link.line, name, `has a link to ${key} that README.md lacks: [${link.text}](${link.href})`);
    }
  }

  /**
   * Each link's target in terms both files share: a path from the repository's root,
   * README.ja.md read as README.md, and an anchor as the English heading it leads to.
   * Links that lead nowhere, or to the wrong language's README, are reported here.
   */
  private targets(file: string, links: Link[], language: "en" | "ja"): Map<string, Link> {
    const found = new Map<string, Link>();
    for (const link of links) {
      const key = this.target(file, link, language);
      if (key !== null) found.set(key, link);
    }
    return found;
  }

  private target(file: string, link: Link, language: "en" | "ja"): string | null {
    const { href } = link;
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return href;
    const hashAt = href.indexOf("#");
    const pathPart = hashAt >= 0 ? href.slice(0, hashAt) : href;
    const anchor = hashAt >= 0 ? decodeURIComponent(href.slice(hashAt + 1)) : null;
    let path = pathPart === "" ? file : posix.normalize(posix.join(posix.dirname(file), pathPart));
    const problem = (message: string) => {
      this.report(file, link.line, `the link [${link.text}](${href})`, message);
      return null;
    };
    if (path.startsWith("..")) return problem("leads out of the repository");
    // A folder with a README is shown as that README (GitHub shows the English one).
    const folderReadme = pathPart.endsWith("/") && this.read(`${path.replace(/\/$/, "")}/README.md`) !== null;
    if (folderReadme) path = `${path.replace(/\/$/, "")}/README.md`;
    const isJapaneseReadme = path.endsWith(`/${JAPANESE_README}`) || path === JAPANESE_README;
    const isEnglishReadme = /(^|\/)README\.md$/.test(path);
    // The language line is the one place each file links to the other language.
    const languageLine = link.line === 1 && pathPart !== "" && posix.dirname(path) === posix.dirname(file);
    if (!languageLine) {
      // Reported, and then compared as if it were right: one problem, said once.
      if (language === "en" && isJapaneseReadme) problem(`leads to a Japanese README from the English one: use ${pathPart.replace(JAPANESE_README, "README.md")}`);
      if (language === "ja" && isEnglishReadme && this.read(japaneseTwinOf(path)) !== null) {
        problem(`leads to the English README; its Japanese twin exists: use ${folderReadme ? `${pathPart}${JAPANESE_README}` : pathPart.replace(/README\.md$/, JAPANESE_README)}`);
      }
    }
    // A folder (labs/01-copy-paste/) exists without a text.
    const text = this.read(path) ?? (existsSync(join(repositoryRoot, path)) ? "" : null);
    if (text === null) return problem(`leads to ${path}, which does not exist`);
    const canonical = isJapaneseReadme ? path.replace(/README\.ja\.md$/, "README.md") : path;
    if (anchor === null) return canonical;
    if (!path.endsWith(".md")) return `${canonical}#${anchor}`;
    return this.anchorTarget(path, text, anchor, canonical, problem);
  }

  /** `path#anchor` as the English heading it leads to, so that translated anchors compare equal. */
  private anchorTarget(path: string, text: string, anchor: string, canonical: string, problem: (message: string) => null): string | null {
    const outlined = path === this.japanesePath ? this.japanese : path === this.englishPath ? this.english : outline(path, text);
    const index = outlined.sections.findIndex((section) => section.heading?.anchor === anchor);
    if (index < 0) return problem(`leads to #${anchor}, but no heading of ${path} has that anchor (${outlined.headings.length} headings there)`);
    const isJapaneseReadme = path.endsWith(JAPANESE_README);
    if (!isJapaneseReadme) return `${canonical}#${anchor}`;
    const pair = this.pairOf(canonical);
    const enIndex = pair ? [...pair.pairs!.entries()].find(([, jaIndex]) => jaIndex === index)?.[0] : undefined;
    if (!pair || enIndex === undefined) return `${canonical}#(no English heading for #${anchor})`;
    return `${canonical}#${pair.english.sections[enIndex]!.heading!.anchor}`;
  }

  private pairOf(englishPath: string) {
    if (englishPath === this.englishPath) return { english: this.english, japanese: this.japanese, pairs: this.pairs };
    if (!this.others.has(englishPath)) {
      const englishText = this.read(englishPath);
      const japaneseText = this.read(japaneseTwinOf(englishPath));
      if (englishText === null || japaneseText === null) {
        this.others.set(englishPath, null);
      } else {
        const english = outline(englishPath, englishText);
        const japanese = outline(japaneseTwinOf(englishPath), japaneseText);
        this.others.set(englishPath, { english, japanese, pairs: pairSections(english, japanese) });
      }
    }
    return this.others.get(englishPath) ?? null;
  }
}

function quoteHeading(heading: Heading): string {
  return `“${"#".repeat(heading.level)} ${heading.text}”`;
}

function describeSection(section: Section): string {
  const parts = [
    section.diagrams.length ? `${section.diagrams.length} diagram(s)` : "",
    section.code.length ? `${section.code.length} code block(s)` : "",
    section.links.length ? `${section.links.length} link(s)` : "",
  ].filter(Boolean);
  return parts.length ? `${parts.join(", ")}, to translate too` : "text only";
}

/** The items of `a` and of `b` left once equal items are paired, in order (a longest common subsequence). */
function unmatched<T>(a: T[], b: T[], equal: (x: T, y: T) => boolean): [T[], T[]] {
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] = equal(a[i]!, b[j]!) ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const onlyA: T[] = [];
  const onlyB: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && equal(a[i]!, b[j]!)) {
      i++;
      j++;
    } else if (j >= b.length || (i < a.length && lengths[i + 1]![j]! >= lengths[i]![j + 1]!)) {
      onlyA.push(a[i++]!);
    } else {
      onlyB.push(b[j++]!);
    }
  }
  return [onlyA, onlyB];
}

function excerpt(block: CodeBlock): string {
  const lines = block.content.split("\n").filter(Boolean);
  return `\`\`\`${block.info} ${lines[0] ?? ""}${lines.length > 1 ? ` … (${lines.length} lines)` : ""}`;
}

function firstDifference(expected: string, actual: string): string {
  const a = expected.split("\n");
  const b = actual.split("\n");
  const index = a.findIndex((line, at) => line !== b[at]);
  const at = index < 0 ? a.length : index;
  return `line ${at + 1} of the block is \`${b[at] ?? "(nothing)"}\`, README.md has \`${a[at] ?? "(nothing)"}\``;
}

// ---------------------------------------------------------------------------
// The command line: `npx tsx scripts/readme-drift.ts [README.md ...]`.

export function printDrifts(paths: string[] = readmePaths()): number {
  const drifts = paths.flatMap((path) => checkReadme(path));
  for (const drift of drifts) console.log(formatDrift(drift));
  console.log(drifts.length ? `${drifts.length} drift(s) between the READMEs and their README.ja.md` : `no drift: ${paths.length} README(s) and their README.ja.md agree`);
  return drifts.length;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Paths from where the command runs, README.md or README.ja.md alike.
  const paths = process.argv.slice(2).map((path) => relative(repositoryRoot, resolve(path)).replace(/README\.ja\.md$/, "README.md"));
  if (printDrifts(paths.length ? paths : undefined) > 0) process.exitCode = 1;
}
