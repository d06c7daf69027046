/**
 * `npm run bot -- --lab 04-trickle --room x`: the echo bot, a WebRTC peer that
 * is not a browser (werift, in Node). It joins the lab's room through the
 * relay, speaks that lab's signaling, answers the tab's offer and sends back
 * what it receives: the tab's own camera, and its DataChannel texts. The
 * README's "Call alone: the echo bot" says what that shows.
 *
 * Exit codes: 0 after Ctrl+C (or SIGTERM), 1 when the relay is down, refuses
 * the bot (room full) or goes away, 2 for a command line it cannot run.
 */
import type { Flavour } from "./bot/flavour.ts";
import { mesh } from "./bot/mesh.ts";
import { parseBotOptions, USAGE, UsageError, type BotOptions, type FlavourName } from "./bot/options.ts";
import { t } from "./bot/language.ts";
import { TerminalPanel } from "./bot/panel.ts";
import { perfect } from "./bot/perfect.ts";
import { BotRefusal, joinRoom, type RelayConnection } from "./bot/relay.ts";
import { trickle } from "./bot/trickle.ts";
import { turn } from "./bot/turn.ts";
import { vanilla } from "./bot/vanilla.ts";

/** Each lab's signaling, one module each (scripts/bot/<flavour>.ts). */
const flavours = {
  vanilla: (relay, panel) => vanilla(relay, panel),
  trickle: (relay, panel) => trickle(relay, panel),
  mesh: (relay, panel) => mesh(relay, panel),
  turn: (relay, panel, options) => turn(relay, panel, options.relayOnly),
  perfect: (relay, panel) => perfect(relay, panel),
} satisfies Record<FlavourName, (relay: RelayConnection, panel: TerminalPanel, options: BotOptions) => Flavour>;

async function main(): Promise<void> {
  const options = parseBotOptions(process.argv.slice(2));
  if (options === "help") {
    console.log(USAGE);
    return;
  }
  const { protocol, room, relayUrl, pageUrl } = options;
  const panel = new TerminalPanel(t.bot.title(protocol.lab, room, protocol.flavour));

  let flavour: Flavour | null = null;
  let relay: RelayConnection | null = null;
  const stop = async (exitCode: number, lastWords?: string) => {
    flavour?.close();
    await relay?.close();
    panel.stop();
    if (lastWords) console.error(`bot: ${lastWords}`);
    process.exit(exitCode);
  };

  relay = await joinRoom(relayUrl, panel, {
    onMessage: (message) => flavour?.onMessage(message),
    onLost: (sentence) => void stop(1, sentence),
  });
  const { peers, size } = relay.joined;
  panel.room(t.bot.inRoom(room, peers, size, pageUrl, protocol.flavour === "mesh"));
  flavour = flavours[protocol.flavour](relay, panel, options);

  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop(0));
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`bot: ${error.message}`);
    process.exit(2);
  }
  if (error instanceof BotRefusal) {
    console.error(`bot: ${error.message}`);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
