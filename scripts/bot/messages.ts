/**
 * The labs' messages as the bot reads them off the relay. Anything that does
 * not have the shape it claims is logged and skipped, never trusted: a room is
 * open to anyone who knows its name.
 */
import type { RelayedMessage } from "../../server/protocol.ts";
import type { RemoteCandidate, SessionDescription } from "./echo-call.ts";

export function asOffer(message: RelayedMessage): SessionDescription | null {
  return message.type === "offer" && typeof message.sdp === "string" ? { type: "offer", sdp: message.sdp } : null;
}

export function asSessionDescription(message: RelayedMessage): SessionDescription | null {
  const isDescription = (message.type === "offer" || message.type === "answer") && typeof message.sdp === "string";
  return isDescription ? { type: message.type as SessionDescription["type"], sdp: message.sdp as string } : null;
}

/** `{type: "candidate", ice}`: ice is RTCIceCandidate.toJSON(), or null at the end of gathering. */
export function asCandidate(message: RelayedMessage): { ice: RemoteCandidate } | null {
  if (message.type !== "candidate" || !("ice" in message)) return null;
  const ice = message.ice as { candidate?: unknown } | null;
  if (ice === null) return { ice: null };
  return typeof ice === "object" && typeof ice.candidate === "string" ? { ice: ice as RemoteCandidate } : null;
}

/** What werift's onIceCandidate gives, as the labs send it: RTCIceCandidateInit, or null for "no more". */
export function candidateJson(candidate: { toJSON(): object } | undefined): object | null {
  return candidate ? candidate.toJSON() : null;
}
