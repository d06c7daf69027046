/**
 * Lab 04: trickle ICE. The bot sends its answer as soon as it is made, then
 * each of its candidates on its own as {type: "candidate", ice}, and `ice: null`
 * when gathering is complete. The tab's candidates come the same way, possibly
 * before its offer: the call queues them until the offer is set (EchoCall).
 */
import type { RelayedMessage } from "../../server/protocol.ts";
import { EchoCall, type IceSettings } from "./echo-call.ts";
import type { Flavour } from "./flavour.ts";
import { asCandidate, asOffer, candidateJson } from "./messages.ts";
import type { TerminalPanel } from "./panel.ts";
import type { RelayConnection } from "./relay.ts";

export function trickle(relay: RelayConnection, panel: TerminalPanel, ice: IceSettings = {}): Flavour {
  let call: EchoCall | null = null;
  /** Sends the candidates that were found before the answer went out; later ones go at once. */
  let answerSent = () => {};
  const endCall = () => {
    call?.close();
    call = null;
  };

  /** A call whose candidates go out one by one, but never ahead of the answer they belong to. */
  function newCall(): EchoCall {
    const created = new EchoCall(panel, "tab", ice);
    let waiting: (object | null)[] | null = [];
    const sendCandidate = (ice: object | null) => relay.send({ type: "candidate", ice });
    // werift gathers inside setLocalDescription, before the bot can send the
    // answer: those first candidates wait for it.
    created.pc.onIceCandidate.subscribe((candidate) => {
      const ice = candidateJson(candidate);
      if (waiting === null) sendCandidate(ice);
      else waiting.push(ice);
    });
    answerSent = () => {
      const found = waiting ?? [];
      waiting = null;
      found.forEach(sendCandidate);
    };
    return created;
  }

  return {
    async onMessage(message: RelayedMessage) {
      if (message.type === "peer-left") {
        endCall();
        panel.room(`${String(message.peers)} here: the tab left, waiting for the next offer`);
        return;
      }
      if (message.type === "peer-joined") return panel.room(`${String(message.peers)} here: waiting for an offer (click Connect in the tab)`);

      const candidate = asCandidate(message);
      if (candidate !== null) {
        call ??= newCall(); // a candidate that overtook its offer starts the call's queue
        return call.addIceCandidate(candidate.ice);
      }
      const offer = asOffer(message);
      if (offer === null) return panel.log(`ignored a "${message.type}" message: in this lab the bot answers offers and takes candidates`);

      if (call?.pc.remoteDescription) endCall(); // a new offer after a call: a new call
      call ??= newCall();
      panel.log("tab: offer received");
      await call.setRemoteDescription(offer);
      const answer = await call.answer();
      relay.send(answer); // trickle: no waiting for gathering
      answerSent();
      panel.log("tab: answer sent; its candidates follow one by one (trickle ICE)");
    },
    close: endCall,
  };
}
