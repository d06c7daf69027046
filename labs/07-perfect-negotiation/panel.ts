/**
 * The state panel: what the WebSocket and the RTCPeerConnection are doing, the
 * candidates on each side, a timeline and an event log. It only watches and
 * reports; the lesson is in main.ts. Every lab carries the same copy, so a diff
 * between two labs shows only what the step changes. Lab 07 adds the role, the
 * relay's status and the ICE credentials.
 */

/** One moment on the timeline, from performance.now(). Tests read them as window.labTiming. */
export interface TimingMark {
  name: MarkName;
  at: number;
  detail?: string;
}

export type MarkName =
  | "connect-clicked"
  | "offer-created"
  | "answer-created"
  | "local-description-set"
  | "candidate-gathered"
  | "first-relay-candidate"
  | "gathering-complete"
  | "offer-sent"
  | "offer-received"
  | "answer-sent"
  | "answer-received"
  | "candidate-sent"
  | "candidate-received"
  | "remote-candidate-added"
  | "ice-connected"
  | "connected"
  | "first-remote-frame";

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
    // labTiming is declared by the other labs' panel.ts, with one mark name fewer (see mark()).
    labSelectedPair: SelectedPair | null;
  }
}

const element = (id: string) => document.getElementById(id) as HTMLElement;
const ui = {
  error: element("error"),
  notice: element("notice"),
  states: {
    websocket: element("state_websocket"),
    signaling: element("state_signaling"),
    gathering: element("state_gathering"),
    ice: element("state_ice"),
    connection: element("state_connection"),
    turn: element("state_turn"),
    role: element("state_role"),
    iceLocal: element("ice_local"),
    iceRemote: element("ice_remote"),
  },
  selectedPair: element("selected_pair"),
  relayStatus: element("relay_status"),
  // Added here rather than in index.html: the DTLS fingerprints, to compare across tabs.
  fingerprints: {
    local: addStateRow("DTLS fingerprint (this tab)", "The certificate this tab proves itself with, from its own SDP (localDescription)", "fingerprint_local"),
    remote: addStateRow("DTLS fingerprint (remote SDP)", "The certificate the other tab must show, as written in the SDP received through the relay", "fingerprint_remote"),
  },
  localCandidates: element("local_candidates"),
  remoteCandidates: element("remote_candidates"),
  timeline: element("timeline"),
  log: element("log"),
};

window.labTiming = [];
window.labSelectedPair = null;
showPrivateRoomBadge();
let refreshTimer: number | undefined;
/** Relay candidates this tab has gathered in the current call. */
let relayCandidates = 0;
/** The RTCPeerConnection being watched, to count the candidates inside what is sent. */
let watched: RTCPeerConnection | null = null;

/** Moments that are also a state change, which the log already shows. */
const STATE_MARKS: ReadonlySet<MarkName> = new Set(["gathering-complete", "ice-connected", "connected"]);

/** Puts a moment on the timeline and in the log ("offer-sent" reads "→ offer sent"). */
export function mark(name: MarkName, detail?: string): void {
  (window.labTiming as TimingMark[]).push({ name, at: performance.now(), detail }); // this lab's marks include first-relay-candidate
  drawSoon();
  if (STATE_MARKS.has(name)) return;
  const words = name.replaceAll("-", " ");
  const details = [detail, candidatesInside(name)].filter(Boolean).join("; ");
  const text = details ? `${words}: ${details}` : words;
  if (name.endsWith("-sent")) log(`→ ${text}`, "sent");
  else if (name.endsWith("-received")) log(`← ${text}`, "received");
  else log(text);
}

/** Vanilla ICE sends the candidates inside the SDP, trickle ICE sends them after it: the log shows which. */
function candidatesInside(name: MarkName): string {
  if (name !== "offer-sent" && name !== "answer-sent") return "";
  const count = candidateLines(watched?.localDescription ?? null).length;
  return `${count} candidate${count === 1 ? "" : "s"} inside the SDP`;
}

/** Adds a line to the event log, with the local time to the millisecond. */
export function log(text: string, kind: "info" | "sent" | "received" | "error" = "info"): void {
  const now = new Date();
  const time = document.createElement("time");
  time.textContent = `${now.toTimeString().slice(0, 8)}.${String(now.getMilliseconds()).padStart(3, "0")}`;
  const line = document.createElement("li");
  line.className = kind;
  line.append(time, ` ${text}`);
  ui.log.append(line);
  drawSoon(); // scrolls the log to this line
  console.log(text);
}

