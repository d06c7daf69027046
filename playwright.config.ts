import { cpus } from "node:os";
import { defineConfig } from "@playwright/test";
import { NAT_PROJECT, NAT_SPECS, natProjectAlone, TESTBED_LABS_URL } from "./e2e/support/nat-project.ts";
import { repeatEachNamed, TIMING_PROJECT, TIMING_SPEC, timingDependencies } from "./e2e/support/timing-project.ts";
import { labsPortFromEnv } from "./server/settings.ts";

const labsPort = labsPortFromEnv();
const labsUrl = `https://localhost:${labsPort}/`;

/**
 * Two workers at least, in CI and outside it alike: Playwright's default (half the cores) is one
 * worker on a 2-core machine, and the suite then takes far longer. Every test waits on events,
 * not timers, so two workers on two cores pass; a third only slowed them down (measured: the
 * lab 02-05 specs took 113 s with two, 143 s with three: the suite is CPU-bound).
 */
const LABS_WORKERS = Math.max(2, Math.floor(cpus().length / 2));

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  // The labs' workers, plus one for the NAT project beside them: most of its time is waiting for
  // Chromium to give up on ICE, which costs no CPU (`--workers` overrides).
  workers: LABS_WORKERS + 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0, // a flaky WebRTC test is a bug to find, not to retry away
  timeout: 45_000,
  // timing-reporter: reports/timing.md, .json, .svg (vanilla vs trickle; see e2e/reporters/timing-reporter.ts).
  // nat-reporter: reports/nat.md, .json, .svg when the NAT matrix ran (e2e/reporters/nat-reporter.ts).
  reporter: [["list"], ["html", { open: "never" }], ["./e2e/reporters/timing-reporter.ts"], ["./e2e/reporters/nat-reporter.ts"]],
  use: {
    baseURL: labsUrl,
    ignoreHTTPSErrors: true, // the local certificate; see README to trust it in your own browser
    // The pages speak the browser's language (labs/shared/language.ts): English, whatever this machine's
    // LANG, unless a test asks for another (openPeer's `locale`, e2e/support/fixtures.ts).
    locale: "en-US",
    // A failed test keeps its trace (actions, DOM snapshots, network, console), but
    // without the screencast: filming every page of every test cost about a third
    // of the suite's CPU (141 s against 108 s, measured), and a page's state is in
    // its snapshots. `--trace on` films again when you want it.
    trace: { mode: "retain-on-failure", screenshots: false },
    // Which Chromium, with which flags: e2e/support/chromium.ts, for the shared browser and for the
    // browser of its own that each lab peer gets, with its own picture (e2e/support/fixtures.ts).
  },
  projects: [
    // Every lab, relay and docs test. It repeats itself under --repeat-each even when it only
    // runs as the timing project's dependency (Playwright repeats a dependency once otherwise).
    { name: "labs", testIgnore: [TIMING_SPEC, NAT_SPECS], workers: LABS_WORKERS, repeatEach: repeatEachNamed() },
    // Across real NATs (e2e/support/nat.ts): one small internet on this machine, its calls one
    // after the other in one worker, the lab pages on the testbed's internet side.
    { name: NAT_PROJECT, testMatch: NAT_SPECS, fullyParallel: false, workers: 1, repeatEach: repeatEachNamed(), use: { baseURL: TESTBED_LABS_URL } },
    // Vanilla vs trickle, one call at a time, after all the others (e2e/support/timing-project.ts):
    // `npx playwright test --project=timing` runs it alone.
    {
      name: TIMING_PROJECT,
      testMatch: TIMING_SPEC,
      fullyParallel: false,
      workers: 1,
      dependencies: timingDependencies(["labs", NAT_PROJECT]),
    },
  ],
  // The relay (ws :3000, wss :3001) and the lab pages (https :5173), as `npm start` runs them
  // (not for the NAT project alone: its servers run inside its testbed).
  webServer: natProjectAlone() ? undefined : {
    command: "node --import tsx scripts/serve.ts",
    url: labsUrl,
    ignoreHTTPSErrors: true,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: process.env.SHOW_SERVER_LOGS ? "pipe" : "ignore", // the relay logs every join and leave
    // A relayed call holds coturn relay ports until its allocations end; the default 20
    // (about ten calls) suits one learner, but two workers' TURN specs overlap and ran
    // out (coturn's "508 allocate error"). The tests get 200.
    // LAB_PAGES=built: the pages built first and served as files, not module by module: a page
    // then loads with about a quarter less CPU (measured: 0.75 CPU-s against 1.0, browser and
    // server together), over the hundreds of pages the tests open (scripts/lab-servers.ts).
    env: { TURN_MIN_PORT: "49160", TURN_MAX_PORT: "49359", LAB_PAGES: "built" },
  },
});
