/**
 * The NAT matrix (e2e/support/nat-matrix.ts): two browsers, each in its own
 * home network behind a real kernel NAT (scripts/nat/), call each other through
 * lab 04 (STUN only) and lab 06 (TURN offered). Each cell that connects asserts
 * which pair ICE chose at both ends and the right picture each way, and whether a
 * direct pair answered (where a relay is expected, none may: TURN was needed); each cell
 * that must fail asserts that ICE failed and that both pages say why: no direct
 * path between the two networks, and a TURN server (lab 06) is what is missing. The NAT
 * reporter writes what happened to reports/nat.md, .json and .svg.
 *
 * The cells that connect run one after the other (their timings go into the
 * report). The cells that must fail only wait for Chromium to give up on ICE
 * (tens of seconds), so they wait side by side, in one test.
 */
import { readFileSync } from "node:fs";
import type { OpenPeer, Peer } from "./support/fixtures.ts";
import { callAcross, expect, requireTestbed, resultBeforeCall, test, TESTBED_STUN, watchPeerConnection, type BrowserIn } from "./support/nat.ts";
import { CELL_ATTACHMENT, MEASUREMENTS_ATTACHMENT } from "./support/nat-attachments.ts";
import { cellTitle, DIRECT_TYPES, homeOf, labOf, MATRIX, MATRIX_HOMES, PEOPLE, stayedOnTurn, type Cell, type CellResult } from "./support/nat-matrix.ts";
import { requireTurnServer } from "./support/turn.ts";

requireTestbed();
requireTurnServer();

test.afterEach(async ({ testbed }, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) return;
  // A failed call explains itself: the end of each log of the internet side (coturn's names each allocation and peer).
  for (const log of testbed.logs()) {
    const tail = readFileSync(log.path, "utf8").split("\n").filter((line) => !/^\d+: : *$/.test(line)).slice(-300).join("\n");
    await testInfo.attach(`${log.name} log (end)`, { body: tail, contentType: "text/plain" });
  }
});

test("each NAT measures as it claims (RFC 4787), and each home network has its browser", async ({ testbed, browserIn }) => {
  // startTestbed has refused to run if one did not (scripts/nat/controller.ts): here they go into the report.
  await test.info().attach(MEASUREMENTS_ATTACHMENT, {
    body: JSON.stringify(testbed.homes.map(({ name, nat, measurement }) => ({ name, nat, ...measurement }))),
    contentType: "application/json",
  });
  expect(testbed.homes.map((home) => home.name).sort()).toEqual(MATRIX_HOMES.map((home) => home.name).sort());
  for (const home of MATRIX_HOMES) expect(browserIn(home.name).isConnected(), `the browser in ${home.name}`).toBe(true);
});

for (const cell of MATRIX.filter((cell) => cell.expected !== "fails")) {
  const how = cell.expected === "relay" ? "through a TURN relay" : cell.turn ? "directly, or stays on the relay that answered first if a direct pair answered too" : "directly";
  test(`${cellTitle(cell)}: connects ${how}`, async ({ openPeer, browserIn, room }) => {
    const [alice, bob] = await openCell(cell, room, openPeer, browserIn);
    const result = await reportCell(cell, (result) => callAcross(alice, bob, result));
    expect(result.connected, `ICE must connect between ${cell.a} and ${cell.b}`).toBe(true);
    expectPairTypes(cell, result);
  });
}

