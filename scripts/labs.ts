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
