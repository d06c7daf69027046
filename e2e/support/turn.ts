/**
 * Lab 06's specs need coturn's turnserver, which the Playwright webServer (`npm start`)
 * runs beside the relay. Without it they are skipped, with the reason in the list
 * output, except in CI (CI=true), where a missing turnserver is a failure.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { INSTALL_COTURN, turnServerVersion, turnSettingsFromEnv, turnStateDir } from "../../scripts/turn-server.ts";

let toldWhy = false;

export function requireTurnServer(): void {
  const installed = turnServerVersion() !== null;
  const why = `turnserver (coturn) is not installed: ${INSTALL_COTURN}`;
  test.skip(!installed && !process.env.CI, why);
  // The list reporter shows a skipped test as "-" without its reason: say it once, where it is seen.
  if (!installed && !process.env.CI && !toldWhy) {
    toldWhy = true;
    console.log(`lab 06 specs skipped: ${why}`);
  }
  test.beforeEach(() => {
    expect(installed, `CI=true, so this is a failure, not a skip: ${why}`).toBe(true);
  });
}

/** The log of the turnserver the webServer started (scripts/turn-server.ts writes it there). */
export function turnServerLog(): string {
  return readFileSync(join(turnStateDir(turnSettingsFromEnv().port), "turnserver.log"), "utf8");
}
