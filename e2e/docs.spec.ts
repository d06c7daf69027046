/**
 * The docs keep up with the code: every lab has a README whose "What changed from
 * the previous lab" section is what `npm run docs` would write now, the index page
 * links every lab and its README, and each README renders as a page.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { readmeUpdates } from "../scripts/docs.ts";
import { labFolders, labsDir } from "../scripts/labs.ts";

for (const { lab, current, updated } of readmeUpdates()) {
  test(`labs/${lab}/README.md exists and its "What changed" section is up to date`, () => {
    expect(current, `labs/${lab} has no README.md`).not.toBeNull();
    expect(updated, `labs/${lab}/README.md is stale: run \`npm run docs\``).toBe(current);
  });
}

test("the index page links every lab and its README, in order", () => {
  const index = readFileSync(join(labsDir, "index.html"), "utf8");
  const labLinks = [...index.matchAll(/<a href="\/(\d\d-[\w-]+)\/">/g)].map((match) => match[1]);
  expect(labLinks).toEqual(labFolders());
  for (const lab of labFolders()) expect(index).toContain(`<a class="readme" href="/readme.html?lab=${lab}">README</a>`);
});

test("every README renders as a page, its diagrams drawn", async ({ page }) => {
  for (const lab of labFolders()) {
    await page.goto(`/readme.html?lab=${lab}`);
    await expect(page.locator("#readme h1")).toContainText(`Lab ${lab.slice(0, 2)}`);
    const diagrams = readFileSync(join(labsDir, lab, "README.md"), "utf8").match(/^```mermaid$/gm)?.length ?? 0;
    await expect(page.locator("#readme .sequence"), `${lab}: a mermaid diagram the page cannot draw`).toHaveCount(diagrams);
  }
});