test("where ICE must fail: each call fails, and both pages say so (side by side)", async ({ openPeer, browserIn, room }) => {
  // Chromium gives up on a candidate pair only once its checks have gone unanswered for about
  // 15 s (libwebrtc's write timeout), later still for pairs trickled in later: well past 45 s on a busy machine.
  test.slow();
  const failing = MATRIX.filter((cell) => cell.expected === "fails");
  await Promise.all(
    failing.map((cell, i) =>
      test.step(cellTitle(cell), async () => {
        const [alice, bob] = await openCell(cell, `${room}-${i}`, openPeer, browserIn);
        const result = await reportCell(cell, (result) => callAcross(alice, bob, result));
        expect(result.connected, `ICE must fail between ${cell.a} and ${cell.b}: there is no path without TURN`).toBe(false);
        for (const peer of [alice, bob]) {
          peer.allowErrorShown();
          // In words: no direct path between these networks, and what is missing is TURN, which lab 06 adds.
          const error = peer.page.locator("#error");
          await expect(error, `${peer.name}'s page explains it`).toContainText("There is no direct path between these two networks");
          await expect(error, `${peer.name}'s page names what is missing`).toContainText("What is missing is a TURN server");
          await expect(error, `${peer.name}'s page names the lab that adds it`).toContainText("Lab 06 (06-turn) adds one");
        }
      }),
    ),
  );
});

/** Alice in side a's home network, Bob in side b's, on lab 04 (no TURN) or lab 06 (TURN offered), with the testbed's STUN. */
async function openCell(cell: Cell, room: string, openPeer: OpenPeer, browserIn: BrowserIn): Promise<[Peer, Peer]> {
  const path = `/${labOf(cell)}/?room=${room}&stun=${TESTBED_STUN}`;
  const open = (side: "a" | "b") =>
    openPeer(PEOPLE[side], path, { browser: browserIn(homeOf(side, cell[side])), initScripts: [watchPeerConnection], call: cellTitle(cell) });
  return [await open("a"), await open("b")];
}

/** Makes the call and attaches its result for the report, also when the call went wrong on the way. */
async function reportCell(cell: Cell, call: (result: CellResult) => Promise<void>): Promise<CellResult> {
  const result = resultBeforeCall(cell);
  try {
    await call(result);
  } finally {
    await test.info().attach(CELL_ATTACHMENT, { body: JSON.stringify(result), contentType: "application/json" });
  }
  return result;
}

/**
 * The selected pair at both ends: through a relay only where one is expected (or where, with TURN
 * offered, the browsers stayed on the relay pair though a direct one answered), each side's own
 * candidate what its network allows (DIRECT_TYPES), what each side sees of the other either
 * that candidate or the peer-reflexive one it learned from its packets, and TCP behind a
 * firewall that blocks UDP (TURN over TCP, or ICE over TCP).
 */
function expectPairTypes(cell: Cell, result: CellResult): void {
  const sides = [
    { nat: cell.a, own: result.local, seenByOther: result.bRemote, name: `side a (${cell.a})` },
    { nat: cell.b, own: result.bLocal, seenByOther: result.remote, name: `side b (${cell.b})` },
  ];
  const relaying = sides.filter((side) => side.own === "relay");
  // The browsers stayed on the relay pair that answered first, though a direct one answered too.
  const turnKept = stayedOnTurn(result);
  if (cell.expected === "direct") {
    expect(result.directAnswered, "a direct pair answered its checks").toBe(true);
    if (!turnKept) expect(relaying.map((side) => side.name), "no side relays: the path is direct").toEqual([]);
  } else {
    expect(relaying.length, "at least one side's own end is a relay candidate").toBeGreaterThan(0);
    expect(result.directAnswered, "no direct pair answered any check: TURN was needed").toBe(false);
  }
  for (const side of sides) {
    const allowed = [...DIRECT_TYPES[side.nat], ...(cell.expected === "relay" || turnKept ? ["relay"] : [])];
    expect(allowed, `${side.name}'s own end of the pair`).toContain(side.own);
    // Staying on TURN, one side may send through the relay while the other sends directly: they need not agree.
    if (turnKept) continue;
    // The other side knows it by its candidate, or as peer-reflexive if its packets came first; a relay is a relay on both ends.
    const seenAs = side.own === "relay" ? ["relay", "prflx"] : [...allowed.filter((type) => type !== "relay"), "prflx"];
    expect(seenAs, `what the other side sees of ${side.name}`).toContain(side.seenByOther);
  }
  if (cell.tcp) {
    const over = relaying.length ? result.relayProtocol : result.protocol;
    expect(over, "UDP is blocked on a side: the path must use TCP").toBe("tcp");
  }
}