let drawing = false;
/**
 * Redraws the timeline and scrolls the log to its end, once, at the next frame.
 * Trickle ICE brings bursts of moments (each candidate found, sent, received,
 * added): redrawing the whole timeline and laying out the page for each one
 * took the page ~10 ms a moment on a busy machine, and the connection's own
 * events waited behind it. A burst now costs one drawing.
 */
function drawSoon(): void {
  if (drawing) return;
  drawing = true;
  requestAnimationFrame(() => {
    drawing = false;
    renderTimeline();
    ui.log.scrollTop = ui.log.scrollHeight;
  });
}

/** Shows what went wrong, in plain words, and what to do about it. */
export function showError(problem: string, whatToDo?: string): void {
  const headline = document.createElement("strong");
  headline.textContent = problem;
  ui.error.replaceChildren(headline, ...(whatToDo ? [" ", document.createElement("br"), whatToDo] : []));
  ui.error.hidden = false;
  log(`error: ${problem}`, "error");
}

/** Shows something the learner should know that is not an error (e.g. the other peer left). */
export function showNotice(text: string, { logIt = true } = {}): void {
  ui.notice.textContent = text;
  ui.notice.hidden = false;
  if (logIt) log(text);
}

export function clearMessages(): void {
  ui.error.hidden = true;
  ui.notice.hidden = true;
}

/** Starts a new attempt: the timeline restarts, the log keeps its history. */
export function resetTimeline(): void {
  window.labTiming = [];
  drawSoon();
}

export function watchWebSocket(socket: WebSocket): void {
  const names = ["connecting", "open", "closing", "closed"];
  const show = () => showState(ui.states.websocket, names[socket.readyState] ?? "?");
  for (const event of ["open", "close", "error"]) socket.addEventListener(event, show);
  show();
}

/** What the relay said about TURN: running (until when the credentials work) or why not. */
export function showTurn(turn: { running: true; expiresAt: number } | { running: false; why: string }): void {
  const until = turn.running ? new Date(turn.expiresAt * 1000).toTimeString().slice(0, 8) : "";
  showState(ui.states.turn, turn.running ? (turn.expiresAt * 1000 > Date.now() ? `running, credentials until ${until}` : `running, credentials expired at ${until}`) : "not running");
  ui.states.turn.dataset.state = turn.running && turn.expiresAt * 1000 > Date.now() ? "open" : "failed";
}

export function relayCandidatesGathered(): number {
  return relayCandidates;
}

export function watchPeerConnection(pc: RTCPeerConnection, remoteVideo: HTMLVideoElement): void {
  watched = pc;
  for (const cell of [ui.states.iceLocal, ui.states.iceRemote]) delete cell.dataset.ufrag; // a new call
  relayCandidates = 0;
  window.labSelectedPair = null;
  showSelectedPair(null);
  const refresh = () => {
    showState(ui.states.signaling, pc.signalingState);
    showState(ui.states.gathering, pc.iceGatheringState);
    showState(ui.states.ice, pc.iceConnectionState);
    showState(ui.states.connection, pc.connectionState);
    showCandidates(ui.localCandidates, pc.localDescription);
    showCandidates(ui.remoteCandidates, pc.remoteDescription);
    showIceCredentials(ui.states.iceLocal, "mine", pc.localDescription);
    showIceCredentials(ui.states.iceRemote, "theirs", pc.remoteDescription);
    showFingerprint(ui.fingerprints.local, pc.localDescription);
    showFingerprint(ui.fingerprints.remote, pc.remoteDescription);
    if (pc.connectionState !== "closed") void readSelectedPair(pc).then((pair) => watched === pc && showSelectedPair(pair));
  };

  pc.addEventListener("signalingstatechange", () => {
    log(`signalingState: ${pc.signalingState}`);
    refresh();
  });
  pc.addEventListener("icegatheringstatechange", () => {
    log(`iceGatheringState: ${pc.iceGatheringState}`);
    if (pc.iceGatheringState === "complete") mark("gathering-complete");
    refresh();
  });
  pc.addEventListener("icecandidate", (event) => {
    if (event.candidate?.candidate) mark("candidate-gathered", describeCandidate(event.candidate.candidate));
    // A relay candidate means the TURN server accepted the credentials and gave an address.
    if (event.candidate?.type === "relay" && relayCandidates++ === 0) mark("first-relay-candidate", describeCandidate(event.candidate.candidate));
    refresh();
  });
  pc.addEventListener("iceconnectionstatechange", () => {
    log(`iceConnectionState: ${pc.iceConnectionState}`);
    if (pc.iceConnectionState === "connected" && !hasMark("ice-connected")) mark("ice-connected");
    refresh();
  });
  pc.addEventListener("connectionstatechange", () => {
    log(`connectionState: ${pc.connectionState}`);
    if (pc.connectionState === "connected") {
      mark("connected");
      showNotice("Connected. The selected candidate pair (state panel) says whether the video goes straight between the browsers or through TURN.", { logIt: false });
    }
    refresh();
  });
  pc.addEventListener("track", () => {
    // The first frame painted in remote_video is the moment the learner sees the other side.
    remoteVideo.requestVideoFrameCallback(() => {
      if (!hasMark("first-remote-frame")) mark("first-remote-frame");
    });
  });

  // Candidates added later (trickle) change the descriptions without an event of their own.
  window.clearInterval(refreshTimer);
  refreshTimer = window.setInterval(refresh, 500);
  refresh();
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
  const describe = (end: PairEnd) =>
    `${end.candidateType} ${end.protocol} ${end.address}:${end.port}${end.relayProtocol ? ` (to TURN over ${end.relayProtocol})` : ""}`;
  const rows: Array<[string, string]> = pair
    ? [
        ["local", describe(pair.local)],
        ["remote", describe(pair.remote)],
        ["round trip", pair.rttMs === null ? "not measured yet" : `${pair.rttMs.toFixed(1)} ms`],
      ]
    : [["", "none yet"]];
  const text = rows.map((row) => row.join(" ")).join("\n");
  if (text === ui.selectedPair.dataset.rows) return; // unchanged: leave the DOM alone
  ui.selectedPair.dataset.rows = text;
  ui.selectedPair.replaceChildren(
    ...rows.map(([label, value]) => {
      const item = document.createElement("li");
      item.textContent = label ? `${label.padEnd(10)} ${value}` : value;
      return item;
    }),
  );
}

