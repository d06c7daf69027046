/**
 * The docs keep up with the code and read well:
 * - every lab has a README whose "What changed from the previous lab" section (and
 *   DIFF.md, when the diff is long) is what `npm run docs` would write now;
 * - that diff has the hunks and line counts the real `diff -u --minimal` prints;
 * - the index page links every lab and its README;
 * - each lab page opens without an error and links its README, which renders as a
 *   page: mermaid draws its diagrams as SVG (and is loaded only where there is
 *   one), headings have GitHub's anchors, links lead somewhere, and neither page
 *   logs an error.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { DIFF_PAGE, generatedFiles, lessonFiles } from "../scripts/docs.ts";
import { labFolders, labsDir, previousLab } from "../scripts/labs.ts";
import { unifiedDiff } from "../scripts/unified-diff.ts";
import { expect, test as labTest } from "./support/fixtures.ts";

const labs = labFolders();

/**
 * The pages here only read (no storage, no camera), so each test's page opens in
 * the worker's shared context (fixtures.ts, readerContext): mermaid is then
 * fetched and compiled once per worker, not once per test.
 */
const test = labTest.extend({
  page: async ({ readerContext }, use) => {
    const page = await readerContext.newPage();
    await use(page);
    await page.close();
  },
});

for (const { lab, name, current, updated } of generatedFiles()) {
  if (name === "README.md") {
    test(`labs/${lab}/README.md exists and its "What changed" section is up to date`, () => {
      expect(current, `labs/${lab} has no README.md`).not.toBeNull();
      expect(updated, `labs/${lab}/README.md is stale: run \`npm run docs\``).toBe(current);
    });
  } else {
    test(`labs/${lab}/${name} is what npm run docs writes (or absent when it writes none)`, () => {
      expect(current, `labs/${lab}/${name} is stale: run \`npm run docs\``).toBe(updated);
    });
  }
}

/** The @@ lines and the number of + and - lines of a unified diff, its --- and +++ lines aside. */
function hunksAndCounts(diff: string): { hunks: string[]; added: number; removed: number } {
  const lines = diff.split("\n").filter((line) => !/^(---|\+\+\+) /.test(line));
  return {
    hunks: lines.filter((line) => line.startsWith("@@")),
    added: lines.filter((line) => line.startsWith("+")).length,
    removed: lines.filter((line) => line.startsWith("-")).length,
  };
}

for (const lab of labs) {
  const previous = previousLab(lab, labs);
  if (previous === undefined) continue;
  test(`${previous} → ${lab}: each file's diff has the hunks and counts of the real diff -u --minimal`, () => {
    const labFiles = lessonFiles(lab);
    const files = lessonFiles(previous).filter((file) => labFiles.includes(file));
    expect(files).toContain("main.ts");
    for (const file of files) {
      const [oldPath, newPath] = [`labs/${previous}/${file}`, `labs/${lab}/${file}`];
      const real = hunksAndCounts(runDiff(oldPath, newPath));
      const ours = unifiedDiff(oldPath, newPath, readFileSync(join(labsDir, previous, file), "utf8"), readFileSync(join(labsDir, lab, file), "utf8"));
      expect(hunksAndCounts(ours.text), `${file}: our diff against diff -u --minimal`).toEqual(real);
      expect([ours.added, ours.removed], `${file}: the counts the README shows`).toEqual([real.added, real.removed]);
    }
  });
}

/** GNU diff's output (exit status 1 means "the files differ", not a failure). */
function runDiff(oldPath: string, newPath: string): string {
  const root = join(labsDir, "..");
  try {
    return execFileSync("diff", ["-u", "--minimal", oldPath, newPath], { cwd: root, encoding: "utf8" });
  } catch (error) {
    const { status, stdout } = error as { status: number; stdout: string };
    if (status !== 1) throw error;
    return stdout;
  }
}

test("the index page links every lab and its README, in order", () => {
  const index = readFileSync(join(labsDir, "index.html"), "utf8");
  const labLinks = [...index.matchAll(/<a href="\/(\d\d-[\w-]+)\/">/g)].map((match) => match[1]);
  expect(labLinks).toEqual(labs);
  for (const lab of labs) expect(index).toContain(`<a class="readme" href="/readme.html?lab=${lab}">README</a>`);
});

/** Console errors, uncaught exceptions and failed requests of a page, from now on. */
function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    // Leaving a page cancels what it was still loading: not an error.
    if (request.failure()?.errorText !== "net::ERR_ABORTED") errors.push(`request failed: ${request.url()}`);
  });
  return errors;
}

