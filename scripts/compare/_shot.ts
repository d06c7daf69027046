import { chromium } from "@playwright/test";
import config from "../../playwright.config.ts";
import { createServer } from "node:http";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
const dir = process.argv[2]!;
const server = createServer((req, res) => {
  const p = join(dir, decodeURIComponent(new URL(req.url!, "http://x").pathname));
  const file = existsSync(p) && !p.endsWith("/") ? p : join(p, "index.html");
  if (existsSync(file)) res.writeHead(200, { "content-type": file.endsWith(".svg") ? "image/svg+xml" : file.endsWith(".html") ? "text/html" : "application/octet-stream" });
  if (!existsSync(file)) { res.writeHead(404); res.end(); return; }
  res.end(readFileSync(file));
}).listen(0, "127.0.0.1");
await new Promise((r) => server.once("listening", r));
const port = (server.address() as { port: number }).port;
const browser = await chromium.launch(config.use?.launchOptions);
const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
await page.goto(`http://127.0.0.1:${port}/${process.argv[3] ?? ""}`);
if (process.argv[5]) { await page.getByText(process.argv[5]).first().click(); }
await page.waitForTimeout(1000);
await page.screenshot({ path: process.argv[4]!, timeout: 90000 });
await browser.close(); server.close();