/** The role perfect negotiation plays in this call. */
export function showRole(polite: boolean): void {
  showState(ui.states.role, polite ? "polite" : "impolite");
}

/** The relay connection as the learner should read it: in the room, reconnecting, refused. */
export function showRelayStatus(text: string, state: string): void {
  ui.relayStatus.textContent = `relay: ${text}`;
  ui.relayStatus.dataset.state = state;
  log(`relay: ${text}`);
}

/** `ufrag / pwd` of a description; an ICE restart changes both, and the log says so. */
function showIceCredentials(cell: HTMLElement, whose: string, description: RTCSessionDescription | null): void {
  const value = (name: string) => description?.sdp.match(new RegExp(`^a=${name}:(\\S+)`, "m"))?.[1];
  const ufrag = value("ice-ufrag");
  if (ufrag === undefined || ufrag === cell.dataset.ufrag) return;
  const before = cell.dataset.ufrag;
  cell.dataset.ufrag = ufrag;
  cell.textContent = `ufrag ${ufrag} · pwd ${value("ice-pwd")}`;
  log(`ICE credentials (${whose}): ufrag ${ufrag}${before ? ` (was ${before})` : ""}`);
}

function hasMark(name: MarkName): boolean {
  return window.labTiming.some((entry) => entry.name === name);
}

function showState(cell: HTMLElement, state: string): void {
  cell.textContent = state;
  cell.dataset.state = state;
}

/** The `a=candidate:` lines of a description, without their `a=`. */
function candidateLines(description: RTCSessionDescription | null): string[] {
  const lines = description?.sdp.split(/\r?\n/) ?? [];
  return lines.filter((line) => line.startsWith("a=candidate:")).map((line) => line.slice(2));
}

/** Lists the candidates of a description, one per line: type, protocol, address:port. */
function showCandidates(list: HTMLElement, description: RTCSessionDescription | null): void {
  const rows = candidateLines(description).map((line) => describeCandidate(line, true));
  if (rows.join("\n") === list.dataset.rows) return; // unchanged: leave the DOM alone
  list.dataset.rows = rows.join("\n");
  list.replaceChildren(
    ...(rows.length ? rows : ["none yet"]).map((row) => {
      const item = document.createElement("li");
      item.textContent = row;
      return item;
    }),
  );
  list.previousElementSibling!.querySelector(".count")!.textContent = rows.length ? `(${rows.length})` : "";
}

/**
 * "candidate:1 1 udp 2122260223 192.168.1.5 54321 typ host ..." becomes "host udp 192.168.1.5:54321"
 * (`columns`: padded so a list lines up). A TCP candidate says its role: "active" ones (port 9) only dial out.
 */
