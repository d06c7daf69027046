/**
 * Shows a lab's README.md (or another Markdown file of it, like DIFF.md) as a page:
 * `/readme.html?lab=02-ws-vanilla`, `/readme.html?lab=05-mesh&file=DIFF.md`.
 *
 * In the page's language (labs/shared/language.ts: ?lang=, the switch's remembered
 * choice, the browser's languages, English): in Japanese it shows README.ja.md, or
 * README.md with a notice while a lab has no translation yet. DIFF.md is one page in
 * both languages. The page's own words come from labs/shared/messages.ts.
 *
 * markdown-it renders the Markdown (the HTML the READMEs may use, like <details>,
 * goes through DOMPurify), headings get GitHub's anchors (github-slugger), and the
 * ```mermaid blocks are drawn by mermaid, which is loaded only on a page that has one.
 * GitHub renders the same files the same way.
 */
import DOMPurify from "dompurify";
import GithubSlugger from "github-slugger";
import MarkdownIt, { type RendererRule } from "markdown-it";
import { addLanguageSwitch, language, t } from "./shared/language.ts";
import type { Language } from "./shared/messages.ts";

const params = new URLSearchParams(location.search);
const lab = params.get("lab") ?? "";
const file = params.get("file") ?? "README.md";
const article = document.getElementById("readme")!;

/** Each language's README in a lab folder (as scripts/docs.ts writes them). */
const README_OF: Readonly<Record<Language, string>> = { en: "README.md", ja: "README.ja.md" };

/** `file` in this page's language: README.md is README.ja.md in Japanese; DIFF.md is one page for both. */
async function showLabFile(): Promise<void> {
  const translated = file === README_OF.en ? README_OF[language] : file;
  let text = await fetchMarkdown(`/${lab}/${translated}`);
  let textLanguage = language;
  if (text === null && translated !== file) {
    // A lab not translated yet: its English README, saying so first.
    text = await fetchMarkdown(`/${lab}/${file}`);
    textLanguage = "en";
    if (text !== null) {
      const notice = document.createElement("p");
      notice.className = "not-translated";
      notice.textContent = t.readme.notTranslated;
      article.before(notice);
    }
  }
  if (text === null) throw new Error(t.readme.notFound(`labs/${lab}/${file}`));
  await showMarkdown(text, textLanguage);
}

/** The file's text, or null when the lab server has no such file. */
async function fetchMarkdown(path: string): Promise<string | null> {
  const response = await fetch(path).catch(() => {
    throw new Error(t.readme.serverDown);
  });
  const text = await response.text();
  // Vite answers a missing file with the index page, so the type tells them apart.
  return response.ok && (response.headers.get("content-type") ?? "").includes("markdown") ? text : null;
}

async function showMarkdown(text: string, textLanguage: Language): Promise<void> {
  article.innerHTML = DOMPurify.sanitize(markdown.render(text));
  if (textLanguage !== language) article.lang = textLanguage;
  removeLanguageLine(article);
  addHeadingAnchors(article);
  article.querySelectorAll("a[href]").forEach((anchor) => pointLinkAtThisServer(anchor as HTMLAnchorElement));
  document.title = `${article.querySelector("h1")?.textContent ?? lab} · ${file.replace(/\.md$/, "")}`;
  // The page was empty when the browser looked for #anchor: look again now, and once more
  // when the diagrams above it have taken their height (unless the reader scrolled meanwhile).
  scrollToAnchor();
  const scrolledTo = window.scrollY;
  const diagrams = [...article.querySelectorAll<HTMLElement>("pre.mermaid")];
  if (diagrams.length) await drawDiagrams(diagrams).catch((error: unknown) => diagrams.forEach((diagram) => showDiagramFailed(diagram, error)));
  if (window.scrollY === scrolledTo) scrollToAnchor();
}

function scrollToAnchor(): void {
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
}

// ---------------------------------------------------------------------------
// Markdown.

const markdown = new MarkdownIt({
  html: true, // sanitized by DOMPurify above: GitHub too allows <details> and the like
  linkify: false,
  highlight: (code, language) => (language === "diff" ? colourDiff(code) : ""),
});

// A mermaid block stays its source text, in a <pre class="mermaid"> that drawDiagrams replaces by an SVG.
const defaultFence = markdown.renderer.rules.fence!;
const fence: RendererRule = (tokens, index, options, env, self) => {
  const token = tokens[index]!;
  if (token.info.trim() === "mermaid") return `<pre class="mermaid">${markdown.utils.escapeHtml(token.content)}</pre>\n`;
  return defaultFence(tokens, index, options, env, self);
};
markdown.renderer.rules.fence = fence;

/** Each line of a unified diff in a span whose class says what it is, for the colours in index.css. */
function colourDiff(code: string): string {
  return code
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => {
      const kind =
        /^(---|\+\+\+) /.test(line) ? "file"
        : line.startsWith("@@") ? "hunk"
        : line.startsWith("+") ? "add"
        : line.startsWith("-") ? "del"
        : "";
      const html = markdown.utils.escapeHtml(line);
      return kind ? `<span class="${kind}">${html}</span>` : html;
    })
    .join("\n");
}

