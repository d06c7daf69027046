/**
 * The docs keep up with the code and read well:
 * - every lab has a README.md and a README.ja.md whose "What changed from the previous
 *   lab" section (and DIFF.md, when the diff is long) is what `npm run docs` would write now;
 * - every README and its README.ja.md have the same headings, diagrams, code blocks
 *   and links (readme-drift.ts), and the drift check does catch each kind of drift;
 * - that diff has the hunks and line counts the real `diff -u --minimal` prints;
 * - the index page links every lab and its README;
 * - each lab page opens without an error and links its README, which renders as a
 *   page: mermaid draws its diagrams as SVG (and is loaded only where there is
 *   one), headings have GitHub's anchors, links lead somewhere, and neither page
 *   logs an error;
 * - in Japanese (?lang=ja, or a ja-JP browser) the same page shows README.ja.md, the
 *   same way, with the page's own words in Japanese and `<html lang="ja">`; its switch
 *   turns it English and remembers that; an en-US browser gets English.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page, TestInfo } from "@playwright/test";
import { DIFF_PAGE, generatedFiles, lessonFiles, README_OF } from "../scripts/docs.ts";
import { labFolders, labsDir, previousLab } from "../scripts/labs.ts";
import { checkReadme, formatDrift, japaneseTwinOf, readmePaths, readRepositoryFile, type Drift } from "../scripts/readme-drift.ts";
import { unifiedDiff } from "../scripts/unified-diff.ts";
import { expect, test as labTest } from "./support/fixtures.ts";

const labs = labFolders();

/**
 * A README's page is a large DOM (mermaid's SVGs), and a trace's DOM snapshot at each step cost a
 * quarter of this file's CPU (89 → 67 CPU-s, measured): a failure here keeps its trace's actions,
 * console and network, and a screenshot of the page instead.
 */
labTest.use({ trace: { mode: "retain-on-failure", snapshots: false, screenshots: false }, screenshot: "only-on-failure" });

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
  if (name !== DIFF_PAGE) {
    test(`labs/${lab}/${name} exists and its "What changed" section is up to date`, () => {
      expect(current, `labs/${lab} has no ${name}`).not.toBeNull();
      expect(updated, `labs/${lab}/${name} is stale: run \`npm run docs\``).toBe(current);
    });
  } else {
    test(`labs/${lab}/${name} is what npm run docs writes (or absent when it writes none)`, () => {
      expect(current, `labs/${lab}/${name} is stale: run \`npm run docs\``).toBe(updated);
    });
  }
}

// ---------------------------------------------------------------------------
// Each README.md and its README.ja.md say the same things (scripts/readme-drift.ts).

for (const path of readmePaths()) {
  test(`${japaneseTwinOf(path)} keeps in step with ${path}: headings, diagrams, code blocks, links`, () => {
    const drifts = checkReadme(path).map(formatDrift);
    expect(drifts, `${drifts.length} drift(s): bring ${japaneseTwinOf(path)} in step (npm run drift says the same)`).toEqual([]);
  });
}

/** The drift `englishPath` would have if `path`'s text were `edit(text)` (the repository's own files otherwise). */
function driftWhenEdited(englishPath: string, path: string, edit: (text: string) => string): Drift[] {
  const edited = (text: string) => {
    const result = edit(text);
    expect(result, `the edit of ${path} changed nothing: the test would prove nothing`).not.toBe(text);
    return result;
  };
  return checkReadme(englishPath, (each) => {
    const text = readRepositoryFile(each);
    return each === path && text !== null ? edited(text) : text;
  });
}

/** Deletes the first line equal to `line` (with its line break). */
const deleteLine = (line: string) => (text: string) => text.replace(`${line}\n`, "");

