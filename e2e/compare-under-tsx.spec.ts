/**
 * `npm run compare` runs under tsx, not Playwright's loader: esbuild's keepNames wraps each
 * named function in `__name(...)`, and a function handed to page.evaluate then calls a helper
 * the page lacks. It broke every call of `npm run compare` ("ReferenceError: __name is not
 * defined") while the tests, whose loader adds no such call, stayed green. Here a page of a
 * timing context evaluates such a function, under tsx as the script does.
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { expect, test } from "./support/fixtures.ts";

const support = new URL("./support/", import.meta.url).href;
const script = `
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "${support}chromium.ts";
import { timingContext } from "${support}timing-call.ts";
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const page = await (await timingContext(browser)).newPage();
  const result = await page.evaluate(() => {
    const double = (value: number) => value * 2; // a named function: tsx wraps it in __name()
    return double(21);
  });
  process.stdout.write(String(result));
} finally {
  await browser.close();
}
`;

test("a page of a timing context runs a function from a script under tsx (npm run compare)", async ({}, testInfo) => {
  const file = testInfo.outputPath("evaluate-under-tsx.ts");
  writeFileSync(file, script);
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", file], { cwd: process.cwd() });
  expect(stdout.trim()).toBe("42");
});
