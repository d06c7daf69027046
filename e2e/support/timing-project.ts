/**
 * How the Playwright project `timing` is wired (playwright.config.ts).
 *
 * It depends on every other project, so in a whole run (`npx playwright test`)
 * Playwright starts it only once they have all finished: its calls have the
 * cores to themselves. But Playwright runs a selected project's dependencies
 * too, unless `--no-deps` is given; so when the command line selects `timing`
 * and nothing else (`npx playwright test --project=timing`), the config leaves
 * the dependencies out, the same as `--no-deps`.
 *
 * A file filter does not select a project: `npx playwright test
 * e2e/timing-calls.spec.ts` runs every other project first; add `--no-deps`
 * (or use `--project=timing`) to run the timing calls alone.
 *
 * `--repeat-each N` repeats only the projects selected, not the ones they depend
 * on: Playwright runs a dependency once. So the config gives the other project
 * the same repeat count itself (repeatEachNamed): `npx playwright test
 * --repeat-each 5` then runs every test five times, as a flakiness check should.
 */

export const TIMING_PROJECT = "timing";
/** The timing project's only spec; every other spec belongs to the other projects. */
export const TIMING_SPEC = /timing-calls\.spec\.ts$/;

/**
 * The projects named on the command line, lower-cased: `--project=a`, or
 * `--project a b` (the option takes several names, up to the next option).
 */
export function projectsNamed(argv: readonly string[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith("--project=")) names.push(arg.slice("--project=".length));
    else if (arg === "--project") for (let j = i + 1; j < argv.length && !argv[j]!.startsWith("-"); j++) names.push(argv[j]!);
  }
  return names.map((name) => name.toLowerCase());
}

/** The timing project's dependencies: all the others, unless it is the only project selected. */
export function timingDependencies(otherProjects: readonly string[], argv: readonly string[] = process.argv): string[] {
  const named = projectsNamed(argv);
  const timingAlone = named.length > 0 && named.every((name) => name === TIMING_PROJECT);
  return timingAlone ? [] : [...otherProjects];
}

/** N from `--repeat-each N` or `--repeat-each=N` on the command line; undefined without it. */
export function repeatEachNamed(argv: readonly string[] = process.argv): number | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = arg.startsWith("--repeat-each=") ? arg.slice("--repeat-each=".length) : arg === "--repeat-each" ? argv[i + 1] : undefined;
    if (value !== undefined && /^\d+$/.test(value)) return Number(value);
  }
  return undefined;
}
