/**
 * What `npm run bot -- --lab <lab> --room <room>` asks for, and what the bot
 * knows about each lab: which relay listener it uses and which signaling it
 * speaks. A bad command line is refused with a sentence that says what to type.
 */
import { parseArgs } from "node:util";
import { ROOM_NAME_PATTERN } from "../../server/protocol.ts";
import { relaySettingsFromEnv } from "../../server/settings.ts";
import { t } from "./language.ts";

/** The signaling the bot speaks, one module each in scripts/bot/. */
export type FlavourName = "vanilla" | "trickle" | "mesh" | "turn" | "perfect";

export interface LabProtocol {
  lab: string;
  flavour: FlavourName;
  /** ws for lab 02 (the chapter's plain relay), wss from lab 03 on. */
  relay: "ws" | "wss";
  /** The room size the lab's pages ask for (?size=), when it is not the relay's default of 2. */
  roomSize?: number;
}

/** The labs the bot can join, in order. Lab 01 has no relay: there is nothing for a bot to join. */
export const BOT_LABS: readonly LabProtocol[] = [
  { lab: "02-ws-vanilla", flavour: "vanilla", relay: "ws" },
  { lab: "03-wss", flavour: "vanilla", relay: "wss" },
  { lab: "04-trickle", flavour: "trickle", relay: "wss" },
  { lab: "05-mesh", flavour: "mesh", relay: "wss", roomSize: 4 },
  { lab: "06-turn", flavour: "turn", relay: "wss" },
  { lab: "07-perfect-negotiation", flavour: "perfect", relay: "wss" },
];

export interface BotOptions {
  protocol: LabProtocol;
  room: string;
  /** The relay's WebSocket URL with the room in its query, as the lab's page opens it. */
  relayUrl: URL;
  /** The lab page for this room, to tell the learner where to open it. */
  pageUrl: string;
  /** --policy relay (lab 06): relay candidates only, so the bot's packets go through TURN. */
  relayOnly: boolean;
}

/** A command line the bot cannot run: the message says what to type instead. */
export class UsageError extends Error {}

export const USAGE = t.bot.usage(BOT_LABS.map((lab) => lab.lab).join(", "));

export function parseBotOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BotOptions | "help" {
  let values: { lab?: string; room?: string; "relay-host"?: string; policy?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        lab: { type: "string" },
        room: { type: "string" },
        "relay-host": { type: "string" },
        policy: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  if (values.help) return "help";
  if (values.lab === undefined) throw new UsageError(`${t.bot.whichLab}\n\n${USAGE}`);
  const protocol = findLab(values.lab);
  const room = values.room ?? protocol.lab; // a lab page without ?room= is in the room named after its folder
  if (!ROOM_NAME_PATTERN.test(room)) {
    throw new UsageError(t.bot.notARoom(room));
  }
  if (values.policy !== undefined && (values.policy !== "relay" || protocol.flavour !== "turn")) {
    throw new UsageError(t.bot.policyOnlyRelay(values.policy, protocol.lab));
  }
  const host = values["relay-host"] ?? "localhost";
  const ports = relaySettingsFromEnv(env);
  const port = protocol.relay === "ws" ? ports.wsPort : ports.wssPort;
  const relayUrl = new URL(`${protocol.relay}://${host}:${port}/`);
  relayUrl.searchParams.set("room", room);
  if (protocol.roomSize !== undefined) relayUrl.searchParams.set("size", String(protocol.roomSize));
  const pageUrl = `https://${host}:${ports.labsPort}/${protocol.lab}/?room=${room}`;
  return { protocol, room, relayUrl, pageUrl, relayOnly: values.policy === "relay" };
}

/** "04-trickle" or "04". */
function findLab(name: string): LabProtocol {
  const found = BOT_LABS.find((lab) => lab.lab === name || lab.lab.slice(0, 2) === name.padStart(2, "0"));
  if (found) return found;
  const why = name.startsWith("01") ? t.bot.lab01HasNoRelay : t.bot.noSuchLab(name);
  throw new UsageError(t.bot.knownLabs(why, BOT_LABS.map((lab) => lab.lab).join(", ")));
}
