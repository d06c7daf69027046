/**
 * The learner's moves on lab 07's page, for the e2e/lab07-*.spec.ts files:
 * Prepare in both tabs, clicks "in the same instant", and reading the page's
 * own event log (how often perfect negotiation met a collision).
 */
import type { Page } from "@playwright/test";
import { expect as fixturesExpect, test } from "./fixtures.ts";

/**
 * Lab 07's pages wait on negotiations (several per test), each a few round trips
 * through the relay: on a machine busy with other browsers one can take longer
 * than the default 5 s. A wait, never a duration that is checked.
 */
export const expect = fixturesExpect.configure({ timeout: 15_000 });

export const LAB07 = "/07-perfect-negotiation/";

/** Both click Prepare; resolves once both are in the room together, each with its role. */
export async function prepareBoth(a: Page, b: Page): Promise<void> {
  await test.step("both click Prepare", async () => {
    await a.locator("#prepare").click();
    await b.locator("#prepare").click();
    for (const page of [a, b]) {
      await expect(page.locator("#peers_in_room")).toHaveText("2 here");
      await expect(page.locator("#state_role")).toHaveText(/^(polite|impolite)$/);
      await expect(page.locator("#prepare")).toBeEnabled(); // Prepare has finished
    }
    const roles = [await a.locator("#state_role").textContent(), await b.locator("#state_role").textContent()];
    expect(roles.sort(), "the relay gives the two peers different roles").toEqual(["impolite", "polite"]);
  });
}

/**
 * Clicks `selector` in every page at one agreed moment: each page sets a timer
 * for the same wall-clock time (the browsers share this machine's clock), so
 * the clicks are not one after the other, as two awaited clicks would be.
 * Returns how far apart the clicks really were, in ms.
 */
export async function clickTogether(pages: Page[], selector: string): Promise<number> {
  const at = Date.now() + 1500; // time enough for every page to get its timer set, even on a busy machine
  const clickedAt = await Promise.all(
    pages.map((page) =>
      page.evaluate(
        ({ selector, at }) =>
          new Promise<number>((resolve) =>
            setTimeout(() => {
              (document.querySelector(selector) as HTMLElement).click();
              resolve(Date.now());
            }, at - Date.now()),
          ),
        { selector, at },
      ),
    ),
  );
  const apart = Math.max(...clickedAt) - Math.min(...clickedAt);
  test.info().annotations.push({ type: "clicks apart (ms)", description: String(apart) });
  return apart;
}

/** The page's event log, one line each, without the time. */
export function logLines(page: Page): Promise<string[]> {
  return page.locator("#log li").evaluateAll((items) => items.map((item) => item.textContent!.replace(/^\S+ /, "")));
}

interface Collisions {
  ignored: number;
  rolledBack: number;
}

/** How often `pages` met a colliding offer (ignored it, or rolled their own back), added up, from their logs. */
async function collisions(pages: Page[]): Promise<Collisions> {
  const lines: string[] = [];
  for (const page of pages) lines.push(...(await logLines(page)));
  return {
    ignored: lines.filter((line) => line.startsWith("collision: ignored")).length,
    rolledBack: lines.filter((line) => line.startsWith("collision: rolled back")).length,
  };
}

/** Starts counting the collisions in `pages`; the function it returns says how many there have been since, over all of them. */
export async function countCollisions(pages: Page[]): Promise<() => Promise<Collisions>> {
  const before = await collisions(pages);
  return async () => {
    const after = await collisions(pages);
    return { ignored: after.ignored - before.ignored, rolledBack: after.rolledBack - before.rolledBack };
  };
}

/** How many offers the page has sent so far. */
export async function offersSent(page: Page): Promise<number> {
  return (await logLines(page)).filter((line) => line.startsWith("→ offer sent")).length;
}

/** Runs `steps`; if they fail, each page's whole event log goes into the report (the panel attachment is cut short). */
export async function withLogsOnFailure(pages: Record<string, Page>, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    for (const [name, page] of Object.entries(pages)) {
      const lines = await logLines(page).catch(() => ["(page closed)"]);
      await test.info().attach(`${name}: event log`, { body: lines.join("\n"), contentType: "text/plain" });
    }
    throw error;
  }
}
