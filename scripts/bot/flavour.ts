/** What every signaling flavour (vanilla.ts, trickle.ts, mesh.ts) gives the bot. */
import type { RelayedMessage } from "../../server/protocol.ts";
import { t } from "./language.ts";
import type { TerminalPanel } from "./panel.ts";

export interface Flavour {
  /** A message from the relay (after `joined`), handled to the end before the next one. */
  onMessage(message: RelayedMessage): Promise<void> | void;
  /** Hangs up every call. */
  close(): void;
}

/**
 * The relay's peer-joined and peer-left in a 1:1 lab, said on the panel.
 * "left": the tab left the room, its call is over.
 */
export function roomNotice(message: RelayedMessage, panel: TerminalPanel): "joined" | "left" | null {
  if (message.type === "peer-joined") {
    panel.room(t.bot.waitingForOffer(Number(message.peers)));
    return "joined";
  }
  if (message.type === "peer-left") {
    panel.room(t.bot.tabLeft(Number(message.peers)));
    return "left";
  }
  return null;
}
