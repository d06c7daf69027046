/**
 * The state panel: what the WebSocket and the RTCPeerConnection are doing, the
 * candidates on each side, a timeline and an event log, and the words for what
 * went wrong. It only watches and reports; the lesson is in each lab's main.ts.
 * Every lab uses this one copy; lab 05 (one row per peer), lab 06 (TURN, the
 * selected pair) and lab 07 (role, relay, ICE credentials) add theirs in a
 * panel.ts of their own, on top of this one.
 *
 * Importing it also puts the page into its language (shared/language.ts), with
 * the switch in the header.
 */
import { addLanguageSwitch, t, translatePage } from "./language.ts";
import type { Messages, Problem } from "./messages.ts";
import type { TestKnobs } from "../../server/protocol.ts";

/** One moment on the timeline, from performance.now(). Tests read them as window.labTiming. */
export interface TimingMark {
  name: MarkName;
  at: number;
  detail?: string;
}

/** The moments a lab marks, from "connect-clicked" to "first-remote-frame": each has its words in messages.ts. */
export type MarkName = keyof Messages["marks"];

declare global {
  interface Window {
    labTiming: TimingMark[];
  }
}

const element = (id: string) => document.getElementById(id) as HTMLElement;

translatePage();
addLanguageSwitch(document.querySelector("header")!);
for (const list of [element("timeline"), element("log")]) list?.setAttribute("data-empty", t.panel.nothingYet);
window.labTiming = [];
showPrivateRoomBadge();
// A 1:1 lab (one RTCPeerConnection) also shows both DTLS fingerprints, to compare across tabs,
// and the video codec each way, which the two browsers agreed on in the offer and answer.
const oneToOne = document.getElementById("state_signaling")
  ? {
      local: addStateRow(t.panel.fingerprint.local, t.panel.fingerprint.localTitle, "fingerprint_local"),
      remote: addStateRow(t.panel.fingerprint.remote, t.panel.fingerprint.remoteTitle, "fingerprint_remote"),
      codecs: addStateRow(t.panel.codecs.label, t.panel.codecs.title, "codecs_in_use"),
    }
  : null;

let refreshTimer: number | undefined;
/** The RTCPeerConnection being watched, to count the candidates inside what is sent. */
let watched: RTCPeerConnection | null = null;

/** Moments that are also a state change, which the log already shows. */
const STATE_MARKS: ReadonlySet<MarkName> = new Set(["gathering-complete", "ice-connected", "connected"]);

/** Puts a moment on the timeline and in the log ("offer-sent" reads "→ offer sent"). */
export function mark(name: MarkName, detail?: string): void {
  window.labTiming.push({ name, at: performance.now(), detail });
  drawSoon();
  if (STATE_MARKS.has(name)) return;
  const words = t.marks[name];
  const details = [detail, candidatesInside(name)].filter(Boolean).join("; ");
  const text = details ? `${words}: ${details}` : words;
  if (name.endsWith("-sent")) log(`→ ${text}`, "sent");
  else if (name.endsWith("-received")) log(`← ${text}`, "received");
  else log(text);
}

export function hasMark(name: MarkName): boolean {
  return window.labTiming.some((entry) => entry.name === name);
}

/** Vanilla ICE sends the candidates inside the SDP, trickle ICE sends them after it: the log shows which. */
function candidatesInside(name: MarkName): string {
  if (name !== "offer-sent" && name !== "answer-sent") return "";
  return t.panel.candidatesInside(candidateLines(watched?.localDescription ?? null).length);
}

/** Adds a line to the event log, with the local time to the millisecond. */
export function log(text: string, kind: "info" | "sent" | "received" | "error" = "info"): void {
  const now = new Date();
  const time = document.createElement("time");
  time.textContent = `${now.toTimeString().slice(0, 8)}.${String(now.getMilliseconds()).padStart(3, "0")}`;
  const line = document.createElement("li");
  line.className = kind;
  line.append(time, ` ${text}`);
  element("log").append(line);
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
    const list = element("log");
    list.scrollTop = list.scrollHeight;
  });
}

/** Shows what went wrong, in plain words, and what to do about it. */
export function showError({ problem, whatToDo }: Problem): void {
  const headline = document.createElement("strong");
  headline.textContent = problem;
  const box = element("error");
  box.replaceChildren(headline, ...(whatToDo ? [" ", document.createElement("br"), whatToDo] : []));
  box.hidden = false;
  log(t.panel.errorInLog(problem), "error");
}

