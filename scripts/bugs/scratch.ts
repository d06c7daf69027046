/**
 * A scratch copy of the repository to break on purpose: the files git knows
 * (and new ones it does not ignore), the local certificates, and node_modules
 * as one symlink per package (so each copy gets its own Vite cache folder).
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface Edit {
  /** Exact text, found exactly once in the file. */
  search: string;
  replace: string;
}

/** The search text is gone or ambiguous: the catalogue entry must be updated to the lab's current code. */
export class PatchDoesNotApply extends Error {}

export function makeScratchCopy(repo: string, label: string): string {
  const scratch = mkdtempSync(join(tmpdir(), `webrtc-labs-bug-${label}-`));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repo })
    .toString()
    .split("\0")
    .filter((file) => file !== "" && existsSync(join(repo, file))); // a file deleted but not yet committed is skipped
  for (const file of files) {
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    cpSync(join(repo, file), join(scratch, file));
  }
  if (existsSync(join(repo, "ssl"))) cpSync(join(repo, "ssl"), join(scratch, "ssl"), { recursive: true });
  mkdirSync(join(scratch, "node_modules"));
  for (const entry of readdirSync(join(repo, "node_modules"))) {
    if (entry === ".vite") continue; // Vite's cache: one per copy
    symlinkSync(join(repo, "node_modules", entry), join(scratch, "node_modules", entry));
  }
  return scratch;
}

/** Applies `edits` to `file` in `root`; throws PatchDoesNotApply if a search text is not there exactly once. */
export function applyEdits(root: string, file: string, edits: readonly Edit[]): void {
  const path = join(root, file);
  writeFileSync(path, patchedText(readFileSync(path, "utf8"), file, edits));
}

/** `text` with `edits` made, in order; throws PatchDoesNotApply if a search text is not there exactly once. */
export function patchedText(original: string, file: string, edits: readonly Edit[]): string {
  let text = original;
  for (const { search, replace } of edits) {
    const found = text.split(search).length - 1;
    if (found !== 1) {
      const where = found === 0 ? "is no longer in" : `is ${found} times in`;
      throw new PatchDoesNotApply(`this text ${where} ${file}:\n${indent(search)}`);
    }
    text = text.replace(search, () => replace);
  }
  return text;
}

export function removeScratchCopy(scratch: string): void {
  rmSync(scratch, { recursive: true, force: true });
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `    | ${line}`)
    .join("\n");
}
