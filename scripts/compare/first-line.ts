/** The first line of an error's message: Playwright's go on with call logs. */
export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
