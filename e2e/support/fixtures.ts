/**
 * Fixtures that make a spec read like the learner's story: each test gets its own
 * room, and `openPeer` opens a lab page as one more user (a browser context of
 * its own, so two peers are two separate "people" with their own camera).
 */
import { randomUUID } from "node:crypto";
import { test as base, expect, type Page } from "@playwright/test";
import { attachTimelines } from "./timing.ts";

export interface Peer {
  name: string;
  page: Page;
  /** Uncaught exceptions in the page: a lab must never have one. */
  pageErrors: string[];
}

interface LabFixtures {
  /** A room name no other test uses, so parallel tests never hear each other. */
  room: string;
  /** Opens `path` (e.g. "/02-ws-vanilla/?room=abc") as a new user called `name`. */
  openPeer: (name: string, path: string) => Promise<Peer>;
}

export const test = base.extend<LabFixtures>({
  room: async ({}, use) => {
    await use(`t-${randomUUID().slice(0, 13)}`);
  },

  openPeer: async ({ browser }, use, testInfo) => {
    const peers: Peer[] = [];
    await use(async (name, path) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const peer: Peer = { name, page, pageErrors: [] };
      page.on("pageerror", (error) => peer.pageErrors.push(error.message));
      await page.goto(path);
      peers.push(peer);
      return peer;
    });

    // Every test's report shows each peer's timeline and the key durations (e2e/support/timing.ts).
    await attachTimelines(peers, testInfo);
    for (const peer of peers) {
      // A failure explains itself: what each peer's state panel showed.
      if (testInfo.status !== testInfo.expectedStatus) {
        const shown = await peer.page
          .locator("#error:visible, #notice:visible, #panel")
          .allInnerTexts()
          .catch(() => ["(page closed)"]);
        await testInfo.attach(`${peer.name}: state panel`, { body: shown.join("\n\n"), contentType: "text/plain" });
      }
      await peer.page.context().close();
    }
    expect(peers.flatMap((peer) => peer.pageErrors.map((error) => `${peer.name}: ${error}`))).toEqual([]);
  },
});

export { expect };
