/**
 * reports/nat.md, nat.json and nat.svg: the NAT matrix of the last run, with
 * each NAT's measured behaviour. The reporter (e2e/reporters/nat-reporter.ts)
 * collects what the tests attached; this module only writes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { NAT_KINDS, NATS, type Behaviour, type NatKind } from "../../scripts/nat/kinds.ts";
import type { Measurement } from "../../scripts/nat/probe.ts";
import { cellTitle, MATRIX, stayedOnTurn, type CellResult } from "./nat-matrix.ts";
import { svgDocument, text } from "./timing-chart.ts";
import { currentMachine, machineSentence, REPORTS_DIR } from "./timing-files.ts";

/** One home network's NAT check, as the matrix spec attaches it. */
export type HomeMeasurement = { name: string; nat: NatKind } & Measurement;

export interface NatReport {
  madeBy: string;
  measurements: HomeMeasurement[];
  cells: CellResult[];
  /** From the first NAT test's start to the last one's end. */
  wallMs: number;
  /** The CPU the NAT tests' workers and all they started used, in all and per test; null when not measured. */
  cpu: { totalMs: number; perTest: { title: string; cpuMs: number }[] } | null;
}

/**
 * Whether a cell went as the table expects: the path, not the timings. A direct cell that stayed on
 * TURN though a direct pair answered (stayedOnTurn) is as expected, and said so; a relay cell only
 * if no direct pair answered.
 */
export function asExpected(cell: CellResult): boolean {
  if (cell.expected === "fails") return !cell.connected;
  const relayed = cell.local === "relay" || cell.remote === "relay";
  if (cell.expected === "relay") return cell.connected && relayed && cell.directAnswered !== true;
  // Direct: neither side relays, as either sees it.
  const eitherRelays = relayed || cell.bLocal === "relay" || cell.bRemote === "relay";
  return cell.connected && (!eitherRelays || stayedOnTurn(cell));
}

/** The result column: connected, or how it failed; a direct cell that stayed on TURN says so. */
function resultWords(cell: CellResult): string {
  if (!cell.connected) return `ICE failed${cell.failedAfterMs === null ? "" : ` after ${fmt(cell.failedAfterMs)}`}`;
  return stayedOnTurn(cell) ? "connected, stayed on TURN (a direct pair answered too)" : "connected";
}

/** Returns the paths written, relative to the working directory. */
export function writeNatReport(report: NatReport): string[] {
  mkdirSync(REPORTS_DIR, { recursive: true });
  const madeAt = new Date().toISOString();
  const files: [string, string][] = [
    ["nat.md", natMarkdown(report, madeAt)],
    ["nat.json", `${JSON.stringify(natJson(report, madeAt), null, 2)}\n`],
    ["nat.svg", natSvg(report)],
  ];
  return files.map(([file, content]) => {
    const path = join(REPORTS_DIR, file);
    writeFileSync(path, content);
    return relative(process.cwd(), path);
  });
}

/** The issue's shape: `nats` per kind (both homes of a kind measure the same, or the run would have stopped), then the cells. */
function natJson(report: NatReport, madeAt: string) {
  const nats: Partial<Record<NatKind, Behaviour & { publicAddresses: string[] }>> = {};
  for (const home of report.measurements) {
    const known = nats[home.nat];
    nats[home.nat] = { ...home.behaviour, publicAddresses: [...(known?.publicAddresses ?? []), ...(home.publicAddress ? [home.publicAddress] : [])] };
  }
  return { madeBy: report.madeBy, madeAt, wallMs: report.wallMs, cpu: report.cpu, nats, cells: report.cells };
}

