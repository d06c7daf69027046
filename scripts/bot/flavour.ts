/** What every signaling flavour (vanilla.ts, trickle.ts, mesh.ts) gives the bot. */
import type { RelayedMessage } from "../../server/protocol.ts";

export interface Flavour {
  /** A message from the relay (after `joined`), handled to the end before the next one. */
  onMessage(message: RelayedMessage): Promise<void> | void;
  /** Hangs up every call. */
  close(): void;
}
