/**
 * Lab 07's state panel: lab 06's (TURN, the selected pair, on top of
 * ../shared/panel.ts: all re-exported here), plus what perfect negotiation
 * adds: the role this tab plays, the relay connection's status (it reconnects
 * by itself), and both sides' ICE credentials, which an ICE restart changes.
 */
import { watchPeerConnection as watchWithTurnPanel } from "../06-turn/panel.ts";
import { t } from "../shared/language.ts";
import { log, showState, type WatchOptions } from "../shared/panel.ts";

export * from "../06-turn/panel.ts";

const element = (id: string) => document.getElementById(id) as HTMLElement;

/** Lab 06's watch, with both sides' ICE credentials refreshed alongside. */
export function watchPeerConnection(pc: RTCPeerConnection, remoteVideo: HTMLVideoElement, options: WatchOptions = {}): void {
  const [mine, theirs] = [element("ice_local"), element("ice_remote")];
  for (const cell of [mine, theirs]) delete cell.dataset.ufrag; // a new call
  watchWithTurnPanel(pc, remoteVideo, {
    ...options,
    refresh: (current) => {
      showIceCredentials(mine, t.perfect.mine, current.localDescription);
      showIceCredentials(theirs, t.perfect.theirs, current.remoteDescription);
      options.refresh?.(current);
    },
  });
}

/** The role perfect negotiation plays in this call. */
export function showRole(polite: boolean): void {
  showState(element("state_role"), polite ? "polite" : "impolite");
}

/** The relay connection as the learner should read it: in the room, reconnecting, refused. */
export function showRelayStatus(text: string, state: string): void {
  const status = element("relay_status");
  status.textContent = t.perfect.relayStatus(text);
  status.dataset.state = state;
  log(t.perfect.relayStatus(text));
}

/** `ufrag / pwd` of a description; an ICE restart changes both, and the log says so. */
function showIceCredentials(cell: HTMLElement, whose: string, description: RTCSessionDescription | null): void {
  const value = (name: string) => description?.sdp.match(new RegExp(`^a=${name}:(\\S+)`, "m"))?.[1];
  const ufrag = value("ice-ufrag");
  if (ufrag === undefined || ufrag === cell.dataset.ufrag) return;
  const before = cell.dataset.ufrag;
  cell.dataset.ufrag = ufrag;
  cell.textContent = `ufrag ${ufrag} · pwd ${value("ice-pwd")}`;
  log(t.perfect.iceCredentials(whose, ufrag, before));
}
