/**
 * How the NAT matrix judges a cell (e2e/support/nat-matrix.ts, nat-report.ts), without a
 * testbed: a direct cell may stay on TURN only with TURN offered and a direct pair that
 * answered; a relay cell is a relay only if no direct pair answered; the report says which.
 */
import { expect, test } from "@playwright/test";
import { stayedOnTurn, type CellResult } from "./support/nat-matrix.ts";
import { asExpected, natMarkdown } from "./support/nat-report.ts";

const connected = { connected: true, relayProtocol: "udp", firstFrameMs: 500, protocol: "udp", failedAfterMs: null } as const;

/** none ↔ cone, TURN offered, as the browsers left it: side a on the relay, side b on the direct pair. */
const keptTurn: CellResult = { a: "none", b: "cone", turn: true, expected: "direct", ...connected, local: "relay", remote: "srflx", bLocal: "srflx", bRemote: "host", directAnswered: true };

test("a direct cell that stayed on TURN is as expected when a direct pair answered, and the report says so", () => {
  expect(stayedOnTurn(keptTurn)).toBe(true);
  expect(asExpected(keptTurn)).toBe(true);
  const row = natMarkdown({ madeBy: "test", measurements: [], cells: [keptTurn], wallMs: 0, cpu: null }, "now").split("\n").find((line) => line.startsWith("| none | cone |"));
  expect(row).toContain("| connected, stayed on TURN (a direct pair answered too) |");
  expect(row).toContain("| as expected |");
});

test("staying on TURN is not as expected without a direct pair that answered, nor without TURN offered", () => {
  for (const cell of [{ ...keptTurn, directAnswered: false }, { ...keptTurn, turn: false }]) {
    expect(stayedOnTurn(cell)).toBe(false);
    expect(asExpected(cell)).toBe(false);
  }
  const direct = { ...keptTurn, local: "host", remote: "srflx" };
  expect([stayedOnTurn(direct), asExpected(direct)]).toEqual([false, true]);
  // Side b on the relay, side a direct, without TURN offered: not as expected either.
  expect(asExpected({ ...direct, turn: false, bLocal: "relay" })).toBe(false);
});

test("a relay cell where a direct pair answered is not as expected: TURN was not needed", () => {
  const relay: CellResult = { ...keptTurn, b: "symmetric", expected: "relay", local: "relay", remote: "prflx", bLocal: "prflx", bRemote: "relay", directAnswered: false };
  expect(asExpected(relay)).toBe(true);
  expect(asExpected({ ...relay, directAnswered: true })).toBe(false);
});
