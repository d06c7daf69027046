/**
 * Shows a lab's README.md (or another Markdown file of it, like DIFF.md) as a page:
 * `/readme.html?lab=02-ws-vanilla`, `/readme.html?lab=05-mesh&file=DIFF.md`.
 *
 * markdown-it renders the Markdown (the HTML the READMEs may use, like <details>,
 * goes through DOMPurify), headings get GitHub's anchors (github-slugger), and the
 * ```mermaid blocks are drawn by mermaid, which is loaded only on a page that has one.
 * GitHub renders the same files the same way.
 */
import DOMPurify from "dompurify";
import GithubSlugger from "github-slugger";
import MarkdownIt, { type RendererRule } from "markdown-it";

const params = new URLSearchParams(location.search);
const lab = params.get("lab") ?? "";
const file = params.get("file") ?? "README.md";
const article = document.getElementById("readme")!;

async function showMarkdownFile(path: string): Promise<void> {
  const response = await fetch(path).catch(() => {
    throw new Error("The lab server does not answer. Is npm start running?");
  });
  const text = await response.text();
  // Vite answers a missing file with the index page, so the type tells them apart.
  if (!response.ok || !(response.headers.get("content-type") ?? "").includes("markdown")) {
    throw new Error(`labs${path} was not found.`);
  }
  article.innerHTML = DOMPurify.sanitize(markdown.render(text));
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
    elsewhere.title = `${path} in the repository, beside package.json`;
    elsewhere.append(...anchor.childNodes, ` (${path}${target.hash})`);
    anchor.replaceWith(elsewhere);
    return;
  }
  const path = target.pathname.replace("/repo/labs", "");
  const markdownFile = /^\/(\d\d-[\w-]+)\/([\w-]+\.md)$/.exec(path);
  if (!markdownFile) anchor.href = `${path}${target.hash}`;
  else if (markdownFile[2] === "README.md") anchor.href = `/readme.html?lab=${markdownFile[1]}${target.hash}`;
  else anchor.href = `/readme.html?lab=${markdownFile[1]}&file=${markdownFile[2]}${target.hash}`;
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
  why.textContent = `mermaid could not draw this diagram: ${error instanceof Error ? error.message : String(error)}`;
  diagram.before(why);
}

// ---------------------------------------------------------------------------
// The page.

if (!/^\d\d-[\w-]+$/.test(lab) || !/^[\w-]+\.md$/.test(file)) {
  article.textContent = "Which lab? Open this page from the list of labs.";
} else {
  const openLab = document.getElementById("open_lab") as HTMLAnchorElement;
  openLab.href = `/${lab}/`;
  openLab.hidden = false;
  showMarkdownFile(`/${lab}/${file}`).catch((error: unknown) => {
    article.textContent = error instanceof Error ? error.message : String(error);
  });
}
