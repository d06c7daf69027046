/**
 * The state panel: what the WebSocket and the RTCPeerConnection are doing, the
 * candidates on each side, a timeline and an event log. It only watches and
 * reports; the lesson is in main.ts. Every lab carries the same copy, so a diff
 * between two labs shows only what the step changes.
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

declare global {
  interface Window {
    labTiming: TimingMark[];
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
  },
  localCandidates: element("local_candidates"),
  remoteCandidates: element("remote_candidates"),
  timeline: element("timeline"),
  log: element("log"),
};

window.labTiming = [];
let refreshTimer: number | undefined;

/** Puts a moment on the timeline and in the log. */
export function mark(name: MarkName, detail?: string): void {
  window.labTiming.push({ name, at: performance.now(), detail });
  renderTimeline();
  log(detail ? `${name}: ${detail}` : name);
}

/** Adds a timestamped line to the event log. */
export function log(text: string): void {
  const line = document.createElement("li");
  const time = new Date().toISOString().slice(11, 23);
  line.textContent = `${time}  ${text}`;
  ui.log.append(line);
  ui.log.scrollTop = ui.log.scrollHeight;
  console.log(text);
}

/** Shows what went wrong, in plain words, and what to do about it. */
export function showError(problem: string, whatToDo?: string): void {
  ui.error.textContent = whatToDo ? `${problem} ${whatToDo}` : problem;
  ui.error.hidden = false;
  log(`error: ${problem}`);
}

/** Shows something the learner should know that is not an error (e.g. the other peer left). */
export function showNotice(text: string): void {
  ui.notice.textContent = text;
  ui.notice.hidden = false;
  log(text);
}

export function clearMessages(): void {
  ui.error.hidden = true;
  ui.notice.hidden = true;
}

/** Starts a new attempt: the timeline restarts, the log keeps its history. */
export function resetTimeline(): void {
  window.labTiming = [];
  renderTimeline();
}

export function watchWebSocket(socket: WebSocket): void {
  const names = ["connecting", "open", "closing", "closed"];
  const show = () => showState(ui.states.websocket, names[socket.readyState] ?? "?");
  for (const event of ["open", "close", "error"]) socket.addEventListener(event, show);
  show();
}

export function watchPeerConnection(pc: RTCPeerConnection, remoteVideo: HTMLVideoElement): void {
  const refresh = () => {
    showState(ui.states.signaling, pc.signalingState);
    showState(ui.states.gathering, pc.iceGatheringState);
    showState(ui.states.ice, pc.iceConnectionState);
    showState(ui.states.connection, pc.connectionState);
    showCandidates(ui.localCandidates, pc.localDescription);
    showCandidates(ui.remoteCandidates, pc.remoteDescription);
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
    if (pc.connectionState === "connected") mark("connected");
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

function hasMark(name: MarkName): boolean {
  return window.labTiming.some((entry) => entry.name === name);
}

function showState(cell: HTMLElement, state: string): void {
  cell.textContent = state;
  cell.dataset.state = state;
}

/** Lists the `a=candidate` lines of a description: type, protocol, address:port. */
function showCandidates(list: HTMLElement, description: RTCSessionDescription | null): void {
  const lines = description?.sdp.split(/\r?\n/).filter((line) => line.startsWith("a=candidate:")) ?? [];
  const rows = lines.map((line) => describeCandidate(line.slice(2)));
  if (rows.join("\n") === list.dataset.rows) return; // unchanged: leave the DOM alone
  list.dataset.rows = rows.join("\n");
  list.replaceChildren(
    ...(rows.length ? rows : ["none yet"]).map((row) => {
      const item = document.createElement("li");
      item.textContent = row;
      return item;
    }),
  );
}

/** "candidate:1 1 udp 2122260223 192.168.1.5 54321 typ host ..." becomes "host udp 192.168.1.5:54321". */
function describeCandidate(candidate: string): string {
  const [, , protocol = "?", , address = "?", port = "?", , type = "?"] = candidate.split(" ");
  return `${type} ${protocol} ${address}:${port}`;
}

function renderTimeline(): void {
  const start = window.labTiming[0]?.at ?? 0;
  ui.timeline.replaceChildren(
    ...window.labTiming.map((entry) => {
      const item = document.createElement("li");
      const offset = `+${Math.round(entry.at - start)} ms`.padStart(9);
      item.textContent = `${offset}  ${entry.name}${entry.detail ? ` (${entry.detail})` : ""}`;
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