/**
 * A README opens with `[English](README.md) | [日本語](README.ja.md)` for GitHub's sake;
 * here the page's own switch does that (and remembers the choice), so the line goes.
 */
function removeLanguageLine(root: HTMLElement): void {
  const first = root.firstElementChild;
  const links = first?.tagName === "P" ? [...first.querySelectorAll("a")] : [];
  if (links.length > 1 && links.every((link) => Object.values(README_OF).includes(link.getAttribute("href") ?? ""))) first!.remove();
}

/** The ids GitHub gives headings (`## Things to try` is #things-to-try), so the same links work here. */
function addHeadingAnchors(root: HTMLElement): void {
  const slugger = new GithubSlugger();
  root.querySelectorAll("h1, h2, h3, h4, h5, h6").forEach((heading) => {
    heading.id = slugger.slug(heading.textContent ?? "");
  });
}

/**
 * Links are written for the repository (GitHub follows them there). Here a link to
 * a lab's Markdown file opens this page for it; a link outside labs/ (the main
 * README.md) cannot be served by the lab server, so it says where the file is.
 */
function pointLinkAtThisServer(anchor: HTMLAnchorElement): void {
  const href = anchor.getAttribute("href")!;
  if (/^([a-z]+:|#)/i.test(href)) return;
  const target = new URL(href, `file:///repo/labs/${lab}/${file}`);
  if (!target.pathname.startsWith("/repo/labs/")) {
    const path = target.pathname.replace("/repo/", "");
    const elsewhere = document.createElement("span");
    elsewhere.className = "elsewhere";
    elsewhere.title = t.readme.elsewhere(path);
    elsewhere.append(...anchor.childNodes, ` (${path}${target.hash})`);
    anchor.replaceWith(elsewhere);
    return;
  }
  const path = target.pathname.replace("/repo/labs", "");
  const markdownFile = /^\/(\d\d-[\w-]+)\/([\w.-]+\.md)$/.exec(path);
  anchor.href = markdownFile ? readerUrl(markdownFile[1]!, markdownFile[2]!, target.hash) : `${path}${target.hash}`;
}

/**
 * This page's address for a lab's Markdown file. A README in this page's language
 * (README.ja.md from a Japanese one) keeps the language as it was chosen (an explicit
 * ?lang= stays); a README in the other language (DIFF.md's link back to README.md,
 * from a Japanese page) asks for that language by name.
 */
function readerUrl(linkedLab: string, name: string, hash: string): string {
  const readmeLanguage = (Object.keys(README_OF) as Language[]).find((each) => README_OF[each] === name);
  const query = new URLSearchParams({ lab: linkedLab });
  if (!readmeLanguage) query.set("file", name);
  const lang = readmeLanguage && readmeLanguage !== language ? readmeLanguage : params.get("lang");
  if (lang) query.set("lang", lang);
  return `/readme.html?${query}${hash}`;
}

// ---------------------------------------------------------------------------
// Diagrams.

async function drawDiagrams(diagrams: HTMLElement[]): Promise<void> {
  const { default: mermaid } = await import("mermaid");
  // Long messages and notes wrap, so that a diagram fits the page at a readable size
  // (unwrapped, mermaid shrinks the whole diagram to fit). Boxes wide enough for a URL.
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", sequence: { wrap: true, width: 240 } });
  for (const [index, diagram] of diagrams.entries()) {
    try {
      const { svg } = await mermaid.render(`diagram-${index + 1}`, diagram.textContent ?? "");
      diagram.innerHTML = svg; // mermaid's own output, with securityLevel "strict"
    } catch (error) {
      showDiagramFailed(diagram, error);
    }
  }
}

/** A diagram mermaid cannot draw keeps its source, and says why (the README stays readable). */
function showDiagramFailed(diagram: HTMLElement, error: unknown): void {
  console.error(error);
  const why = document.createElement("p");
  why.className = "diagram-failed";
  why.textContent = t.readme.diagramFailed(error instanceof Error ? error.message : String(error));
  diagram.before(why);
}

// ---------------------------------------------------------------------------
// The page.

document.title = t.readme.pageTitle;
document.getElementById("all_labs")!.textContent = t.readme.allLabs;
const openLab = document.getElementById("open_lab") as HTMLAnchorElement;
openLab.textContent = t.readme.openLab;
addLanguageSwitch(document.getElementById("nav_end")!);

if (!/^\d\d-[\w-]+$/.test(lab) || !/^[\w-]+\.md$/.test(file)) {
  article.textContent = t.readme.whichLab;
} else {
  openLab.href = `/${lab}/`;
  openLab.hidden = false;
  article.textContent = t.readme.loading;
  showLabFile().catch((error: unknown) => {
    article.textContent = error instanceof Error ? error.message : String(error);
  });
}
