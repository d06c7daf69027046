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
import { t } from "./language.ts";
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
    panel.relay(t.bot.connecting(url.href));
    let joined: JoinedNotice | null = null;
    let refusal = "";
    let closingOurselves = false;
    let inbox = Promise.resolve();

    socket.on("open", () => panel.relay(t.bot.open(url.searchParams.get("room") ?? "")));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (joined === null) reject(new BotRefusal(cannotConnect(url, error)));
      else panel.log(t.bot.relayError(error.message));
    });
    socket.on("message", (data, isBinary) => {
      const message = parse(String(data), isBinary);
      if (message === null) return panel.log(t.bot.notJson(String(data).slice(0, 80)));
      if (joined === null) {
        if (message.type === "error") refusal = String(message.message);
        if (message.type !== "joined") return;
        joined = message as JoinedNotice;
        panel.relay(t.bot.joined(joined.room, joined.peers, joined.size));
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
      inbox = inbox.then(() => handlers.onMessage(message)).catch((error) => panel.log(t.bot.error(error instanceof Error ? error.message : String(error))));
    });
    socket.on("close", (code, reason) => {
      panel.relay(t.bot.closed(code, reason.toString()));
      if (joined === null) {
        // Refused at the door: the relay's error notice said why (room full, bad room name).
        reject(new BotRefusal(refusal ? t.bot.refusedBy(refusal) : t.bot.closedBeforeJoining(code)));
      } else if (!closingOurselves) {
        handlers.onLost(t.bot.lost(code, reason.toString()));
      }
    });
  });
}

function readLocalCa(): Buffer {
  const path = certificatePaths.caCert;
  if (!existsSync(path)) {
    throw new BotRefusal(t.bot.noLocalCa(relative(process.cwd(), path)));
  }
  return readFileSync(path);
}

function cannotConnect(url: URL, error: NodeJS.ErrnoException): string {
  const where = `${url.protocol}//${url.host}`;
  switch (error.code) {
    case "ECONNREFUSED":
      return t.bot.nothingListens(where);
    case "ENOTFOUND":
      return t.bot.noSuchHost(where, url.hostname);
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "ERR_TLS_CERT_ALTNAME_INVALID":
    case "CERT_HAS_EXPIRED":
      return t.bot.notOurCertificate(where, error.code);
    default:
      if (/\b429\b/.test(error.message)) {
        return t.bot.tooMany(where);
      }
      return t.bot.cannotReach(where, error.message || (error.code ?? ""));
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
