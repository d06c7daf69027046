/**
 * Lab 04: trickle ICE. The bot sends its answer as soon as it is made, then
 * each of its candidates on its own as {type: "candidate", ice}, and `ice: null`
 * when gathering is complete. The tab's candidates come the same way, possibly
 * before its offer: the call queues them until the offer is set (EchoCall).
 */
import type { RelayedMessage } from "../../server/protocol.ts";
import { EchoCall, type IceSettings } from "./echo-call.ts";
import { roomNotice, type Flavour } from "./flavour.ts";
import { t } from "./language.ts";
import { asCandidate, asOffer } from "./messages.ts";
import type { TerminalPanel } from "./panel.ts";
import type { RelayConnection } from "./relay.ts";

export function trickle(relay: RelayConnection, panel: TerminalPanel, ice: IceSettings = {}): Flavour {
  let call: EchoCall | null = null;
  const endCall = () => {
    call?.close();
    call = null;
  };

  /** A call whose candidates go out one by one, but never ahead of the answer they belong to. */
  function newCall(): EchoCall {
    const created = new EchoCall(panel, "tab", ice);
    created.trickleCandidates((candidate) => relay.send({ type: "candidate", ice: candidate }));
    return created;
  }

  return {
    async onMessage(message: RelayedMessage) {
      const notice = roomNotice(message, panel);
      if (notice === "left") endCall();
      if (notice !== null) return;

      const candidate = asCandidate(message);
      if (candidate !== null) {
        call ??= newCall(); // a candidate that overtook its offer starts the call's queue
        return call.addIceCandidate(candidate.ice);
      }
      const offer = asOffer(message);
      if (offer === null) return panel.log(t.bot.ignoredTrickle(message.type));

      if (call?.pc.remoteDescription) endCall(); // a new offer after a call: a new call
      // `call` may end meanwhile (the bot stops): the answer still goes, and its waiting candidates with it.
      const answering = (call ??= newCall());
      panel.log(t.bot.offerReceived("tab"));
      await call.setRemoteDescription(offer);
      const answer = await call.answer();
      relay.send(answer); // trickle: no waiting for gathering
      answering.answerSent();
      panel.log(t.bot.answerSentTrickle);
    },
    close: endCall,
  };
}
