/**
 * Lab 05's state panel: the shared one (../shared/panel.ts, re-exported here)
 * with, instead of one connection's states, one table row per peer connection
 * (its states, how many candidates went each way, both fingerprints), and every
 * message sent (→) and received (←) in the event log.
 */
import { t } from "../shared/language.ts";
import { describeCandidate, LabProblem, log, showFingerprint, showState } from "../shared/panel.ts";

export * from "../shared/panel.ts";

const peerRows = document.getElementById("peer_rows") as HTMLElement;
addFingerprintColumns();

/** A message between tabs, in one line: "→ offer to mwvc…", "← candidate from mwvc…: host udp 127.0.0.1:50000". */
export function logMessage(
  direction: "sent" | "received",
  message: { type: string; from: string; to?: string; ice?: RTCIceCandidateInit | null },
): void {
  const arrow = direction === "sent" ? "→" : "←";
  const who = direction === "received" ? t.mesh.from(message.from) : message.to ? t.mesh.to(message.to) : t.mesh.toEveryone;
  const candidate = message.ice?.candidate ? describeCandidate(message.ice.candidate) : t.log.endOfCandidates;
  log(`${arrow} ${message.type} ${who}${message.type === "candidate" ? `: ${candidate}` : ""}`, direction);
}

/** The candidate counts of a row: sent to that peer, received from it, and received too early. */
export type CandidateCount = "sent" | "received" | "queued";

interface Row {
  tr: HTMLTableRowElement;
  counts: Record<CandidateCount, HTMLElement>;
}
const rows = new Map<string, Row>();

/** Adds a row for the connection to `peerId`, kept up to date by the connection's own events. */
export function watchPeerConnection(peerId: string, pc: RTCPeerConnection, role: "we offer" | "they offer"): void {
  const tr = document.createElement("tr");
  tr.dataset.peer = peerId;
  tr.dataset.role = role;
  const cell = (text: string, field: string) => {
    const td = document.createElement("td");
    td.textContent = text;
    td.dataset.field = field;
    tr.append(td);
    return td;
  };
  cell(peerId, "peer");
  cell(role === "we offer" ? t.mesh.weOffer : t.mesh.theyOffer, "role");
  const states: [field: string, event: string, name: string, read: () => string][] = [
    ["signaling", "signalingstatechange", "signalingState", () => pc.signalingState],
    ["gathering", "icegatheringstatechange", "iceGatheringState", () => pc.iceGatheringState],
    ["ice", "iceconnectionstatechange", "iceConnectionState", () => pc.iceConnectionState],
    ["connection", "connectionstatechange", "connectionState", () => pc.connectionState],
  ];
  for (const [field, event, name, read] of states) {
    const td = cell("", field);
    showState(td, read());
    pc.addEventListener(event, () => {
      showState(td, read());
      log(`${peerId}: ${name}: ${read()}`);
    });
  }
  const counts = { sent: cell("0", "sent"), received: cell("0", "received"), queued: cell("0", "queued") };
  // Each connection has a certificate of its own: ours, and theirs as its SDP says.
  const ours = cell("–", "fingerprint-local");
  const theirs = cell("–", "fingerprint-remote");
  pc.addEventListener("signalingstatechange", () => {
    showFingerprint(ours, pc.localDescription, { compact: true });
    showFingerprint(theirs, pc.remoteDescription, { compact: true });
  });
  peerRows.append(tr);
  rows.set(peerId, { tr, counts });
}

/** One more candidate in the row of `peerId`. */
export function countCandidate(peerId: string, count: CandidateCount): void {
  const cell = rows.get(peerId)?.counts[count];
  if (cell) cell.textContent = String(Number(cell.textContent) + 1);
}

/** The connection to `peerId` is gone: so is its row (the log keeps its history). */
export function forgetPeer(peerId: string): void {
  rows.get(peerId)?.tr.remove();
  rows.delete(peerId);
}

/** Two more columns in the table of connections, for what index.html does not have a place for. */
function addFingerprintColumns(): void {
  const header = peerRows.closest("table")?.querySelector("thead tr");
  const { columns } = t.mesh;
  for (const [label, title] of [
    [columns.ourFingerprint, columns.ourFingerprintTitle],
    [columns.theirFingerprint, columns.theirFingerprintTitle],
  ]) {
    const th = document.createElement("th");
    th.textContent = label!;
    th.title = title!;
    header?.append(th);
  }
  const placeholder = peerRows.querySelector<HTMLTableCellElement>("tr.empty td");
  if (placeholder && header) placeholder.colSpan = header.children.length;
}

/** What failedAtDtls means, in plain words, for the connection to `peerId`. */
export function sdpChangedOnTheWay(peerId: string): LabProblem {
  return new LabProblem(t.mesh.sdpChangedOnTheWay(peerId));
}