for (const lab of labs) {
  test(`the ${lab} page opens without an error, and its README link shows the README: mermaid's SVG diagrams, anchors, links, no error`, async ({ page }) => {
    const errors = watchForErrors(page);
    const mermaidRequests: string[] = [];
    page.on("request", (request) => {
      if (/mermaid/i.test(request.url())) mermaidRequests.push(request.url());
    });
    const markdown = readFileSync(join(labsDir, lab, "README.md"), "utf8");
    const diagramTypes = [...markdown.matchAll(/^```mermaid\n\s*(\w+)/gm)].map((match) => match[1]!);

    await page.goto(`/${lab}/`);
    await expect(page.locator("#prepare")).toBeVisible();
    await page.getByRole("link", { name: "this lab's README" }).click();
    await expect(page).toHaveURL(`/readme.html?lab=${lab}`);
    await expect(page.locator("#readme h1")).toContainText(`Lab ${lab.slice(0, 2)}`);

    // Each diagram is an SVG that mermaid drew: its aria-roledescription names the
    // diagram's type (mermaid's own error picture says "error"), and it shows the
    // participants the source names.
    const diagrams = page.locator("#readme pre.mermaid");
    await expect(diagrams).toHaveCount(diagramTypes.length);
    for (const [index, type] of diagramTypes.entries()) {
      const svg = diagrams.nth(index).locator("svg");
      // Loading mermaid the first time takes a while on a busy machine: wait longer than usual.
      await expect(svg, `${lab}: diagram ${index + 1} drawn by mermaid`).toHaveAttribute(
        "aria-roledescription",
        type === "sequenceDiagram" ? "sequence" : /^(?!error$)/,
        { timeout: 30_000 },
      );
      // Mermaid breaks long names over lines: compare without the spaces.
      const shown = (await svg.locator("text.actor").allTextContents()).join("").replace(/\s+/g, "");
      const source = markdown.split("```mermaid\n")[index + 1]!.split("```")[0]!;
      for (const [, participant] of source.matchAll(/^\s*(?:participant|actor) \S+ as (.+)$/gm)) {
        expect(shown, `${lab}: diagram ${index + 1} shows ${participant}`).toContain(participant!.replace(/\s+/g, ""));
      }
    }
    expect(mermaidRequests.length > 0, "mermaid is loaded where there is a diagram").toBe(diagramTypes.length > 0);

    // Headings carry GitHub's anchors, and every #link on the page has its target.
    const headingIds = await page.locator("#readme :is(h1, h2, h3, h4)").evaluateAll((headings) => headings.map((heading) => heading.id));
    expect(headingIds.every((id) => /^[\p{Ll}\p{N}_-]+$/u.test(id)), headingIds.join(", ")).toBe(true);
    if (/^## Things to try$/m.test(markdown)) expect(headingIds).toContain("things-to-try");
    const hrefs = await page.locator("#readme a[href]").evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute("href")!));
    for (const href of hrefs.filter((href) => href.startsWith("#"))) {
      expect(headingIds, `${lab}: the link ${href} has no target`).toContain(decodeURIComponent(href.slice(1)));
    }
    // Links to another lab's Markdown open it in this viewer.
    for (const href of hrefs.filter((href) => /\.md(#|$)/.test(href))) expect(href, `${lab}: a link the server cannot show`).toMatch(/^\/readme\.html\?/);

    expect(errors).toEqual([]);
  });
}

for (const lab of labs.filter((lab) => existsSync(join(labsDir, lab, DIFF_PAGE)))) {
  test(`labs/${lab}/${DIFF_PAGE} renders as a page, linked from its README, without loading mermaid`, async ({ page }) => {
    const errors = watchForErrors(page);
    const mermaidRequests: string[] = [];
    page.on("request", (request) => {
      if (/mermaid/i.test(request.url())) mermaidRequests.push(request.url());
    });
    await page.goto(`/readme.html?lab=${lab}&file=${DIFF_PAGE}`);
    await expect(page.locator("#readme h1")).toContainText(`Lab ${lab.slice(0, 2)}: the diff`);
    await expect(page.locator("#readme pre code .add").first()).toBeVisible();
    await expect(page.locator("#readme pre code .del").first()).toBeVisible();
    expect(mermaidRequests, `${lab}/${DIFF_PAGE} has no diagram: mermaid stays unloaded`).toEqual([]);

    // Its README links to it, and it links back to the README's section, by its anchor.
    await page.locator('#readme a[href$="#what-changed-from-the-previous-lab"]').click();
    // (there once the diagrams above it are drawn: mermaid can be slow to load on a busy machine)
    await expect(page.locator("#what-changed-from-the-previous-lab")).toBeInViewport({ timeout: 30_000 });
    await expect(page.locator(`#readme a[href="/readme.html?lab=${lab}&file=${DIFF_PAGE}"]`)).toHaveCount(1);
    expect(errors).toEqual([]);
  });
}
