/**
 * What the labs say when something goes wrong, and the chores around the
 * lesson: the room name, the camera, reading what the relay delivers. Every
 * lab imports this one copy (like shared/panel.ts), so a diff between two labs
 * shows only the step, and main.ts keeps the signaling. The words themselves,
 * in each language, are in messages.ts.
 */
import {
  ROOM_NAME_PATTERN,
  type CandidateMessage,
  type RelayNotice,
  type SessionDescriptionMessage,
} from "../../server/protocol.ts";
import { t } from "./language.ts";
import { errorText, LabProblem } from "./panel.ts";

// --- The room --------------------------------------------------------------

/**
 * The room named by ?room=, or else this lab's own: its folder ("04-trickle").
 * So two tabs of one lab meet without a ?room=, and tabs of two labs never do.
 */
export function roomOf(params: URLSearchParams): string {
  const folder = labFolder();
  return params.get("room") ?? (ROOM_NAME_PATTERN.test(folder) ? folder : "lab");
}

/** "/04-trickle/" (or "/04-trickle/index.html") gives "04-trickle": the lab's default room, and the name the echo bot takes. */
export function labFolder(): string {
  return location.pathname.split("/").filter((part) => part !== "" && !part.endsWith(".html")).at(-1) ?? "";
}

// --- The camera ------------------------------------------------------------

/** getUserMedia, with the reasons it fails in plain words, and the browser's name for each. */
export async function getCamera(video: boolean | MediaTrackConstraints = true): Promise<MediaStream> {
  if (!navigator.mediaDevices) throw new LabProblem(t.advice.cameraNeedsHttps);
  try {
    return await navigator.mediaDevices.getUserMedia({ video, audio: false });
  } catch (error) {
    const name = error instanceof DOMException ? error.name : "";
    if (name === "NotAllowedError") throw new LabProblem(t.advice.cameraRefused(name));
    if (name === "NotFoundError") throw new LabProblem(t.advice.noCamera(name));
    throw new LabProblem(t.advice.cameraFailed(name || String(error)));
  }
}

// --- What the relay delivers -------------------------------------------------

/** The chapter's messages, and the relay's own notices. */
export type IncomingMessage = SessionDescriptionMessage | CandidateMessage | RelayNotice;

/** Reads one message from the relay: JSON with a string "type", and an "sdp" on an offer or an answer. */
export function parseMessage(data: unknown): IncomingMessage {
  let message: { type?: unknown; sdp?: unknown } | undefined;
  try {
    message = JSON.parse(String(data));
  } catch {
    // not JSON: reported below
  }
  const isSessionDescription = message?.type === "offer" || message?.type === "answer";
  if (typeof message?.type !== "string" || (isSessionDescription && typeof message.sdp !== "string")) {
    throw new LabProblem(t.advice.malformed(String(data).slice(0, 80)));
  }
  return message as IncomingMessage;
}

// --- What went wrong, and what to do ---------------------------------------
// Each returns a LabProblem: main.ts throws it, or shows it with panel.report.

export const advice = {
  /** Lab 02's ws:// relay could not be reached; `closed` says how the socket closed ("code 1006"). */
  relayDown: (origin: string, closed: string) => new LabProblem(t.advice.relayDown(origin, closed)),

  /** From lab 03 on: over wss, a relay that is down and a certificate this browser refuses look the same. */
  relayDownOrUntrusted: (origin: string, closed: string, certificatePage: string) =>
    new LabProblem(t.advice.relayDownOrUntrusted(origin, closed, certificatePage)),

  notPrepared: () => new LabProblem(t.advice.notPrepared),

  callEnded: () => new LabProblem(t.advice.callEnded),

  noRelay: () => new LabProblem(t.advice.noRelay),

  nobodyElseIn: (room: string) => new LabProblem(t.advice.nobodyElseIn(room)),

  /** The relay closed the socket before "joined": `reason` is its error code (room-full, bad-room-name, ...). */
  notLetIn: (room: string, reason: string) => new LabProblem(t.advice.notLetIn(room, reason)),

  relayClosed: (code: number) => new LabProblem(t.advice.relayClosed(code)),

  /** An error notice from the relay, in its own words. */
  relaySays: (message: string, code: string) => new LabProblem(t.advice.relaySays(message, code)),

  cannotSend: (what: string) => new LabProblem(t.advice.cannotSend(what)),

  /** Both tabs clicked Connect: each sent an offer, and each received one while waiting for an answer. */
  offersCrossed: () => new LabProblem(t.advice.offersCrossed),

  offerWithoutCall: () => new LabProblem(t.advice.offerWithoutCall),

  descriptionRejected: (type: string, error: unknown) => new LabProblem(t.advice.descriptionRejected(type, errorText(error))),

  candidateRefused: (ice: CandidateMessage["ice"], error: unknown) =>
    new LabProblem(t.advice.candidateRefused(ice?.candidate ?? t.log.endOfCandidates, errorText(error))),

  iceFailed: () => new LabProblem(t.advice.iceFailed),
};