/** Shows something the learner should know that is not an error (e.g. the other peer left). */
export function showNotice(text: string, { logIt = true } = {}): void {
  const box = element("notice");
  box.textContent = text;
  box.hidden = false;
  if (logIt) log(text);
}

/**
 * One line: the test knobs this page's URL turned on, as the relay's `joined` notice lists them;
 * no knobs, no line. A shared link can carry one (`&tamper=fingerprint` breaks the call of whoever
 * opens it), so the page says plainly what it is running with.
 */
export function showTestKnobs(knobs: TestKnobs | undefined): void {
  const on = Object.entries(knobs ?? {}).map(([name, value]) => `${name}=${value}`);
  let line = document.getElementById("test_knobs");
  if (on.length === 0) return line?.remove();
  if (line === null) {
    // In the state panel, first: what the page shows below is what these knobs made happen.
    line = document.createElement("p");
    line.id = "test_knobs";
    element("panel").querySelector("h2")!.after(line);
  }
  line.textContent = t.panel.testKnobs(on.join(" "));
}

export function clearMessages(): void {
  element("error").hidden = true;
  element("notice").hidden = true;
}

/** Starts a new attempt: the timeline restarts, the log keeps its history. */
export function resetTimeline(): void {
  window.labTiming = [];
  drawSoon();
}

export function watchWebSocket(socket: WebSocket): void {
  const names = ["connecting", "open", "closing", "closed"];
  const show = () => showState(element("state_websocket"), names[socket.readyState] ?? "?");
  for (const event of ["open", "close", "error"]) socket.addEventListener(event, show);
  show();
}

/** What a lab's own panel adds to watchPeerConnection. */
export interface WatchOptions {
  /** The notice once connected. */
  connected?: string;
  /** Also shown whenever the panel refreshes (lab 06: the selected pair; lab 07: the ICE credentials). */
  refresh?: (pc: RTCPeerConnection) => void;
}

