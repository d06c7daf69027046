/**
 * How the Playwright project `nat` is wired (playwright.config.ts): its specs,
 * and the testbed's lab pages as its baseURL. Kept apart from nat.ts, which the
 * config must not load (it starts nothing, but imports the fixtures).
 */
import { LABS_PORT, SERVER_ADDRESS } from "../../scripts/nat/addresses.ts";
import { projectsNamed } from "./timing-project.ts";

export const NAT_PROJECT = "nat";
export const NAT_SPECS = /nat-[\w-]+\.spec\.ts$/;
/** The testbed's lab pages, served on its internet side. */
export const TESTBED_LABS_URL = `https://${SERVER_ADDRESS}:${LABS_PORT}/`;

/**
 * Whether the command line selects the NAT project and nothing else (`npm run nat -- --matrix`):
 * its servers run inside the testbed, so the config's webServer (`npm start` on this machine) is not needed.
 */
export function natProjectAlone(argv: readonly string[] = process.argv): boolean {
  const named = projectsNamed(argv);
  return named.length > 0 && named.every((name) => name === NAT_PROJECT);
}
