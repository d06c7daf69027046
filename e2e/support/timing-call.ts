/**
 * One call between two lab pages, the learner's clicks: both Prepare, the
 * caller clicks Connect; then wait until each side has painted a frame of the
 * other's camera. Used by the timing spec and by `npm run compare`, which has
 * no test runner (so only Playwright's own waits here, no `expect`).
 */
import type { Page } from "@playwright/test";

export async function prepareAndConnect(caller: Page, callee: Page): Promise<void> {
  await caller.getByRole("button", { name: "Prepare" }).click();
  await callee.getByRole("button", { name: "Prepare" }).click();
  await caller
    .locator("#peers_in_room", { hasText: "2 here" })
    .waitFor()
    .catch((cause: unknown) => {
      throw new Error("the two pages never met in their room (the caller's page never said \"2 here\")", { cause });
    });
  await caller.getByRole("button", { name: "Connect" }).click();
}

/**
 * Resolves once the page's timeline has "first-remote-frame"; rejects at once
 * with the page's own words if it shows an error, or after `timeoutMs`.
 */
export async function waitForFirstRemoteFrame(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    () => {
      const error = document.getElementById("error");
      if (error && !error.hidden) throw new Error(`the page shows an error: ${error.textContent}`);
      return window.labTiming.some((mark) => mark.name === "first-remote-frame");
    },
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );
}
