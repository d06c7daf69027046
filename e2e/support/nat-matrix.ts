/**
 * The NAT matrix, as data: which pairs of networks are called, with TURN
 * offered and without, and what must happen. One table drives the tests
 * (e2e/nat-matrix.spec.ts) and the report (reports/nat.md, .json, .svg).
 *
 * The expectations are libwebrtc's (P2PTransportChannelMatrixTest in
 * p2p/base/p2p_transport_channel_unittest.cc, rows OPEN, PORT, SYMMETRIC and
 * BLOCK_UDP), checked here against real Chromium behind real kernel NATs:
 * - two cones find each other through STUN: srflx (or prflx) at both ends;
 * - a public host reaches anything that can send UDP: the NAT'd side's own
 *   packets open the way;
 * - with TURN offered, a pair that can go direct usually does, but may stay on
 *   the relay pair that answered first (stayedOnTurn below);
 * - a symmetric NAT gives the port it used toward STUN to no one else, so a
 *   port-restricted cone cannot answer it, nor can another symmetric NAT:
 *   without TURN, ICE fails; with TURN one side's relay candidate is the path;
 * - behind a firewall that drops UDP, only TCP is left: TURN over TCP
 *   (relayProtocol tcp). libwebrtc's matrix has ICE over TCP to a public host
 *   too, but a browser offers no TCP candidate another browser can dial.
 */
import { NAT_KINDS, type NatKind } from "../../scripts/nat/kinds.ts";
import type { HomeSpec } from "../../scripts/nat/testbed.ts";

/** One end of the selected candidate pair, from getStats(): the shape lab 06's panel shows. */
import type { PairEnd } from "../../labs/06-turn/panel.ts";
export type { PairEnd };

/** How a call gets through: straight between the two NATs, through a TURN relay, or not at all. */
export type Path = "direct" | "relay" | "fails";

/** The lab a cell opens: lab 04 with the testbed's STUN when no TURN is offered, lab 06 (TURN from its relay) when it is. */
export const CELL_LABS = { withoutTurn: "04-trickle", withTurn: "06-turn" } as const;

export function labOf(cell: Pick<Cell, "turn">): string {
  return cell.turn ? CELL_LABS.withTurn : CELL_LABS.withoutTurn;
}

export interface Cell {
  a: NatKind;
  b: NatKind;
  /** TURN offered (lab 06, whose relay hands out coturn), or only STUN (lab 04 with ?stun=). */
  turn: boolean;
  expected: Path;
  /** Where the connection runs over TCP, when it must (UDP blocked on a side): the relay's protocol or the pair's. */
  tcp: boolean;
}

/** Expected paths per pair of networks (a ≤ b in NAT_KINDS order), without TURN and with it. */
const EXPECTED: Record<string, { withoutTurn: Path; withTurn: Path }> = {
  "none none": { withoutTurn: "direct", withTurn: "direct" },
  "none cone": { withoutTurn: "direct", withTurn: "direct" },
  "none symmetric": { withoutTurn: "direct", withTurn: "direct" },
  // libwebrtc's matrix says LTPT here (ICE over TCP, dialing out to the public host's passive TCP
  // candidate), but Chromium gathers only active TCP candidates ("tcptype active", port 9): two
  // browsers never meet over TCP, so only TURN over TCP gets through.
  "none udp-blocked": { withoutTurn: "fails", withTurn: "relay" },
  "cone cone": { withoutTurn: "direct", withTurn: "direct" },
  "cone symmetric": { withoutTurn: "fails", withTurn: "relay" },
  "cone udp-blocked": { withoutTurn: "fails", withTurn: "relay" },
  "symmetric symmetric": { withoutTurn: "fails", withTurn: "relay" },
  "symmetric udp-blocked": { withoutTurn: "fails", withTurn: "relay" },
  "udp-blocked udp-blocked": { withoutTurn: "fails", withTurn: "relay" },
};

export const MATRIX: readonly Cell[] = NAT_KINDS.flatMap((a, i) =>
  NAT_KINDS.slice(i).flatMap((b) =>
    [false, true].map((turn) => {
      const expected = EXPECTED[`${a} ${b}`]!;
      return { a, b, turn, expected: turn ? expected.withTurn : expected.withoutTurn, tcp: a === "udp-blocked" || b === "udp-blocked" };
    }),
  ),
);