export function watchPeerConnection(pc: RTCPeerConnection, remoteVideo: HTMLVideoElement, options: WatchOptions = {}): void {
  watched = pc;
  oneToOne!.codecs.textContent = "–"; // a new call
  const refresh = () => {
    showState(element("state_signaling"), pc.signalingState);
    showState(element("state_gathering"), pc.iceGatheringState);
    showState(element("state_ice"), pc.iceConnectionState);
    showState(element("state_connection"), pc.connectionState);
    // A closed connection has nothing more to show. Firefox even refuses to read its
    // descriptions (InvalidStateError), where Chromium returns the last ones: the panel keeps them.
    if (pc.signalingState === "closed") return window.clearInterval(timer);
    showCandidates(element("local_candidates"), pc.localDescription);
    showCandidates(element("remote_candidates"), pc.remoteDescription);
    showFingerprint(oneToOne!.local, pc.localDescription);
    showFingerprint(oneToOne!.remote, pc.remoteDescription);
    if (pc.connectionState === "connected") void readCodecs(pc).then((codecs) => watched === pc && showCodecs(oneToOne!.codecs, codecs));
    options.refresh?.(pc);
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
      showNotice(options.connected ?? t.panel.connected, { logIt: false });
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
  const timer = window.setInterval(refresh, 500);
  refreshTimer = timer;
  refresh();
}

/** A state's value as the API names it (`have-local-offer`, `connected`): its colour comes from data-state. */
export function showState(cell: HTMLElement, state: string): void {
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
    ...(rows.length ? rows : [t.panel.noneYet]).map((row) => {
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
export function describeCandidate(candidate: string, columns = false): string {
  const fields = candidate.split(" ");
  const [, , protocol = "?", , address = "?", port = "?", , type = "?"] = fields;
  const tcpType = fields.includes("tcptype") ? ` ${fields[fields.indexOf("tcptype") + 1]}` : "";
  const pad = (text: string, width: number) => (columns ? text.padEnd(width) : text);
  return `${pad(type, 5)} ${pad(protocol.toLowerCase(), 3)} ${address}:${port}${tcpType}`;
}

/** The video codec each way ("VP8"), null until a packet went that way. */
export interface CodecsInUse {
  sending: string | null;
  receiving: string | null;
}

/**
 * The codecs the video uses now, from getStats(): the outbound-rtp and inbound-rtp
 * reports each point at the codec report of their packets (codecId). Both come from
 * the answer, and may differ from the offerer's first choice when the browsers differ.
 */
export async function readCodecs(pc: RTCPeerConnection): Promise<CodecsInUse> {
  const stats = await pc.getStats().catch(() => null); // closed while it was read: nothing to show
  const reports = [...(stats?.values() ?? [])] as Array<Record<string, unknown>>;
  const codecOf = (type: "outbound-rtp" | "inbound-rtp") => {
    const stream = reports.find((report) => report.type === type && report.kind === "video" && report.codecId);
    const mimeType: unknown = stream && stats?.get(stream.codecId as string)?.mimeType;
    return typeof mimeType === "string" ? mimeType.replace(/^video\//, "") : null;
  };
  return { sending: codecOf("outbound-rtp"), receiving: codecOf("inbound-rtp") };
}

/** "sending VP8 · receiving VP8" ("–" for a way no packet has taken yet). */
export function showCodecs(cell: HTMLElement, { sending, receiving }: CodecsInUse): void {
  const text = t.panel.codecs.inUse(sending ?? "–", receiving ?? "–");
  if (cell.textContent !== text) cell.textContent = text;
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
 * to "sha-256 0A:1B:2C:3D … E8:F9" (`compact`: "0A:1B … E8:F9", for a table cell):
 * the whole value is in the tooltip. The two ends of a connection show the same two
 * values, crossed over, unless something changed the SDP on the way.
 */
export function showFingerprint(cell: HTMLElement, description: RTCSessionDescription | null, { compact = false } = {}): void {
  const fingerprint = /^a=fingerprint:(\S+ \S+)/m.exec(description?.sdp ?? "")?.[1];
  if (!fingerprint || fingerprint === cell.dataset.fingerprint) return;
  const [algorithm, hex = ""] = fingerprint.split(" ");
  const bytes = hex.split(":");
  cell.dataset.fingerprint = fingerprint;
  cell.title = fingerprint;
  const start = bytes.slice(0, compact ? 2 : 4).join(":");
  cell.textContent = `${compact ? "" : `${algorithm} `}${start} … ${bytes.slice(-2).join(":")}`;
}

/**
 * Whether the connection failed at DTLS, after ICE had found a path: the other
 * browser's certificate does not match the fingerprint in the SDP this tab received.
 */
export function failedAtDtls(pc: RTCPeerConnection): boolean {
  // ICE still says it found a path, so what failed came after it (the DTLS transport's own state
  // may not have caught up yet). Not that transport's state: Firefox fails it along with ICE, and
  // may say so before its iceConnectionState does.
  return pc.iceConnectionState === "connected" || pc.iceConnectionState === "completed";
}

/** What failedAtDtls means, in plain words. */
export function sdpChangedOnTheWay(): LabProblem {
  return new LabProblem(t.advice.sdpChangedOnTheWay);
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
  badge.textContent = t.panel.privateRoom;
  badge.title = t.panel.privateRoomTitle;
  name.after(" ", badge);
}

/** Each moment with its time since the first one, and a dot on a bar drawn to scale. */
function renderTimeline(): void {
  const timeline = document.getElementById("timeline");
  if (timeline === null) return; // lab 05 has no timeline: its log and its table of connections say it all
  const start = window.labTiming[0]?.at ?? 0;
  const span = Math.max(1, (window.labTiming.at(-1)?.at ?? 0) - start);
  timeline.replaceChildren(
    ...window.labTiming.map((entry) => {
      const offset = document.createElement("time");
      offset.textContent = `+${Math.round(entry.at - start)} ms`;
      const name = document.createElement("span");
      name.textContent = entry.detail ? `${t.marks[entry.name]} (${entry.detail})` : t.marks[entry.name];
      name.title = `${entry.name}${entry.detail ? ` (${entry.detail})` : ""}`; // the mark's own name, as window.labTiming has it
      const bar = document.createElement("span");
      bar.className = "bar";
      bar.style.setProperty("--at", String((entry.at - start) / span));
      const item = document.createElement("li");
      item.append(offset, name, bar);
      return item;
    }),
  );
}

/** Something the learner can fix, with the words to fix it (messages.ts). */
export class LabProblem extends Error {
  readonly whatToDo: string;
  constructor({ problem, whatToDo }: Problem) {
    super(problem);
    this.whatToDo = whatToDo;
  }
}

/** "NotAllowedError: Permission denied": the browser's own name for an error, then its message. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Shows any error on the page: a LabProblem with its advice, anything else with the browser's name for it. */
export function report(error: unknown): void {
  if (error instanceof LabProblem) return showError({ problem: error.message, whatToDo: error.whatToDo });
  showError({ problem: t.panel.unexpected(errorText(error)), whatToDo: "" });
}
