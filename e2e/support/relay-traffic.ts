/**
 * What a page really sent to and received from the relay, frame by frame, as
 * Chromium saw it on the wire (not what the page's own log says it did). A spec
 * can then count offers, answers and candidates per connection.
 */
import type { Page } from "@playwright/test";

export interface RelayFrame {
  direction: "sent" | "received";
  /** The frame's JSON, or { type: "(not JSON)" } for anything else. */
  message: { type?: unknown; from?: unknown; to?: unknown; [key: string]: unknown };
}

/** Starts recording every WebSocket frame of `page` (call before the page opens its socket). */
export function recordRelayTraffic(page: Page): RelayFrame[] {
  const frames: RelayFrame[] = [];
  page.on("websocket", (socket) => {
    socket.on("framesent", ({ payload }) => frames.push({ direction: "sent", message: parse(payload) }));
    socket.on("framereceived", ({ payload }) => frames.push({ direction: "received", message: parse(payload) }));
  });
  return frames;
}

/** How many `type` messages in `frames` went `direction`, optionally only those matching `where` (e.g. { to: id }). */
export function countFrames(
  frames: readonly RelayFrame[],
  direction: RelayFrame["direction"],
  type: string,
  where: Record<string, unknown> = {},
): number {
  return frames.filter(
    (frame) =>
      frame.direction === direction &&
      frame.message.type === type &&
      Object.entries(where).every(([key, value]) => frame.message[key] === value),
  ).length;
}

function parse(payload: string | Buffer): RelayFrame["message"] {
  try {
    const message: unknown = JSON.parse(payload.toString());
    if (typeof message === "object" && message !== null) return message as RelayFrame["message"];
  } catch {
    // not JSON: counted as such below
  }
  return { type: "(not JSON)" };
}