/**
 * The candidate types a side's own end of a direct pair can have, behind each kind of network:
 * a public host's own address (host); a cone's STUN address (srflx), or the same address
 * learned from a check's answer before STUN's came (prflx); behind a symmetric NAT the address
 * the peer saw, which STUN never sees (prflx); behind a UDP-blocking firewall, none.
 */
export const DIRECT_TYPES: Record<NatKind, readonly string[]> = {
  none: ["host"],
  cone: ["srflx", "prflx"],
  symmetric: ["prflx"],
  "udp-blocked": [],
};

/** Who sits on each side: side a's browsers film Alice's picture, side b's Bob's. */
export const PEOPLE = { a: "alice", b: "bob" } as const;

/** The home network of each side of a cell: side a's networks and side b's are different routers, even of the same kind. */
export function homeOf(side: "a" | "b", nat: NatKind): string {
  return `${side}-${nat}`;
}

/** Every home network the matrix uses: one of each kind per side, with the person whose browser sits there. */
export const MATRIX_HOMES: (HomeSpec & { person: string })[] = (["a", "b"] as const).flatMap((side) =>
  NAT_KINDS.map((nat) => ({ name: homeOf(side, nat), nat, person: PEOPLE[side] })),
);

export function cellTitle(cell: Pick<Cell, "a" | "b" | "turn">): string {
  return `${cell.a} ↔ ${cell.b}, ${cell.turn ? "TURN offered" : "no TURN"}`;
}

/** A cell's result, in reports/nat.json's shape (local and remote as side a sees them) plus what side b saw. */
export interface CellResult {
  a: NatKind;
  b: NatKind;
  turn: boolean;
  expected: Path;
  connected: boolean;
  local: string | null;
  remote: string | null;
  /** How the relaying side reaches TURN (udp, tcp), when a side relays. */
  relayProtocol: string | null;
  /** Side a's Connect click to its first frame of b's camera. */
  firstFrameMs: number | null;
  /** The transport of the media path (udp or tcp). */
  protocol: string | null;
  /** Side b's view of the same pair. */
  bLocal: string | null;
  bRemote: string | null;
  /** Connect to iceConnectionState "failed" in side a's tab, when it failed. */
  failedAfterMs: number | null;
  /**
   * Whether a direct pair (no relay at either end, nor the TURN server's address) had its checks
   * answered on either side: the two networks have a direct path, whichever pair ICE selected.
   * Null when the call did not connect.
   */
  directAnswered: boolean | null;
}

/**
 * A cell that expects a direct path, with TURN offered, where the browsers selected the relay
 * all the same: the relay pair answered first, and libwebrtc does not always move to the direct
 * pair that answered later (seen on a busy machine, about one run in three). The direct path is
 * there (`directAnswered`); staying on TURN costs the relay's bandwidth, not the call.
 */
export function stayedOnTurn(result: Pick<CellResult, "expected" | "turn" | "connected" | "local" | "remote" | "bLocal" | "directAnswered">): boolean {
  const relayed = [result.local, result.remote, result.bLocal].includes("relay");
  return result.expected === "direct" && result.turn && result.connected && relayed && result.directAnswered === true;
}

/**
 * What one side sees as the other's candidate, against that side's own: the same address. Only
 * where a NAT stands between, and the other side knows the candidate as peer-reflexive (learned
 * from a packet), may the address differ: a symmetric NAT gives the packets another port than
 * the one the sender's stats name. A relay is never behind a NAT: if either end says relay, both
 * name the same relayed address (the other side may still know it as peer-reflexive), so one
 * side on a relay pair while the other is still on a direct one does not pass as agreement.
 */
export function agree(seen: PairEnd, own: PairEnd): boolean {
  if (seen.protocol !== own.protocol) return false;
  const sameAddress = seen.address === own.address && seen.port === own.port;
  if (seen.candidateType === "relay" || own.candidateType === "relay") return sameAddress;
  if (seen.candidateType === "prflx") return true;
  // A side's own peer-reflexive candidate is the address the other side answered from its packets.
  if (own.candidateType === "prflx") return sameAddress;
  return seen.candidateType === own.candidateType && sameAddress;
}
