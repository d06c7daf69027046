/**
 * Shows a lab's README.md as a page: `/readme.html?lab=02-ws-vanilla`.
 * Vite serves a .md file as raw text, so this renders the little Markdown the
 * READMEs use (headings, paragraphs, lists, tables, code, links, <details>) and
 * draws their mermaid sequence diagrams as plain HTML. No package needed; on
 * GitHub the same files render natively.
 */

const lab = new URLSearchParams(location.search).get("lab") ?? "";
const article = document.getElementById("readme")!;

if (!/^\d\d-[\w-]+$/.test(lab)) {
  article.textContent = "Which lab? Open this page from the list of labs.";
} else {
  const openLab = document.getElementById("open_lab") as HTMLAnchorElement;
  openLab.href = `/${lab}/`;
  openLab.hidden = false;
  fetch(`/${lab}/README.md`)
    .then(async (response) => {
      const text = await response.text();
      if (!response.ok || !(response.headers.get("content-type") ?? "").includes("markdown")) {
        throw new Error(`labs/${lab}/README.md was not found`);
      }
      article.innerHTML = renderMarkdown(text);
      document.title = `${article.querySelector("h1")?.textContent ?? lab} · README`;
      if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
    })
    .catch((error: unknown) => {
      article.textContent = `${error instanceof Error ? error.message : String(error)}. Is npm start running?`;
    });
}

// ---------------------------------------------------------------------------
// Blocks.

function renderMarkdown(markdown: string): string {
  const lines = markdown.replace(/\r\n/g, "\n").split("\n");
  const html: string[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length) html.push(`<p>${inline(paragraph.join(" "))}</p>`);
    paragraph = [];
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^```(\w*)/.exec(line);
    if (fence) {
      endParagraph();
      const code: string[] = [];
      while (i + 1 < lines.length && !lines[i + 1]!.startsWith("```")) code.push(lines[++i]!);
      i++; // the closing fence
      html.push(fence[1] === "mermaid" ? sequenceDiagram(code) : codeBlock(code, fence[1]!));
    } else if (line.startsWith("<!--")) {
      endParagraph();
      while (!lines[i]!.includes("-->") && i + 1 < lines.length) i++;
    } else if (/^<details( open)?>$|^<\/details>$/.test(line.trim())) {
      endParagraph();
      html.push(line.trim());
    } else if (/^<details( open)?><summary>.*<\/summary>$/.test(line.trim())) {
      endParagraph();
      const [, open = "", summary = ""] = /^<details( open)?><summary>(.*)<\/summary>$/.exec(line.trim())!;
      html.push(`<details${open}><summary>${inline(summary)}</summary>`);
    } else if (/^#{1,6} /.test(line)) {
      endParagraph();
      const level = line.indexOf(" ");
      const text = line.slice(level + 1);
      html.push(`<h${level} id="${slug(text)}">${inline(text)}</h${level}>`);
    } else if (line.startsWith("|") && /^\|[\s|:-]+\|$/.test(lines[i + 1] ?? "")) {
      endParagraph();
      const rows: string[] = [line];
      i++; // the | --- | line
      while (i + 1 < lines.length && lines[i + 1]!.startsWith("|")) rows.push(lines[++i]!);
      html.push(table(rows));
    } else if (/^\s*([-*]|\d+\.) /.test(line)) {
      endParagraph();
      const items: string[] = [line];
      while (i + 1 < lines.length && (/^\s*([-*]|\d+\.) /.test(lines[i + 1]!) || /^\s+\S/.test(lines[i + 1]!))) items.push(lines[++i]!);
      html.push(list(items));
    } else if (line.startsWith("> ")) {
      endParagraph();
      html.push(`<blockquote>${inline(line.slice(2))}</blockquote>`);
    } else if (line.trim() === "") {
      endParagraph();
    } else {
      paragraph.push(line.trim());
    }
  }
  endParagraph();
  return html.join("\n");
}

function codeBlock(code: string[], language: string): string {
  const rows = code.map((line) => {
    const kind =
      language !== "diff" ? ""
      : /^(---|\+\+\+) \S+$/.test(line) ? "file"
      : line.startsWith("@@") ? "hunk"
      : line.startsWith("+") ? "add"
      : line.startsWith("-") ? "del"
      : "";
    return kind ? `<span class="${kind}">${escape(line)}</span>` : escape(line);
  });
  return `<pre class="code ${language}"><code>${rows.join("\n")}</code></pre>`;
}

function table(rows: string[]): string {
  const cells = (row: string) => row.replace(/^\||\|$/g, "").split(/(?<!\\)\|/).map((cell) => inline(cell.trim()));
  const [head, ...body] = rows;
  return [
    "<table><thead><tr>",
    ...cells(head!).map((cell) => `<th>${cell}</th>`),
    "</tr></thead><tbody>",
    ...body.map((row) => `<tr>${cells(row).map((cell) => `<td>${cell}</td>`).join("")}</tr>`),
    "</tbody></table>",
  ].join("");
}

