import { chromium } from "@playwright/test";
import config from "../../playwright.config.ts";
import { readFileSync } from "node:fs";
const browser = await chromium.launch(config.use?.launchOptions);
const page = await browser.newPage({ viewport: { width: 1000, height: 1300 } });
await page.setContent(`<body style="margin:0">${readFileSync(process.argv[2]!, "utf8")}</body>`);
await page.screenshot({ path: process.argv[3]!, timeout: 90000 });
await browser.close();
