/**
 * The learner's moves on lab 07's page, for the e2e/lab07-*.spec.ts files:
 * Prepare in both tabs, clicks "in the same instant", and reading the page's
 * own event log (how often perfect negotiation met a collision).
 */
import { expect as fixturesExpect, test } from "./fixtures.ts";
import { isEnabled, textOf, type Tab } from "./tab.ts";

/**
 * Lab 07's pages wait on negotiations (several per test), each a few round trips
 * through the relay: on a machine busy with other browsers one can take longer
 * than the default 5 s. A wait, never a duration that is checked.
 */
export const expect = fixturesExpect.configure({ timeout: 15_000 });

export const LAB07 = "/07-perfect-negotiation/";

/**
 * Both click Prepare; resolves once both are in the room together, each with its role.
 * With `aJoinsFirst`, b clicks only once a is in the room, alone: a is then the
 * impolite peer and b the polite one (the relay's rule). In Chromium or Firefox (tab.ts).
 */
export async function prepareBoth(a: Tab, b: Tab, { aJoinsFirst = false } = {}): Promise<void> {
  await test.step("both click Prepare", async () => {
    await a.click("#prepare");
    if (aJoinsFirst) await expect.poll(() => textOf(a, "#state_role")).toBe("impolite");
    await b.click("#prepare");
    for (const page of [a, b]) {
      await expect.poll(() => textOf(page, "#peers_in_room")).toBe("2 here");
      await expect.poll(() => textOf(page, "#state_role")).toMatch(/^(polite|impolite)$/);
      await expect.poll(() => isEnabled(page, "#prepare")).toBe(true); // Prepare has finished
    }
    const roles = [await textOf(a, "#state_role"), await textOf(b, "#state_role")];
    expect(roles.sort(), "the relay gives the two peers different roles").toEqual(["impolite", "polite"]);
  });
}

/**
 * Clicks `selector` in every page at one agreed moment: each page sets a timer
 * for the same wall-clock time (the browsers share this machine's clock), so
 * the clicks are not one after the other, as two awaited clicks would be.
 * Returns how far apart the clicks really were, in ms.
 */
export async function clickTogether(pages: Tab[], selector: string): Promise<number> {
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
export function logLines(page: Tab): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll("#log li")].map((item) => item.textContent!.replace(/^\S+ /, "")));
}

interface Collisions {
  ignored: number;
  rolledBack: number;
}

/** How often `pages` met a colliding offer (ignored it, or rolled their own back), added up, from their logs. */
async function collisions(pages: Tab[]): Promise<Collisions> {
  const lines: string[] = [];
  for (const page of pages) lines.push(...(await logLines(page)));
  return {
    ignored: lines.filter((line) => line.startsWith("collision: ignored")).length,
    rolledBack: lines.filter((line) => line.startsWith("collision: rolled back")).length,
  };
}

/** Starts counting the collisions in `pages`; the function it returns says how many there have been since, over all of them. */
export async function countCollisions(pages: Tab[]): Promise<() => Promise<Collisions>> {
  const before = await collisions(pages);
  return async () => {
    const after = await collisions(pages);
    return { ignored: after.ignored - before.ignored, rolledBack: after.rolledBack - before.rolledBack };
  };
}

/** How many offers the page has sent so far. */
export async function offersSent(page: Tab): Promise<number> {
  return (await logLines(page)).filter((line) => line.startsWith("→ offer sent")).length;
}

/** Runs `steps`; if they fail, each page's whole event log goes into the report (the panel attachment is cut short). */
export async function withLogsOnFailure(pages: Record<string, Tab>, steps: () => Promise<void>): Promise<void> {
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