const fmt = (ms: number | null) => (ms === null ? "–" : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`);

export function natMarkdown(report: NatReport, madeAt: string): string {
  const lines = [
    "# Calls across real NATs",
    "",
    `Made by \`${report.madeBy}\` on ${madeAt.slice(0, 16).replace("T", " ")} UTC, ${machineSentence(currentMachine())}. ` +
      `The NAT tests took ${fmt(report.wallMs)}${report.cpu === null ? "" : ` and ${fmt(report.cpu.totalMs)} of CPU (browsers, servers and testbed included)`}.`,
    "",
    "Each browser ran in its own home network behind a real kernel NAT (scripts/nat/), the lab pages and coturn on the",
    "internet side at 203.0.113.1. No TURN: lab 04 with `?stun=`; TURN offered: lab 06 (its relay hands out coturn).",
    "",
    "## The NATs, as measured before the calls (RFC 4787)",
    "",
    "| home network | claims to be | mapping | filtering | UDP | TCP | public address seen |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...report.measurements.map(
      (home) =>
        `| ${home.name} | ${home.nat}: ${NATS[home.nat].says} | ${home.behaviour.mapping ?? "–"} | ${home.behaviour.filtering ?? "–"} | ${home.behaviour.udp} | ${home.behaviour.tcp} | ${home.publicAddress ?? "–"} |`,
    ),
    "",
    "## The matrix",
    "",
    "Local and remote are the selected candidate pair's types as side a's `getStats()` saw them; side b's view follows.",
    "First frame: from side a's Connect click to its first frame of side b's camera.",
    "",
    "| a | b | TURN | expected | result | local / remote (a) | local / remote (b) | relayProtocol | protocol | first frame | |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...report.cells.map(
      (cell) =>
        `| ${cell.a} | ${cell.b} | ${cell.turn ? "offered" : "no"} | ${cell.expected} | ${resultWords(cell)} | ${cell.local ?? "–"} / ${cell.remote ?? "–"} | ${cell.bLocal ?? "–"} / ${cell.bRemote ?? "–"} | ${cell.relayProtocol ?? "–"} | ${
          cell.protocol ?? "–"
        } | ${fmt(cell.firstFrameMs)} | ${asExpected(cell) ? "as expected" : "**not as expected**"} |`,
    ),
    ...missingCells(report),
    "",
    "![the matrix](nat.svg)",
    "",
    ...cpuTable(report),
  ];
  return lines.join("\n");
}

/** Where the CPU went: each test's share (the first matrix test carries the testbed, its servers and the browsers). */
function cpuTable(report: NatReport): string[] {
  if (report.cpu === null) return [];
  return [
    "## Where the CPU went",
    "",
    "Per test, everything its worker had started included; a worker's first test also carries what the worker set up.",
    "",
    "| test | CPU |",
    "| --- | --- |",
    ...report.cpu.perTest.map((test) => `| ${test.title} | ${fmt(Math.round(test.cpuMs))} |`),
    "",
  ];
}

/** Cells of the table that have no result (skipped, or stopped before the call). */
function missingCells(report: NatReport): string[] {
  const missing = MATRIX.filter((cell) => !report.cells.some((done) => done.a === cell.a && done.b === cell.b && done.turn === cell.turn));
  return missing.length ? ["", `No result for: ${missing.map(cellTitle).join("; ")}.`] : [];
}

// --- The picture: rows are the local side's NAT, columns the remote side's; each square holds no TURN | TURN offered.

const SIZE = 150;
const LEFT = 130;
const TOP = 90;
const COLOURS = { direct: "#3a9a5b", relay: "#3b6fb6", fails: "#c0392b", none: "#cccccc" };

