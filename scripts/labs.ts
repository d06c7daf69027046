/** Where the labs are, and which folders are labs: `NN-name`, in the order a learner follows them. */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const labsDir = fileURLToPath(new URL("../labs/", import.meta.url));

export function labFolders(): string[] {
  return readdirSync(labsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d\d-/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/**
 * The lab `lab` was copied from, whose diff shows its step: the one before it, except for
 * labs that branch off an earlier one (lab 06 is lab 04 plus TURN, not lab 05's mesh).
 */
const BUILT_ON: Readonly<Record<string, string>> = { "06-turn": "04-trickle" };

export function previousLab(lab: string, labs = labFolders()): string | undefined {
  return BUILT_ON[lab] ?? labs[labs.indexOf(lab) - 1];
}
