/**
 * The labs' messages as the bot reads them off the relay. Anything that does
 * not have the shape it claims is logged and skipped, never trusted: a room is
 * open to anyone who knows its name.
 */
import type { RelayedMessage, SessionDescriptionMessage } from "../../server/protocol.ts";
import type { RemoteCandidate } from "./echo-call.ts";

export function asOffer(message: RelayedMessage): SessionDescriptionMessage | null {
  const description = asSessionDescription(message);
  return description?.type === "offer" ? description : null;
}

export function asSessionDescription(message: RelayedMessage): SessionDescriptionMessage | null {
  const isDescription = (message.type === "offer" || message.type === "answer") && typeof message.sdp === "string";
  return isDescription ? { type: message.type as SessionDescriptionMessage["type"], sdp: message.sdp as string } : null;
}

/** `{type: "candidate", ice}`: ice is RTCIceCandidate.toJSON(), or null at the end of gathering. */
export function asCandidate(message: RelayedMessage): { ice: RemoteCandidate } | null {
  if (message.type !== "candidate" || !("ice" in message)) return null;
  const ice = message.ice as { candidate?: unknown } | null;
  if (ice === null) return { ice: null };
  return typeof ice === "object" && typeof ice.candidate === "string" ? { ice: ice as RemoteCandidate } : null;
}