/** A list, nested by indentation; an indented line that is no item continues the item above. */
function list(lines: string[]): string {
  const items: { indent: number; ordered: boolean; text: string }[] = [];
  for (const line of lines) {
    const item = /^(\s*)([-*]|\d+\.) (.*)$/.exec(line);
    if (item) items.push({ indent: item[1]!.length, ordered: item[2]!.endsWith("."), text: item[3]! });
    else if (items.length) items.at(-1)!.text += ` ${line.trim()}`;
  }
  let html = "";
  const open: { indent: number; tag: string }[] = [];
  for (const item of items) {
    while (open.length && item.indent < open.at(-1)!.indent) html += `</li></${open.pop()!.tag}>`;
    if (!open.length || item.indent > open.at(-1)!.indent) {
      const tag = item.ordered ? "ol" : "ul";
      open.push({ indent: item.indent, tag });
      html += `<${tag}>`;
    } else {
      html += "</li>";
    }
    html += `<li>${inline(item.text)}`;
  }
  while (open.length) html += `</li></${open.pop()!.tag}>`;
  return html;
}

// ---------------------------------------------------------------------------
// Inline: `code`, **bold**, *emphasis*, [links](...).

function inline(text: string): string {
  const codes: string[] = [];
  let html = escape(text).replace(/`([^`]+)`/g, (_match, code: string) => {
    codes.push(`<code>${code}</code>`);
    return `\u0000${codes.length - 1}\u0000`;
  });
  html = html
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>")
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_match, label: string, href: string) => link(label, href));
  return html.replace(/\u0000(\d+)\u0000/g, (_match, index: string) => codes[Number(index)]!);
}

/**
 * Links are written for the repository (GitHub renders them there). Here a link
 * to another lab's README opens this page for it; a link outside labs/ (the main
 * README.md) cannot be served by the lab server, so it says where the file is.
 */
function link(label: string, href: string): string {
  if (/^(https?:|#)/.test(href)) return `<a href="${href}">${label}</a>`;
  const target = new URL(href, `file:///repo/labs/${lab}/README.md`);
  if (!target.pathname.startsWith("/repo/labs/")) {
    const path = target.pathname.replace("/repo/", "");
    return `<span class="elsewhere" title="${path} in the repository, beside package.json">${label} (${path}${target.hash})</span>`;
  }
  const path = target.pathname.replace("/repo/labs", "");
  const readme = /^\/(\d\d-[\w-]+)\/README\.md$/.exec(path);
  return `<a href="${readme ? `/readme.html?lab=${readme[1]}` : path}${target.hash}">${label}</a>`;
}

function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

// ---------------------------------------------------------------------------
// Mermaid sequence diagrams, the part of the syntax the READMEs use:
// participant/actor, messages (->>, -->>, --x), notes, alt/else/opt/loop/end.

function sequenceDiagram(code: string[]): string {
  const names = new Map<string, string>();
  const participant = (id: string) => {
    if (!names.has(id)) names.set(id, id);
    return [...names.keys()].indexOf(id);
  };
  const rows: string[] = [];
  for (const raw of code.slice(1)) {
    const line = raw.trim();
    let match: RegExpExecArray | null;
    if ((match = /^(?:participant|actor) (\S+?)(?: as (.+))?$/.exec(line))) {
      names.set(match[1]!, match[2] ?? match[1]!);
    } else if ((match = /^(\S+?)\s*(-->>|->>|--x|-x|-->|->)\s*(\S+?)\s*:\s*(.*)$/.exec(line))) {
      const [from, to] = [participant(match[1]!), participant(match[3]!)];
      const [lo, hi] = [Math.min(from, to), Math.max(from, to)];
      const style = `${match[2]!.startsWith("--") ? "dashed" : "solid"} ${match[2]!.endsWith("x") ? "lost" : ""} ${from <= to ? "right" : "left"}`;
      rows.push(
        `<div class="message ${style}" style="grid-column: ${lo + 1} / ${hi + 2}; --span: ${hi - lo + 1}">` +
          `<span>${inline(match[4]!)}</span></div>`,
      );
    } else if ((match = /^Note (?:over|left of|right of) ([^:]+):\s*(.*)$/i.exec(line))) {
      const columns = match[1]!.split(",").map((id) => participant(id.trim()));
      const [lo, hi] = [Math.min(...columns), Math.max(...columns)];
      rows.push(`<div class="note" style="grid-column: ${lo + 1} / ${hi + 2}">${inline(match[2]!)}</div>`);
    } else if ((match = /^(alt|else|opt|loop)\s*(.*)$/.exec(line))) {
      rows.push(`<div class="block" style="grid-column: 1 / -1"><b>${match[1]}</b> ${inline(match[2]!)}</div>`);
    } else if (line === "end") {
      rows.push(`<div class="block end" style="grid-column: 1 / -1"></div>`);
    } else if (line !== "") {
      return codeBlock(code, "mermaid"); // something this small renderer does not know: show the source
    }
  }
  const heads = [...names.values()].map((name) => `<div class="participant">${escape(name)}</div>`);
  const lifelines = [...names.keys()].map((_id, index) => `${((index + 0.5) / names.size) * 100}%`);
  return (
    `<div class="sequence" style="grid-template-columns: repeat(${names.size}, 1fr); ` +
    `background-position: ${lifelines.map((x) => `${x} 0`).join(", ")}; ` +
    `background-image: ${lifelines.map(() => "linear-gradient(#cbd5e1, #cbd5e1)").join(", ")}">` +
    `${heads.join("")}${rows.join("")}</div>`
  );
}