test("the drift check fails when README.ja.md lacks a heading, and says which one and where it goes", () => {
  const drifts = driftWhenEdited("labs/02-ws-vanilla/README.md", "labs/02-ws-vanilla/README.ja.md", deleteLine("## 試してみること")).map(formatDrift);
  expect(drifts).toContainEqual(
    expect.stringMatching(
      /^labs\/02-ws-vanilla\/README\.ja\.md:\d+: the headings: lacks the heading “## Things to try” \(level 2\) that README\.md has at line \d+; it goes after “## 前のラボからの変更点” \(README\.md: “## What changed from the previous lab”\) and before “## トラブルシューティング” \(README\.md: “## Troubleshooting”\)/,
    ),
  );
  expect(drifts).toContain("labs/02-ws-vanilla/README.ja.md:1: the headings: README.md has 7 headings (levels 1222222), README.ja.md 6 (levels 122222)");
});

test("the drift check fails when an English README gains a section the Japanese one lacks (as when another branch adds one)", () => {
  const addSection = (text: string) => text.replace("## Troubleshooting\n", "## Another section\n\nRun `npm run another`.\n\n## Troubleshooting\n");
  const drifts = driftWhenEdited("labs/03-wss/README.md", "labs/03-wss/README.md", addSection).map(formatDrift);
  expect(drifts.join("\n")).toMatch(/labs\/03-wss\/README\.ja\.md:\d+: the headings: lacks the heading “## Another section” \(level 2\).*before “## トラブルシューティング”.*Its section holds text only/);
});

test("the drift check fails on a heading at another level", () => {
  const drifts = driftWhenEdited("labs/05-mesh/README.md", "labs/05-mesh/README.ja.md", (text) => text.replace("### 3 人目のピアが入室する", "#### 3 人目のピアが入室する"));
  expect(drifts.map(formatDrift).join("\n")).toContain("lacks the heading “### A third peer joins” (level 3)");
  expect(drifts.map(formatDrift).join("\n")).toContain("(README.ja.md has “#### 3 人目のピアが入室する”, level 4, at line");
});

test("the drift check fails when README.ja.md lacks a code block, or changes one, and names the section", () => {
  const lacking = driftWhenEdited("labs/03-wss/README.md", "labs/03-wss/README.ja.md", (text) => text.replace("```sh\nnpm start\n```\n", ""));
  expect(lacking.map(formatDrift)).toContainEqual(
    expect.stringMatching(/^labs\/03-wss\/README\.ja\.md:\d+: section “## 動かし方” \(README\.md: “## How to run it”, line \d+\): lacks the code block that README\.md has at line \d+: ```sh npm start$/),
  );
  const changed = driftWhenEdited("labs/06-turn/README.md", "labs/06-turn/README.ja.md", (text) => text.replace("listening-port=3478", "listening-port=3479"));
  expect(changed.map(formatDrift)).toContainEqual(
    expect.stringMatching(/section “## 本番の coturn と、このラボの coturn” .*: its code block at line \d+ differs from README\.md's at line \d+ \(code blocks are not translated\): line 1 of the block is `listening-port=3479`, README\.md has `listening-port=3478`$/),
  );
});

test("the drift check fails when a diagram loses a message, or a section a diagram", () => {
  const message = driftWhenEdited("labs/04-trickle/README.md", "labs/04-trickle/README.ja.md", deleteLine("  S->>B: offer"));
  expect(message.map(formatDrift)).toContainEqual(expect.stringMatching(/section “## このラボの流れ” .*: diagram 1 has 8 messages, README\.md's \(line \d+\) 9$/));
  const diagram = driftWhenEdited("labs/01-copy-paste/README.md", "labs/01-copy-paste/README.ja.md", (text) => text.replace(/```mermaid[^`]*```\n/, ""));
  expect(diagram.map(formatDrift)).toContainEqual(expect.stringMatching(/section “## このラボの流れ” .*: has 0 mermaid diagram\(s\), README\.md 1 \(README\.md line\(s\) \d+; README\.ja\.md line\(s\) none\)$/));
});

test("the drift check fails on a link one README has and the other lacks, one that leads to the English README or nowhere, and a first line without the language line", () => {
  const lanHeading = "../../README.ja.md#証明書と-lan-上の-2-台目の端末";
  const lab01 = (edit: (text: string) => string) => driftWhenEdited("labs/01-copy-paste/README.md", "labs/01-copy-paste/README.ja.md", edit).map(formatDrift);
  expect(lab01((text) => text.replace(`[README](${lanHeading})`, "README"))).toContainEqual(
    expect.stringMatching(/section “## トラブルシューティング” .*: lacks the link to README\.md#certificates-and-a-second-device-on-the-lan that README\.md has at line \d+/),
  );
  expect(lab01((text) => text.replace(lanHeading, "../../README.md#certificates-and-a-second-device-on-the-lan"))).toContainEqual(
    expect.stringMatching(/the link \[README\]\(\.\.\/\.\.\/README\.md#certificates-and-a-second-device-on-the-lan\): leads to the English README; its Japanese twin exists: use \.\.\/\.\.\/README\.ja\.md$/),
  );
  expect(lab01((text) => text.replace(lanHeading, "../../README.ja.md#証明書"))).toContainEqual(
    expect.stringMatching(/leads to #証明書, but no heading of README\.ja\.md has that anchor/),
  );
  expect(lab01((text) => text.replace("[English](README.md) | [日本語](README.ja.md)\n\n", ""))).toContainEqual(
    "labs/01-copy-paste/README.ja.md:1: the first line: must be `[English](README.md) | [日本語](README.ja.md)`, not `# ラボ 01 · コピー&ペーストで SDP を渡す`",
  );
  expect(checkReadme("labs/01-copy-paste/README.md", (path) => (path.endsWith(README_OF.ja) ? null : readRepositoryFile(path))).map(formatDrift)).toEqual([
    "labs/01-copy-paste/README.ja.md:1: the file: is missing: every README has a Japanese twin; translate labs/01-copy-paste/README.md into it",
  ]);
});

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

/** Mermaid's requests, from now on: it must be loaded only on a page that has a diagram. */
function watchMermaid(page: Page): string[] {
  const requests: string[] = [];
  page.on("request", (request) => {
    if (/mermaid/i.test(request.url())) requests.push(request.url());
  });
  return requests;
}

/**
 * The README on the page is `markdown`, rendered: each diagram an SVG mermaid drew
 * showing its participants, headings with GitHub's anchors, #links with a target,
 * links to Markdown files opening this viewer (in `language`, when the page was
 * opened with ?lang=), and the README's language line replaced by the page's switch.
 */
async function expectReadmeRendered(page: Page, lab: string, markdown: string, language: "en" | "ja", mermaidRequests: string[]): Promise<void> {
  const diagramTypes = [...markdown.matchAll(/^```mermaid\n\s*(\w+)/gm)].map((match) => match[1]!);
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

  // The page's switch stands for the README's "English | 日本語" line.
  await expect(page.locator("#readme > :first-child"), "the README's language line is left out").toHaveJSProperty("tagName", "H1");
  await expect(page.locator(".language-switch [aria-current]")).toHaveText(language === "ja" ? "日本語" : "English");

  // Headings carry GitHub's anchors (Japanese ones keep their letters), and every #link on the page has its target.
  const headingIds = await page.locator("#readme :is(h1, h2, h3, h4)").evaluateAll((headings) => headings.map((heading) => heading.id));
  expect(headingIds.every((id) => /^[\p{L}\p{M}\p{N}_-]+$/u.test(id)), headingIds.join(", ")).toBe(true);
  const thingsToTry = language === "ja" ? "試してみること" : "things-to-try";
  if (new RegExp(`^## ${language === "ja" ? "試してみること" : "Things to try"}$`, "m").test(markdown)) expect(headingIds).toContain(thingsToTry);
  const hrefs = await page.locator("#readme a[href]").evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute("href")!));
  for (const href of hrefs.filter((href) => href.startsWith("#"))) {
    expect(headingIds, `${lab}: the link ${href} has no target`).toContain(decodeURIComponent(href.slice(1)));
  }
  // Links to a lab's Markdown open it in this viewer, for a lab that exists, in the language the page was opened in.
  for (const href of hrefs.filter((href) => href.startsWith("/readme.html?"))) {
    const query = new URL(href, "https://labs.test").searchParams;
    expect(labs, `${lab}: ${href} names no lab`).toContain(query.get("lab"));
    if (language === "ja") expect(query.get("lang"), `${lab}: ${href} keeps ?lang=ja`).toBe("ja");
  }
  for (const href of hrefs.filter((href) => /\.md(#|$)/.test(href))) expect(href, `${lab}: a link the server cannot show`).toMatch(/^\/readme\.html\?/);
}

for (const lab of labs) {
  test(`the ${lab} page opens without an error, and its README link shows the README: mermaid's SVG diagrams, anchors, links, no error`, async ({ page }) => {
    const errors = watchForErrors(page);
    const mermaidRequests = watchMermaid(page);
    await page.goto(`/${lab}/`);
    await expect(page.locator("#prepare")).toBeVisible();
    await page.getByRole("link", { name: "this lab's README" }).click();
    await expect(page).toHaveURL(`/readme.html?lab=${lab}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.locator("#readme h1")).toContainText(`Lab ${lab.slice(0, 2)}`);
    await expectReadmeRendered(page, lab, readFileSync(join(labsDir, lab, README_OF.en), "utf8"), "en", mermaidRequests);
    expect(errors).toEqual([]);
  });

  const hasDiffPage = existsSync(join(labsDir, lab, DIFF_PAGE));
  test(`the ${lab} README in Japanese (README.ja.md${hasDiffPage ? `, reached from ${DIFF_PAGE}` : ""}): lang="ja", the page's words in Japanese, mermaid's diagrams, anchors, links, no error`, async ({ page }) => {
    const errors = watchForErrors(page);
    const mermaidRequests = watchMermaid(page);
    const section = "前のラボからの変更点";
    if (hasDiffPage) {
      // DIFF.md is one page for both languages: its Japanese paragraph links back to
      // README.ja.md's section (keeping this page's language), its English one asks for English.
      await page.goto(`/readme.html?lab=${lab}&file=${DIFF_PAGE}&lang=ja`);
      await expect(page.locator("html")).toHaveAttribute("lang", "ja");
      await expect(page.locator("#readme h1")).toContainText(`ラボ ${lab.slice(0, 2)}: ラボ ${previousLab(lab, labs)!.slice(0, 2)} からの差分`);
      await expect(page.locator("#readme pre code .add").first()).toBeVisible();
      expect(mermaidRequests, `${lab}/${DIFF_PAGE} has no diagram: mermaid stays unloaded`).toEqual([]);
      await expect(page.locator(`#readme a[href="/readme.html?lab=${lab}&lang=en#what-changed-from-the-previous-lab"]`)).toHaveCount(1);
      await page.locator(`#readme a[href="/readme.html?lab=${lab}&lang=ja#${encodeURIComponent(section)}"]`).click();
      // (there once the diagrams above it are drawn: mermaid can be slow to load on a busy machine)
      await expect(page.locator(`[id="${section}"]`)).toBeInViewport({ timeout: 30_000 });
      await expect(page.locator(`#readme a[href="/readme.html?lab=${lab}&file=${DIFF_PAGE}&lang=ja"]`)).toHaveCount(1);
    } else {
      await page.goto(`/readme.html?lab=${lab}&lang=ja`);
    }
    await expect(page.locator("html")).toHaveAttribute("lang", "ja");
    await expect(page.locator("#readme h1")).toContainText(`ラボ ${lab.slice(0, 2)}`);
    await expect(page.locator("#all_labs")).toHaveText("← ラボの一覧");
    await expect(page.locator("#open_lab")).toHaveText("ラボを開く →");
    await expect(page.locator(".not-translated")).toHaveCount(0);
    await expectReadmeRendered(page, lab, readFileSync(join(labsDir, lab, README_OF.ja), "utf8"), "ja", mermaidRequests);
    expect(errors).toEqual([]);
  });
}

test("a lab whose README has no Japanese twin yet: a Japanese page shows the English README, in lang=\"en\", and says so", async ({ page }) => {
  const errors = watchForErrors(page);
  // As a new lab would be before its translation: the lab server has no README.ja.md for it,
  // and answers with its index page, as Vite does for a file it does not have.
  await page.route("**/01-copy-paste/README.ja.md", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>labs</title>" }));
  await page.goto("/readme.html?lab=01-copy-paste&lang=ja");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.locator(".not-translated")).toHaveText("このラボの README はまだ日本語になっていません。英語版を表示しています。");
  await expect(page.locator("#readme")).toHaveAttribute("lang", "en");
  await expect(page.locator("#readme h1")).toContainText("Lab 01");
  await expect(page.locator("#readme pre.mermaid svg").first()).toBeVisible({ timeout: 30_000 });
  expect(errors).toEqual([]);
});

for (const lab of labs.filter((lab) => existsSync(join(labsDir, lab, DIFF_PAGE)))) {
  test(`labs/${lab}/${DIFF_PAGE} renders as a page, linked from its README, without loading mermaid`, async ({ page }) => {
    const errors = watchForErrors(page);
    const mermaidRequests = watchMermaid(page);
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

/**
 * Runs `story` on a page in a browser context of its own (its own storage, its own
 * browser languages: `locale`), closed afterwards; the page must log no error.
 */
async function inBrowserSpeaking(browser: Browser, testInfo: TestInfo, locale: string, story: (page: Page) => Promise<void>): Promise<void> {
  const { baseURL, ignoreHTTPSErrors } = testInfo.project.use;
  const context = await browser.newContext({ baseURL, ignoreHTTPSErrors, locale });
  try {
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await story(page);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
}

/** The README page shows `lab`'s README in `language`, its own words and switch too, diagrams drawn. */
async function expectReadmeIn(page: Page, language: "en" | "ja", lab: string): Promise<void> {
  const japanese = language === "ja";
  await expect(page.locator("html")).toHaveAttribute("lang", language);
  await expect(page.locator("#readme h1")).toContainText(`${japanese ? "ラボ" : "Lab"} ${lab.slice(0, 2)}`);
  await expect(page.locator("#all_labs")).toHaveText(japanese ? "← ラボの一覧" : "← all labs");
  await expect(page.locator(".language-switch")).toHaveAttribute("aria-label", japanese ? "言語" : "Language");
  // (drawn before the test leaves the page: a page left while mermaid loads logs that it could not draw)
  await expect(page.locator("#readme pre.mermaid svg").first()).toBeVisible({ timeout: 30_000 });
}

test("a ja-JP browser gets the Japanese README; the switch turns the page English and the choice is remembered, below an explicit ?lang=", async ({ browser }, testInfo) => {
  await inBrowserSpeaking(browser, testInfo, "ja-JP", async (page) => {
    await page.goto("/readme.html?lab=02-ws-vanilla");
    await expectReadmeIn(page, "ja", "02-ws-vanilla");

    // The other steps use DIFF.md, a page in the same words with no diagram to wait for.
    await test.step("the switch on a Japanese page: English", async () => {
      await page.goto(`/readme.html?lab=04-trickle&file=${DIFF_PAGE}`);
      await expect(page.locator("html")).toHaveAttribute("lang", "ja");
      await page.locator(".language-switch").getByRole("link", { name: "English" }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await expect(page.locator("#all_labs")).toHaveText("← all labs");
      expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ lab: "04-trickle", file: DIFF_PAGE });
    });
    await test.step("remembered on the next page, though the browser speaks Japanese", async () => {
      await page.goto(`/readme.html?lab=05-mesh&file=${DIFF_PAGE}`);
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await expect(page.locator("#open_lab")).toHaveText("open the lab →");
    });
    await test.step("?lang=ja still wins over the remembered choice", async () => {
      await page.goto(`/readme.html?lab=05-mesh&file=${DIFF_PAGE}&lang=ja`);
      await expect(page.locator("html")).toHaveAttribute("lang", "ja");
      await expect(page.locator("#open_lab")).toHaveText("ラボを開く →");
    });
  });
});

test("an en-US browser gets the English README and the page's words in English", async ({ browser }, testInfo) => {
  await inBrowserSpeaking(browser, testInfo, "en-US", async (page) => {
    await page.goto("/readme.html?lab=03-wss");
    await expectReadmeIn(page, "en", "03-wss");
  });
});
