/**
 * Lab 06's specs need coturn's turnserver, which the Playwright webServer (`npm start`)
 * runs beside the relay. Without it they are skipped, with the reason in the list
 * output, except in CI (CI=true), where a missing turnserver is a failure.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import type { SelectedPair } from "../../labs/06-turn/panel.ts";
import { INSTALL_COTURN, turnServerVersion, turnSettingsFromEnv, turnStateDir } from "../../scripts/turn-server.ts";
import type { Tab } from "./tab.ts";

const NOT_INSTALLED = `turnserver (coturn) is not installed: ${INSTALL_COTURN}`;
let toldWhy = false;
/** turnserver's version, null if it is not installed; undefined until asked (asking runs `turnserver --version`: once per process). */
let version: string | null | undefined;

function turnServerInstalled(): boolean {
  if (version === undefined) version = turnServerVersion();
  return version !== null;
}

/** Why a test that needs turnserver is skipped: it is not installed, outside CI. Undefined when the test runs. */
export function turnServerMissingOutsideCI(): string | undefined {
  return turnServerInstalled() || process.env.CI ? undefined : NOT_INSTALLED;
}

export function requireTurnServer(): void {
  const installed = turnServerInstalled();
  const skipped = turnServerMissingOutsideCI();
  test.skip(skipped !== undefined, skipped);
  // The list reporter shows a skipped test as "-" without its reason: say it once, where it is seen.
  if (skipped !== undefined && !toldWhy) {
    toldWhy = true;
    console.log(`lab 06 specs skipped: ${skipped}`);
  }
  test.beforeEach(() => {
    expect(installed, `CI=true, so this is a failure, not a skip: ${NOT_INSTALLED}`).toBe(true);
  });
}

/** The candidate pair lab 06's page uses now (window.labSelectedPair), null before it has one. */
export function selectedPair(page: Tab): Promise<SelectedPair | null> {
  return page.evaluate(() => window.labSelectedPair);
}

/** The log of the turnserver the webServer started (scripts/turn-server.ts writes it there). */
export function turnServerLog(): string {
  return readFileSync(join(turnStateDir(turnSettingsFromEnv().port), "turnserver.log"), "utf8");
}
