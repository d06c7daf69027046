/**
 * The bot's connection to the relay, as a lab page opens it: the room (and the
 * mesh's size) in the URL, then wait for the relay's `joined` notice. Over wss
 * the bot trusts this clone's local CA (ssl/ca.crt) for this one connection;
 * certificate checks stay on everywhere else.
 *
 * Every way of not getting in (relay down, certificate not ours, room full)
 * becomes a BotRefusal: one plain sentence, then the bot exits.
 */
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import WebSocket from "ws";
import type { RelayedMessage, RelayNotice } from "../../server/protocol.ts";
import { certificatePaths } from "../certs.ts";
import type { TerminalPanel } from "./panel.ts";

/** Why the bot cannot run, in a sentence for the learner. */
export class BotRefusal extends Error {}

/** The relay's `joined` notice as server/protocol.ts declares it; only its `type` is checked on arrival. */
export type JoinedNotice = Extract<RelayNotice, { type: "joined" }>;

export interface RelayConnection {
  joined: JoinedNotice;
  send(message: RelayedMessage): void;
  /** Leaves the room; the others get peer-left. */
  close(): Promise<void>;
}

export interface RelayHandlers {
  /** Every message after `joined`, one at a time, in the order the relay sent them. */
  onMessage(message: RelayedMessage): Promise<void> | void;
  /** The relay closed the connection (not the bot). */
  onLost(sentence: string): void;
}

/** Gives up on a relay that accepts TCP but never finishes the WebSocket handshake. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

export function joinRoom(url: URL, panel: TerminalPanel, handlers: RelayHandlers): Promise<RelayConnection> {
  const ca = url.protocol === "wss:" ? readLocalCa() : undefined;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { ca, handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
    panel.relay(`connecting to ${url.href}`);
    let joined: JoinedNotice | null = null;
    let refusal = "";
    let closingOurselves = false;
    let inbox = Promise.resolve();

    socket.on("open", () => panel.relay(`open, waiting for the relay to put the bot in room "${url.searchParams.get("room")}"`));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (joined === null) reject(new BotRefusal(cannotConnect(url, error)));
      else panel.log(`relay: ${error.message}`);
    });
    socket.on("message", (data, isBinary) => {
      const message = parse(String(data), isBinary);
      if (message === null) return panel.log(`relay: ignored a message that is not a JSON object with a "type": ${String(data).slice(0, 80)}`);
      if (joined === null) {
        if (message.type === "error") refusal = String(message.message);
        if (message.type !== "joined") return;
        joined = message as JoinedNotice;
        panel.relay(`joined room "${joined.room}" (${joined.peers} of ${joined.size} here)`);
        resolve({
          joined,
          send: (outgoing) => socket.send(JSON.stringify(outgoing)),
          close: () => {
            closingOurselves = true;
            if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
            return new Promise((closed) => {
              socket.once("close", () => closed());
              socket.close(1000, "the bot is leaving");
            });
          },
        });
        return;
      }
      inbox = inbox.then(() => handlers.onMessage(message)).catch((error) => panel.log(`error: ${error instanceof Error ? error.message : String(error)}`));
    });
    socket.on("close", (code, reason) => {
      panel.relay(`closed (code ${code}${reason.length > 0 ? `, ${reason}` : ""})`);
      if (joined === null) {
        // Refused at the door: the relay's error notice said why (room full, bad room name).
        reject(new BotRefusal(refusal ? `The relay refused the bot: ${refusal}` : `The relay closed the connection before the bot joined (code ${code}).`));
      } else if (!closingOurselves) {
        handlers.onLost(`The relay closed the connection (code ${code}${reason.length > 0 ? `: ${reason}` : ""}). Is \`npm start\` still running?`);
      }
    });
  });
}

function readLocalCa(): Buffer {
  const path = certificatePaths.caCert;
  if (!existsSync(path)) {
    throw new BotRefusal(
      `There is no local CA at ${relative(process.cwd(), path)}, so the bot cannot check the relay's certificate. ` +
        "`npm start` makes it (and starts the relay).",
    );
  }
  return readFileSync(path);
}

function cannotConnect(url: URL, error: NodeJS.ErrnoException): string {
  const where = `${url.protocol}//${url.host}`;
  switch (error.code) {
    case "ECONNREFUSED":
      return `Cannot reach the relay at ${where}: nothing listens there. Start it with \`npm start\` in another terminal, then run the bot again.`;
    case "ENOTFOUND":
      return `Cannot reach the relay at ${where}: there is no host named "${url.hostname}".`;
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "ERR_TLS_CERT_ALTNAME_INVALID":
    case "CERT_HAS_EXPIRED":
      return (
        `The relay at ${where} answered with a certificate this clone's local CA (ssl/ca.crt) does not vouch for (${error.code}). ` +
        "Is it the relay of this clone? Run the bot from the folder where `npm start` runs."
      );
    default:
      if (/\b429\b/.test(error.message)) {
        return `The relay at ${where} refuses new connections from this machine for a moment: too many a second. Wait a few seconds, then run the bot again.`;
      }
      return `Cannot reach the relay at ${where}: ${error.message || error.code}. Is \`npm start\` running?`;
  }
}

function parse(text: string, isBinary: boolean): RelayedMessage | null {
  if (isBinary) return null;
  try {
    const value: unknown = JSON.parse(text);
    const isMessage = typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { type?: unknown }).type === "string";
    return isMessage ? (value as RelayedMessage) : null;
  } catch {
    return null;
  }
}