function describeCandidate(candidate: string, columns = false): string {
  const fields = candidate.split(" ");
  const [, , protocol = "?", , address = "?", port = "?", , type = "?"] = fields;
  const tcpType = fields.includes("tcptype") ? ` ${fields[fields.indexOf("tcptype") + 1]}` : "";
  const pad = (text: string, width: number) => (columns ? text.padEnd(width) : text);
  return `${pad(type, 5)} ${pad(protocol.toLowerCase(), 3)} ${address}:${port}${tcpType}`;
}

/** A row at the end of the states list, for what index.html does not have a place for. */
function addStateRow(label: string, title: string, id: string): HTMLElement {
  const term = document.createElement("dt");
  term.textContent = label;
  term.title = title;
  const value = document.createElement("dd");
  value.id = id;
  value.textContent = "–";
  document.querySelector("#panel .states")!.append(term, value);
  return value;
}

/**
 * The SDP's `a=fingerprint:` (the hash of the browser's DTLS certificate), shortened
 * to "sha-256 0A:1B:2C:3D … E8:F9": the whole value is in the tooltip. The two tabs'
 * panels show the same two values, crossed over, unless something changed the SDP.
 */
function showFingerprint(cell: HTMLElement, description: RTCSessionDescription | null): void {
  const fingerprint = /^a=fingerprint:(\S+ \S+)/m.exec(description?.sdp ?? "")?.[1];
  if (!fingerprint || fingerprint === cell.dataset.fingerprint) return;
  const [algorithm, hex = ""] = fingerprint.split(" ");
  const bytes = hex.split(":");
  cell.dataset.fingerprint = fingerprint;
  cell.title = fingerprint;
  cell.textContent = `${algorithm} ${bytes.slice(0, 4).join(":")} … ${bytes.slice(-2).join(":")}`;
}

/**
 * Whether the connection failed at DTLS, after ICE had found a path: the other
 * browser's certificate does not match the fingerprint in the SDP this tab received.
 */
export function failedAtDtls(pc: RTCPeerConnection): boolean {
  // ICE's own state still says it found a path; the DTLS transport's state may not have caught up yet.
  const iceConnected = pc.iceConnectionState === "connected" || pc.iceConnectionState === "completed";
  const transports = [...pc.getSenders(), ...pc.getReceivers()].map((sender) => sender.transport);
  return iceConnected || transports.some((transport) => transport?.state === "failed");
}

/** What failedAtDtls means, in plain words. */
export function sdpChangedOnTheWay(): LabProblem {
  return new LabProblem(
    "ICE connected, but the connection failed at DTLS: the other browser's certificate does not match the fingerprint in the SDP this tab received. The SDP was changed on the way; this is what a malicious relay would do.",
    "Compare the DTLS fingerprints in the two tabs' state panels: each tab's own should be the other's remote one. With ?tamper=fingerprint in the URL, the relay changed them on purpose (a test knob): remove it and click Prepare in both tabs.",
  );
}

/**
 * Room names made by "New private room" on the index page: `p-` and 22 or more
 * random characters. Nobody can guess one, but whoever has the link can join.
 */
function showPrivateRoomBadge(): void {
  const PRIVATE_ROOM = /^p-[A-Za-z0-9_-]{22,62}$/;
  const name = document.getElementById("room_name"); // lab 01 has no relay, so no room
  const room = new URLSearchParams(location.search).get("room");
  if (!name || room === null || !PRIVATE_ROOM.test(room)) return;
  const badge = document.createElement("span");
  badge.id = "private_room_badge";
  badge.className = "private-room";
  badge.textContent = "private room";
  badge.title = "A random name nobody can guess. Its name is its only key: whoever you give the link to can join.";
  name.after(" ", badge);
}

/** Each moment with its time since the first one, and a dot on a bar drawn to scale. */
function renderTimeline(): void {
  const start = window.labTiming[0]?.at ?? 0;
  const span = Math.max(1, (window.labTiming.at(-1)?.at ?? 0) - start);
  ui.timeline.replaceChildren(
    ...window.labTiming.map((entry) => {
      const offset = document.createElement("time");
      offset.textContent = `+${Math.round(entry.at - start)} ms`;
      const name = document.createElement("span");
      name.textContent = entry.detail ? `${entry.name} (${entry.detail})` : entry.name;
      name.title = name.textContent;
      const bar = document.createElement("span");
      bar.className = "bar";
      bar.style.setProperty("--at", String((entry.at - start) / span));
      const item = document.createElement("li");
      item.append(offset, name, bar);
      return item;
    }),
  );
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