function natSvg(report: NatReport): string {
  const parts: string[] = [];
  const width = LEFT + NAT_KINDS.length * SIZE + 20;
  parts.push(text(16, 26, "Calls across real NATs: the selected pair, seen from the row's side", 'font-size="18" font-weight="bold"'));
  parts.push(text(16, 48, "each square: left half no TURN (lab 04 + STUN), right half TURN offered (lab 06)", 'fill="#444"'));
  NAT_KINDS.forEach((kind, i) => {
    parts.push(text(LEFT + i * SIZE + SIZE / 2, TOP - 10, kind, 'text-anchor="middle" font-weight="bold"'));
    parts.push(text(LEFT - 10, TOP + i * SIZE + SIZE / 2, kind, 'text-anchor="end" font-weight="bold"'));
  });
  NAT_KINDS.forEach((row, i) => {
    NAT_KINDS.forEach((column, j) => {
      [false, true].forEach((turn, half) => {
        const x = LEFT + j * SIZE + (half * SIZE) / 2;
        const y = TOP + i * SIZE;
        parts.push(...square(x, y, viewFrom(report.cells, row, column, turn)));
      });
    });
  });
  let y = TOP + NAT_KINDS.length * SIZE + 24;
  for (const [label, colour] of [["direct", COLOURS.direct], ["through a TURN relay", COLOURS.relay], ["ICE failed", COLOURS.fails]] as const) {
    parts.push(`<rect x="16" y="${y - 11}" width="12" height="12" fill="${colour}"/>`, text(34, y, label));
    y += 18;
  }
  parts.push(text(16, y, "a dashed red border: not what libwebrtc's matrix expects", 'fill="#444"'));
  y += 18;
  if (report.cells.some(stayedOnTurn)) {
    parts.push(text(16, y, "direct too: a direct pair answered, but the browsers stayed on the relay that answered first", 'fill="#444"'));
    y += 18;
  }
  y += 4;
  for (const home of report.measurements) {
    const { mapping, filtering, udp } = home.behaviour;
    parts.push(text(16, y, `${home.name}: ${udp === "blocked" ? "UDP blocked, TCP passes" : `mapping ${mapping}, filtering ${filtering}`}`, 'fill="#444"'));
    y += 16;
  }
  return svgDocument(width, y + 10, parts);
}

/** The cell between `local` and `remote`, turned so that `local` is side a; undefined when it has no result. */
function viewFrom(cells: CellResult[], local: NatKind, remote: NatKind, turn: boolean) {
  const straight = cells.find((cell) => cell.a === local && cell.b === remote && cell.turn === turn);
  if (straight) return { cell: straight, local: straight.local, remote: straight.remote };
  const turned = cells.find((cell) => cell.a === remote && cell.b === local && cell.turn === turn);
  return turned && { cell: turned, local: turned.bLocal, remote: turned.bRemote };
}

function square(x: number, y: number, view: ReturnType<typeof viewFrom>): string[] {
  const w = SIZE / 2 - 4;
  const h = SIZE - 4;
  if (!view) return [`<rect x="${x + 2}" y="${y + 2}" width="${w}" height="${h}" fill="${COLOURS.none}"/>`, text(x + 2 + w / 2, y + h / 2, "no result", 'text-anchor="middle" fill="#555"')];
  const { cell, local, remote } = view;
  const relayed = local === "relay" || remote === "relay";
  const colour = !cell.connected ? COLOURS.fails : relayed ? COLOURS.relay : COLOURS.direct;
  const border = asExpected(cell) ? "" : ` stroke="${COLOURS.fails}" stroke-width="4" stroke-dasharray="6 3"`;
  const middle = x + 2 + w / 2;
  const lines = cell.connected
    ? [local ?? "?", remote ?? "?", stayedOnTurn(cell) ? "direct too" : cell.relayProtocol ? `via ${cell.relayProtocol}` : cell.protocol ?? "", fmt(cell.firstFrameMs)]
    : ["ICE", "failed", fmt(cell.failedAfterMs)];
  return [
    `<rect x="${x + 2}" y="${y + 2}" width="${w}" height="${h}" fill="${colour}"${border}/>`,
    ...lines.map((line, k) => text(middle, y + 36 + k * 22, line, `text-anchor="middle" fill="white"${k < 2 ? ' font-weight="bold"' : ""}`)),
  ];
}
