/**
 * The files every lab carries the same copy of, so that `diff -u` between two
 * labs shows only the step: advice.ts in every lab folder, panel.ts in the 1:1
 * labs (lab 05's panel shows one row per peer, so it has its own), bot-hint.ts
 * in every lab the echo bot can join.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "./support/fixtures.ts";
import { BOT_LABS } from "../scripts/bot/options.ts";
import { labFolders, labsDir } from "../scripts/labs.ts";

const shared = [
  { file: "advice.ts", labs: labFolders() },
  { file: "panel.ts", labs: ["01-copy-paste", "02-ws-vanilla", "03-wss", "04-trickle"] },
  { file: "bot-hint.ts", labs: BOT_LABS.map((lab) => lab.lab).filter((lab) => existsSync(join(labsDir, lab))) },
];

for (const { file, labs } of shared) {
  test(`${file} is byte for byte the same in ${labs.join(", ")}`, () => {
    const [first, ...others] = labs;
    const original = readFileSync(join(labsDir, first!, file), "utf8");
    for (const lab of others) {
      expect(readFileSync(join(labsDir, lab, file), "utf8"), `labs/${lab}/${file} differs from labs/${first}/${file}`).toBe(original);
    }
  });
}
