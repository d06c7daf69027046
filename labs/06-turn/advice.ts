/**
 * What the labs say when something goes wrong, and the chores around the
 * lesson: the room name, the camera, reading what the relay delivers. Every
 * lab carries the same copy (like panel.ts), so a diff between two labs shows
 * only the step, and main.ts keeps the signaling.
 */
import {
  ROOM_NAME_PATTERN,
  type CandidateMessage,
  type RelayNotice,
  type SessionDescriptionMessage,
} from "../../server/protocol.ts";
import { LabProblem } from "./panel.ts";

// --- The room --------------------------------------------------------------

/**
 * The room named by ?room=, or else this lab's own: its folder ("04-trickle").
 * So two tabs of one lab meet without a ?room=, and tabs of two labs never do.
 */
export function roomOf(params: URLSearchParams): string {
  return params.get("room") ?? labFolder();
}

/** "/04-trickle/" (or "/04-trickle/index.html") gives "04-trickle", a name the relay accepts. */
function labFolder(): string {
  const folder = location.pathname.split("/").filter((part) => part !== "" && !part.endsWith(".html")).at(-1) ?? "";
  return ROOM_NAME_PATTERN.test(folder) ? folder : "lab";
}

// --- The camera ------------------------------------------------------------

/** getUserMedia, with the reasons it fails in plain words. */
export async function getCamera(video: boolean | MediaTrackConstraints = true): Promise<MediaStream> {
  if (!navigator.mediaDevices) {
    throw new LabProblem(
      "This page cannot use the camera: browsers allow it only on https:// or localhost.",
      "Open the lab through its https:// URL.",
    );
  }
  try {
    return await navigator.mediaDevices.getUserMedia({ video, audio: false });
  } catch (error) {
    const name = error instanceof DOMException ? error.name : "";
    if (name === "NotAllowedError") {
      throw new LabProblem("The camera was refused.", "Allow it for this site (the icon in the address bar), then click Prepare again.");
    }
    if (name === "NotFoundError") {
      throw new LabProblem("No camera was found.", "Connect one (or use Chromium's fake camera flags), then click Prepare again.");
    }
    throw new LabProblem(`The camera could not start (${name || String(error)}).`, "Close other apps using it, then click Prepare again.");
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
    throw new LabProblem(
      `The relay delivered a malformed message: ${String(data).slice(0, 80)}`,
      'It was ignored. A message is JSON with a "type"; an offer or an answer also carries its "sdp" text.',
    );
  }
  return message as IncomingMessage;
}

// --- What went wrong, and what to do ---------------------------------------
// Each returns a LabProblem: main.ts throws it, or shows it with panel.report.

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const advice = {
  notPrepared: () => new LabProblem("Connect needs Prepare first.", "Click Prepare in both tabs, then Connect in one."),

  callEnded: () => new LabProblem("The call has ended.", "Click Prepare to start a new one."),

  noRelay: () => new LabProblem("This tab has no open connection to the relay.", "Click Prepare (again), then Connect."),

  nobodyElseIn: (room: string) =>
    new LabProblem(
      `Nobody else is in room "${room}" yet, so the offer would reach no one.`,
      "Open this page with the same ?room= in another tab (or device), click Prepare there, then Connect here.",
    ),

  /** The relay closed the socket before "joined": `reason` is its error code (room-full, bad-room-name, ...). */
  notLetIn: (room: string, reason: string) =>
    new LabProblem(
      `The relay did not let this tab into room "${room}" (${reason}).`,
      reason === "room-full"
        ? "The room is full: close the others in it, or use another ?room=, then click Prepare again."
        : reason === "bad-room-name"
          ? "A room name is 1 to 64 letters, digits, - or _: change ?room= in the address, then click Prepare again."
          : "The event log shows what the relay said: fix the address, then click Prepare again.",
    ),

  relayClosed: (code: number) =>
    new LabProblem(
      `The relay closed the connection (code ${code}).`,
      "A call that is already connected goes on: the video does not pass through the relay. " +
        "For a new call, check that `npm start` is running, then click Prepare.",
    ),

  cannotSend: (what: string) => new LabProblem(`Cannot send the ${what}: the relay connection is not open.`, "Click Prepare to reconnect."),

  /** Both tabs clicked Connect: each sent an offer, and each received one while waiting for an answer. */
  offersCrossed: () =>
    new LabProblem(
      "Both tabs clicked Connect at the same moment, so both sent an offer and the two offers crossed: " +
        "each tab now waits for an answer that will never come, and there will be no video.",
      "To recover, click Prepare in both tabs, then Connect in only one of them. " +
        "(Lab 07, perfect negotiation, removes this problem: there, one tab politely gives way.)",
    ),

  offerWithoutCall: () =>
    new LabProblem("An offer arrived, but this tab has no call ready to answer it.", "Click Prepare here, then Connect in the other tab."),

  descriptionRejected: (type: string, error: unknown) =>
    new LabProblem(
      `The browser rejected the ${type} that came through the relay: ${reasonOf(error)}`,
      "Whoever sent it must send the whole SDP, as createOffer/createAnswer made it. Click Prepare in both tabs to start over.",
    ),

  candidateRefused: (ice: CandidateMessage["ice"], error: unknown) =>
    new LabProblem(
      `A candidate from the other peer was refused (${reasonOf(error)}): ${ice?.candidate ?? "end of candidates"}.`,
      "The call may still connect with the other candidates; if it does not, click Prepare in both tabs and Connect again.",
    ),

  iceFailed: () =>
    new LabProblem(
      "ICE failed: the two browsers found no network path to each other.",
      "On two devices, check they are on the same LAN; click Prepare in both tabs to try again.",
    ),
};
