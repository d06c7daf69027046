/**
 * Lab 05: the mesh. The bot joins the room as one more member: it makes up an
 * id, says "here" whenever the room changes (the tabs' roll call counts on
 * every member speaking), and keeps one echo call per tab it meets. Messages
 * carry `from`, and `to` when they are for one peer: the bot ignores what is
 * addressed to someone else, and addresses its answer and candidates.
 *
 * Who offers? In lab 05 the larger id does. The bot only answers, so its id
 * starts with "0": smaller than any tab's, whose id starts with the time in
 * base 36 (a letter, until the year 2059).
 */
import { randomUUID } from "node:crypto";
import type { RelayedMessage } from "../../server/protocol.ts";
import { EchoCall } from "./echo-call.ts";
import type { Flavour } from "./flavour.ts";
import { t } from "./language.ts";
import { asCandidate, asOffer } from "./messages.ts";
import type { TerminalPanel } from "./panel.ts";
import type { RelayConnection } from "./relay.ts";

export function mesh(relay: RelayConnection, panel: TerminalPanel): Flavour {
  const myId = `0bot-${randomUUID().slice(0, 4)}`;
  const calls = new Map<string, EchoCall>();
  panel.log(t.bot.mesh.whoAmI(myId));

  // The roll call, as in labs/05-mesh/main.ts: after every change, whoever
  // speaks is still here; once everyone has spoken, a silent peer has left.
  let peersInRoom = relay.joined.peers;
  let heardSinceChange = new Set<string>();
  function roomChanged(peers: number): void {
    peersInRoom = peers;
    heardSinceChange = new Set();
    relay.send({ type: "here", from: myId });
    dropPeersThatLeft();
  }
  function heardFrom(id: string): void {
    heardSinceChange.add(id);
    dropPeersThatLeft();
  }
  function dropPeersThatLeft(): void {
    if (heardSinceChange.size < peersInRoom - 1) return;
    for (const [id, call] of calls) {
      if (heardSinceChange.has(id)) continue;
      call.close();
      calls.delete(id);
      panel.log(t.bot.mesh.left(id));
    }
  }

  function callWith(id: string): EchoCall {
    const known = calls.get(id);
    if (known) return known;
    const call = new EchoCall(panel, id);
    calls.set(id, call);
    // Trickle ICE, addressed; the first candidates wait for the answer (EchoCall).
    call.trickleCandidates((ice) => relay.send({ type: "candidate", ice, from: myId, to: id }));
    return call;
  }

  roomChanged(peersInRoom); // the bot's first "here": the tabs already in the room meet it

  return {
    async onMessage(message: RelayedMessage) {
      if (message.type === "peer-joined" || message.type === "peer-left") {
        panel.room(t.bot.here(Number(message.peers)));
        return roomChanged(Number(message.peers));
      }
      if (message.type === "error") return panel.log(t.bot.mesh.relaySays(String(message.message)));
      if (typeof message.from !== "string") return panel.log(t.bot.mesh.noFrom(message.type));
      const from = message.from;
      heardFrom(from);
      if (message.type === "here") {
        if (from.startsWith("0bot-")) panel.log(t.bot.mesh.otherBot(from));
        else if (!calls.has(from)) panel.log(t.bot.mesh.met(from));
        return;
      }
      if (message.to !== myId) return; // addressed to another member

      const candidate = asCandidate(message);
      if (candidate !== null) return callWith(from).addIceCandidate(candidate.ice);
      const offer = asOffer(message);
      if (offer === null) return panel.log(t.bot.mesh.ignored(message.type, from));
      const call = callWith(from);
      panel.log(t.bot.offerReceived(from));
      await call.setRemoteDescription(offer);
      const answer = await call.answer();
      relay.send({ ...answer, from: myId, to: from });
      call.answerSent();
      panel.log(t.bot.answerSentMesh(from));
    },
    close() {
      for (const call of calls.values()) call.close();
      calls.clear();
    },
  };
}
