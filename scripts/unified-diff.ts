/**
 * The unified diff of two texts, line for line what `diff -u --minimal` prints
 * (GNU diffutils), so that a learner who runs that command sees what the README shows.
 *
 * jsdiff (the `diff` package) finds which lines are kept, removed and added: the
 * smallest such diff. Where a change could sit in more than one place (a new
 * function inserted between two others: is the blank line between them before or
 * after it?), GNU diff then slides it to one place, and so do we, with the rule
 * GNU diff uses (`shift_boundaries` in its analyze.c). jsdiff's formatPatch
 * writes the text.
 *
 * Why `--minimal`: plain `diff -u` first sets aside lines that occur very often in
 * the other file (blank lines, `}`) to go faster, and may then show a few more
 * lines as changed than needed (lab 01 to 02: +212/-82 instead of +209/-79).
 */
import { diffArrays, formatPatch, FILE_HEADERS_ONLY, type StructuredPatchHunk } from "diff";

/** Unchanged lines shown around each change, as `diff -u` does. */
const CONTEXT_LINES = 3;

export interface FileDiff {
  /** The unified diff (`--- old`, `+++ new`, `@@` hunks), or "" when the texts are equal. */
  text: string;
  added: number;
  removed: number;
}

export function unifiedDiff(oldName: string, newName: string, oldText: string, newText: string): FileDiff {
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  const [oldChanged, newChanged] = changedLines(oldLines, newLines);
  shiftBoundaries(oldChanged, newChanged, oldLines);
  shiftBoundaries(newChanged, oldChanged, newLines);
  const hunks = hunksOf(oldLines, newLines, oldChanged, newChanged);
  const text = hunks.length
    ? formatPatch({ oldFileName: oldName, newFileName: newName, oldHeader: undefined, newHeader: undefined, hunks }, FILE_HEADERS_ONLY).trimEnd()
    : "";
  return {
    text,
    added: newChanged.filter(Boolean).length,
    removed: oldChanged.filter(Boolean).length,
  };
}

/**
 * A file's lines, each with its line break, so that a last line without one differs
 * from the same line with one (as for diff). Such a line gets diff's marker when shown.
 */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** For each line of each file: is it removed (old) or added (new)? jsdiff decides. */
function changedLines(oldLines: string[], newLines: string[]): [boolean[], boolean[]] {
  const oldChanged: boolean[] = [];
  const newChanged: boolean[] = [];
  for (const change of diffArrays(oldLines, newLines)) {
    const count = change.count ?? change.value.length;
    if (!change.added) oldChanged.push(...Array<boolean>(count).fill(Boolean(change.removed)));
    if (!change.removed) newChanged.push(...Array<boolean>(count).fill(Boolean(change.added)));
  }
  return [oldChanged, newChanged];
}

/**
 * GNU diff's shift_boundaries, for one file (`changed`) against the other (`otherChanged`):
 * each run of changed lines slides down as far as equal lines allow (merging with the
 * runs it meets), then back up to line up with a run of changes in the other file if it can.
 * Out-of-range reads are `undefined`, which stands for GNU's zero sentinels at both ends.
 */
function shiftBoundaries(changed: boolean[], otherChanged: boolean[], lines: string[]): void {
  const end = lines.length;
  let i = 0;
  let j = 0;
  for (;;) {
    // The next run of changes, and the matching point in the other file.
    while (i < end && !changed[i]) {
      while (otherChanged[j++]);
      i++;
    }
    if (i === end) break;
    let start = i;
    while (changed[++i]);
    while (otherChanged[j]) j++;

    let runLength: number;
    let corresponding: number;
    do {
      runLength = i - start;
      // Slide up while the line above equals the run's last line (merging runs above).
      while (start > 0 && lines[start - 1] === lines[i - 1]) {
        changed[--start] = true;
        changed[--i] = false;
        while (changed[start - 1]) start--;
        while (otherChanged[--j]);
      }
      // Where the run last lined up with changes in the other file (`end`: nowhere).
      corresponding = otherChanged[j - 1] ? i : end;
      // Slide down while the run's first line equals the line below (merging runs below).
      while (i !== end && lines[start] === lines[i]) {
        changed[start++] = false;
        changed[i++] = true;
        while (changed[i]) i++;
        while (otherChanged[++j]) corresponding = i;
      }
    } while (runLength !== i - start);

    // Back up to the changes in the other file, if the run passed them.
    while (corresponding < i) {
      changed[--start] = true;
      changed[--i] = false;
      while (otherChanged[--j]);
    }
  }
}

type Step = { kind: " " | "-" | "+"; line: string; oldNo: number; newNo: number };

/** The hunks of `diff -u`: each change with 3 lines around it, changes closer than 7 lines in one hunk. */
function hunksOf(oldLines: string[], newLines: string[], oldChanged: boolean[], newChanged: boolean[]): StructuredPatchHunk[] {
  // Walk both files together: removals before additions in each change, as diff prints them.
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  while (i < oldLines.length || j < newLines.length) {
    if (i < oldLines.length && j < newLines.length && !oldChanged[i] && !newChanged[j]) {
      steps.push({ kind: " ", line: oldLines[i]!, oldNo: ++i, newNo: ++j });
      continue;
    }
    while (oldChanged[i]) steps.push({ kind: "-", line: oldLines[i]!, oldNo: ++i, newNo: j });
    while (newChanged[j]) steps.push({ kind: "+", line: newLines[j]!, oldNo: i, newNo: ++j });
  }

  const changes = steps.flatMap((step, index) => (step.kind === " " ? [] : [index]));
  const groups: [number, number][] = [];
  for (const index of changes) {
    const last = groups.at(-1);
    if (last && index - last[1] - 1 <= 2 * CONTEXT_LINES) last[1] = index;
    else groups.push([index, index]);
  }

  return groups.map(([first, last]) => {
    const from = Math.max(0, first - CONTEXT_LINES);
    const slice = steps.slice(from, Math.min(steps.length, last + CONTEXT_LINES + 1));
    const before = steps[from - 1];
    return {
      // formatPatch writes one less when a side has no lines, as diff does.
      oldStart: (before?.oldNo ?? 0) + 1,
      oldLines: slice.filter((step) => step.kind !== "+").length,
      newStart: (before?.newNo ?? 0) + 1,
      newLines: slice.filter((step) => step.kind !== "-").length,
      lines: slice.flatMap((step) =>
        step.line.endsWith("\n") ? [step.kind + step.line.slice(0, -1)] : [step.kind + step.line, "\\ No newline at end of file"],
      ),
    };
  });
}
