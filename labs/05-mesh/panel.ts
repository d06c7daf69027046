/**
 * The state panel, mesh edition: the WebSocket, then one row per peer
 * connection (its states, and how many candidates went each way) and the event
 * log with every message sent (→) and received (←). It only watches and
 * reports; the lesson is in main.ts.
 */

const element = (id: string) => document.getElementById(id) as HTMLElement;
const ui = {
  error: element("error"),
  notice: element("notice"),
  websocket: element("state_websocket"),
  peerRows: element("peer_rows"),
  log: element("log"),
};
addFingerprintColumns();
showPrivateRoomBadge();

/** Adds a line to the event log, with the local time to the millisecond. */
export function log(text: string, kind: "info" | "sent" | "received" | "error" = "info"): void {
  const now = new Date();
  const time = document.createElement("time");
  time.textContent = `${now.toTimeString().slice(0, 8)}.${String(now.getMilliseconds()).padStart(3, "0")}`;
  const line = document.createElement("li");
  line.className = kind;
  line.append(time, ` ${text}`);
  ui.log.append(line);
  ui.log.scrollTop = ui.log.scrollHeight;
  console.log(text);
}

/** A message between tabs, in one line: "→ offer to mwvc…", "← candidate from mwvc…: host udp 127.0.0.1:50000". */
export function logMessage(
  direction: "sent" | "received",
  message: { type: string; from: string; to?: string; ice?: RTCIceCandidateInit | null },
): void {
  const arrow = direction === "sent" ? "→" : "←";
  const who = direction === "received" ? `from ${message.from}` : message.to ? `to ${message.to}` : "to everyone";
  const candidate = message.ice?.candidate ? describeCandidate(message.ice.candidate) : "end of candidates";
  log(`${arrow} ${message.type} ${who}${message.type === "candidate" ? `: ${candidate}` : ""}`, direction);
}

/** Shows what went wrong, in plain words, and what to do about it. */
export function showError(problem: string, whatToDo?: string): void {
  const headline = document.createElement("strong");
  headline.textContent = problem;
  ui.error.replaceChildren(headline, ...(whatToDo ? [document.createElement("br"), whatToDo] : []));
  ui.error.hidden = false;
  log(`error: ${problem}`, "error");
}

/** Shows something the learner should know that is not an error (e.g. a peer left). */
export function showNotice(text: string): void {
  ui.notice.textContent = text;
  ui.notice.hidden = false;
  log(text);
}

export function clearMessages(): void {
  ui.error.hidden = true;
  ui.notice.hidden = true;
}

export function watchWebSocket(socket: WebSocket): void {
  const names = ["connecting", "open", "closing", "closed"];
  const show = () => showState(ui.websocket, names[socket.readyState] ?? "?");
  for (const event of ["open", "close", "error"]) socket.addEventListener(event, show);
  show();
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
  cell(role, "role");
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
    showFingerprint(ours, pc.localDescription);
    showFingerprint(theirs, pc.remoteDescription);
  });
  ui.peerRows.append(tr);
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

function showState(cell: HTMLElement, state: string): void {
  cell.textContent = state;
  cell.dataset.state = state;
}

/** "candidate:1 1 udp 2122260223 192.168.1.5 54321 typ host ..." becomes "host udp 192.168.1.5:54321". */
function describeCandidate(candidate: string): string {
  const [, , protocol = "?", , address = "?", port = "?", , type = "?"] = candidate.split(" ");
  return `${type} ${protocol.toLowerCase()} ${address}:${port}`;
}

/** Two more columns in the table of connections, for what index.html does not have a place for. */
function addFingerprintColumns(): void {
  const header = ui.peerRows.closest("table")?.querySelector("thead tr");
  const columns: [string, string][] = [
    ["our fingerprint", "The DTLS certificate this tab proves itself with on this connection, from its own SDP"],
    ["their fingerprint", "The certificate that peer must show, as written in the SDP received through the relay"],
  ];
  for (const [label, title] of columns) {
    const th = document.createElement("th");
    th.textContent = label;
    th.title = title;
    header?.append(th);
  }
  const placeholder = ui.peerRows.querySelector<HTMLTableCellElement>("tr.empty td");
  if (placeholder && header) placeholder.colSpan = header.children.length;
}

/**
 * The SDP's `a=fingerprint:` (the hash of a DTLS certificate), shortened to
 * "0A:1B … E8:F9": the whole value is in the tooltip. At the two ends of a
 * connection, ours and theirs are the same two values, crossed over, unless
 * something changed the SDP on the way.
 */
function showFingerprint(cell: HTMLElement, description: RTCSessionDescription | null): void {
  const fingerprint = /^a=fingerprint:(\S+ \S+)/m.exec(description?.sdp ?? "")?.[1];
  if (!fingerprint || fingerprint === cell.dataset.fingerprint) return;
  const bytes = fingerprint.split(" ")[1]!.split(":");
  cell.dataset.fingerprint = fingerprint;
  cell.title = fingerprint;
  cell.textContent = `${bytes.slice(0, 2).join(":")} … ${bytes.slice(-2).join(":")}`;
}

/**
 * Whether the connection failed at DTLS, after ICE had found a path: that peer's
 * certificate does not match the fingerprint in the SDP this tab received.
 */
export function failedAtDtls(pc: RTCPeerConnection): boolean {
  const transports = [...pc.getSenders(), ...pc.getReceivers()].map((sender) => sender.transport);
  return transports.some((transport) => transport?.state === "failed");
}

/** What failedAtDtls means, in plain words. */
export function sdpChangedOnTheWay(peerId: string): LabProblem {
  return new LabProblem(
    `The connection with ${peerId} failed at DTLS, after ICE connected: its certificate does not match the fingerprint in the SDP this tab received. The SDP was changed on the way; this is what a malicious relay would do.`,
    "Compare the fingerprints in the two tabs' state panels: our fingerprint in one should be their fingerprint in the other. With ?tamper=fingerprint in the URL, the relay changed them on purpose (a test knob): remove it and click Prepare again.",
  );
}

/**
 * Room names made by "New private room" on the index page: `p-` and 22 or more
 * random characters. Nobody can guess one, but whoever has the link can join.
 */
function showPrivateRoomBadge(): void {
  const PRIVATE_ROOM = /^p-[A-Za-z0-9_-]{22,62}$/;
  const room = new URLSearchParams(location.search).get("room");
  if (room === null || !PRIVATE_ROOM.test(room)) return;
  const badge = document.createElement("span");
  badge.id = "private_room_badge";
  badge.className = "private-room";
  badge.textContent = "private room";
  badge.title = "A random name nobody can guess. Its name is its only key: whoever you give the link to can join.";
  element("room_name").after(" ", badge);
}

/** Something the learner can fix, with the words to fix it. */
export class LabProblem extends Error {
  constructor(
    problem: string,
    readonly whatToDo: string,
  ) {
    super(problem);
  }
}

/** Shows any error on the page: a LabProblem with its advice, anything else as it is. */
export function report(error: unknown): void {
  if (error instanceof LabProblem) return showError(error.message, error.whatToDo);
  showError(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}
