/**
 * Lab 06's state panel: the shared one (../shared/panel.ts, re-exported here),
 * plus what TURN adds: the TURN server the relay handed out and until when its
 * credentials work, the first relay candidate on the timeline, and the
 * candidate pair ICE selected, live from getStats().
 */
import type { TurnStatus } from "../../server/protocol.ts";
import { t } from "../shared/language.ts";
import { describeCandidate, mark, watchPeerConnection as watchWithSharedPanel, type WatchOptions } from "../shared/panel.ts";

export * from "../shared/panel.ts";

/** One end of the selected candidate pair, from getStats(). */
export interface PairEnd {
  candidateType: string;
  protocol: string;
  /** Only for a relay candidate: how this browser reaches the TURN server (udp, tcp, tls). */
  relayProtocol?: string;
  address: string;
  port: number;
}

/** The candidate pair ICE uses now; `rttMs` is its current round-trip time. Tests read it as window.labSelectedPair. */
export interface SelectedPair {
  local: PairEnd;
  remote: PairEnd;
  rttMs: number | null;
}

declare global {
  interface Window {
    labSelectedPair: SelectedPair | null;
  }
}

const element = (id: string) => document.getElementById(id) as HTMLElement;
window.labSelectedPair = null;
/** The RTCPeerConnection being watched: a getStats() answer for an older one is dropped. */
let watched: RTCPeerConnection | null = null;
/** Relay candidates this tab has gathered in the current call. */
let relayCandidates = 0;

/** What the relay said about TURN: running (until when the credentials work) or why not. */
export function showTurn(turn: TurnStatus): void {
  const cell = element("state_turn");
  const until = turn.running ? new Date(turn.expiresAt * 1000).toTimeString().slice(0, 8) : "";
  // Valid for how long, as the relay counts: this page's clock may not agree with the relay's.
  const valid = turn.running && turn.validForS > 0;
  cell.textContent = turn.running ? (valid ? t.turn.running(until) : t.turn.expired(until)) : t.turn.notRunning;
  cell.dataset.state = valid ? "open" : "failed";
}

export function relayCandidatesGathered(): number {
  return relayCandidates;
}

/** The shared panel's watch, with the selected pair refreshed alongside, and the first relay candidate marked. */
export function watchPeerConnection(pc: RTCPeerConnection, remoteVideo: HTMLVideoElement, options: WatchOptions = {}): void {
  watched = pc;
  relayCandidates = 0;
  showSelectedPair(null);
  watchWithSharedPanel(pc, remoteVideo, {
    connected: t.turn.connected,
    ...options,
    refresh: (current) => {
      if (current.connectionState !== "closed") void readSelectedPair(current).then((pair) => watched === current && showSelectedPair(pair));
      options.refresh?.(current);
    },
  });
  pc.addEventListener("icecandidate", (event) => {
    // A relay candidate means the TURN server accepted the credentials and gave an address.
    if (event.candidate?.type === "relay" && relayCandidates++ === 0) mark("first-relay-candidate", describeCandidate(event.candidate.candidate));
  });
}

/** The selected candidate pair from getStats(), or null while there is none. */
async function readSelectedPair(pc: RTCPeerConnection): Promise<SelectedPair | null> {
  const stats = await pc.getStats();
  const all = [...stats.values()] as Array<Record<string, unknown>>;
  const transport = all.find((report) => report.type === "transport" && report.selectedCandidatePairId);
  const pair = transport ? stats.get(transport.selectedCandidatePairId as string) : undefined;
  if (!pair) return null;
  const end = (id: string): PairEnd => {
    const candidate = stats.get(id);
    return {
      candidateType: candidate?.candidateType ?? "?",
      protocol: candidate?.protocol ?? "?",
      relayProtocol: candidate?.relayProtocol,
      address: candidate?.address ?? candidate?.ip ?? "?",
      port: candidate?.port ?? 0,
    };
  };
  const rtt = pair.currentRoundTripTime;
  return { local: end(pair.localCandidateId), remote: end(pair.remoteCandidateId), rttMs: typeof rtt === "number" ? rtt * 1000 : null };
}

function showSelectedPair(pair: SelectedPair | null): void {
  window.labSelectedPair = pair;
  const list = element("selected_pair");
  const describe = (end: PairEnd) =>
    `${end.candidateType} ${end.protocol} ${end.address}:${end.port}${end.relayProtocol ? ` ${t.turn.toTurnOver(end.relayProtocol)}` : ""}`;
  const rows: Array<[string, string]> = pair
    ? [
        [t.turn.local, describe(pair.local)],
        [t.turn.remote, describe(pair.remote)],
        [t.turn.roundTrip, pair.rttMs === null ? t.turn.notMeasured : `${pair.rttMs.toFixed(1)} ms`],
      ]
    : [["", t.panel.noneYet]];
  const text = rows.map((row) => row.join(" ")).join("\n");
  if (text === list.dataset.rows) return; // unchanged: leave the DOM alone
  list.dataset.rows = text;
  list.replaceChildren(
    ...rows.map(([label, value]) => {
      const item = document.createElement("li");
      item.textContent = label ? `${label.padEnd(10)} ${value}` : value;
      return item;
    }),
  );
}
