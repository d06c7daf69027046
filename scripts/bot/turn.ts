/**
 * Lab 06: lab 04's trickle ICE, with the TURN server the relay hands out in its
 * `joined` notice (short-lived credentials, see server/turn-credentials.ts).
 * `--policy relay` makes the bot use relay candidates only, as ?policy=relay
 * does for the tab: then the bot's packets go through TURN too.
 */
import type { TurnIceServer } from "../../server/protocol.ts";
import type { IceSettings } from "./echo-call.ts";
import type { Flavour } from "./flavour.ts";
import { t } from "./language.ts";
import type { TerminalPanel } from "./panel.ts";
import type { JoinedNotice, RelayConnection } from "./relay.ts";
import { trickle } from "./trickle.ts";

export function turn(relay: RelayConnection, panel: TerminalPanel, relayOnly: boolean): Flavour {
  const ice: IceSettings = { iceServers: turnServersFrom(relay.joined, panel), iceTransportPolicy: relayOnly ? "relay" : "all" };
  if (relayOnly) panel.log(t.bot.turn.relayOnly);
  return trickle(relay, panel, ice);
}

function turnServersFrom(joined: JoinedNotice, panel: TerminalPanel): TurnIceServer[] {
  const status = joined.turn;
  if (status === undefined) {
    panel.log(t.bot.turn.noTurnServer);
    return [];
  }
  if (!status.running) {
    panel.log(t.bot.turn.notRunning(status.why ?? t.bot.turn.noReason));
    return [];
  }
  // Declared by the protocol, but unchecked on arrival (relay.ts): each server is checked here.
  const listed: unknown[] = Array.isArray(joined.iceServers) ? joined.iceServers : [];
  const servers = listed.filter(isTurnServer);
  // werift uses the first TURN URL it is given: UDP first, the way a browser tries it.
  const byUdpFirst = servers.map((server) => ({ ...server, urls: [...server.urls].sort((a, b) => Number(isUdp(b)) - Number(isUdp(a))) }));
  for (const server of byUdpFirst) panel.log(t.bot.turn.server(server.urls.join(", "), server.username));
  return byUdpFirst;
}

const isUdp = (url: string) => !url.includes("transport=tcp");

function isTurnServer(value: unknown): value is TurnIceServer {
  const server = value as Partial<TurnIceServer>;
  return Array.isArray(server.urls) && server.urls.every((url) => typeof url === "string") && typeof server.username === "string" && typeof server.credential === "string";
}
