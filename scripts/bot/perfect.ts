/**
 * Lab 07: perfect negotiation, on the polite side. The tab offers whenever its
 * call changes (camera, a second video, the chat channel, an ICE restart); the
 * bot answers every offer on the same connection, mid-call too. The bot never
 * offers (it has nothing of its own to add: it sends back what it gets), so it
 * never makes an offer collide.
 *
 * The chat is the lab's negotiated DataChannel ("chat", id 0): both ends create
 * it themselves, so the bot makes its end once an offer brings a data section.
 *
 * A `peer-left` does not end the call: in lab 07 the tab reconnects to the relay
 * by itself and the call goes on without it. The call ends when the tab hangs
 * up (its chat channel closes) or the connection is closed.
 */
import type { RTCDataChannel } from "werift";
import type { RelayedMessage, SessionDescriptionMessage } from "../../server/protocol.ts";
import { EchoCall } from "./echo-call.ts";
import { roomNotice, type Flavour } from "./flavour.ts";
import { t } from "./language.ts";
import { asCandidate, asSessionDescription } from "./messages.ts";
import type { TerminalPanel } from "./panel.ts";
import type { RelayConnection } from "./relay.ts";

export function perfect(relay: RelayConnection, panel: TerminalPanel): Flavour {
  panel.log(t.bot.perfect.role(relay.joined.polite === true));
  let call: EchoCall | null = null;
  let chat: RTCDataChannel | null = null;
  const endCall = (why: string) => {
    if (call === null) return;
    call.close();
    call = null;
    chat = null;
    panel.log(t.bot.perfect.callOver(why));
  };

  function newCall(): EchoCall {
    const created = new EchoCall(panel, "tab");
    // Candidates wait for the first answer: the tab adds them straight to its
    // connection, which refuses a candidate before the description it belongs to.
    created.trickleCandidates((ice) => relay.send({ type: "candidate", ice }));
    created.pc.connectionStateChange.subscribe((state) => state === "closed" && created === call && endCall(t.bot.perfect.connectionClosed));
    return created;
  }

  async function receiveOffer(offer: SessionDescriptionMessage): Promise<void> {
    // `call` may end meanwhile (the tab hangs up): the answer still goes, and its waiting candidates with it.
    const answering = (call ??= newCall());
    panel.log(`${t.bot.offerReceived("tab")}${call.pc.remoteDescription ? t.bot.renegotiation : ""}`);
    await call.setRemoteDescription(offer);
    if (chat === null && offer.sdp.includes("\nm=application")) chat = openChat(call);
    const answer = await call.answer();
    relay.send(answer);
    answering.answerSent();
    panel.log(t.bot.answerSent("tab"));
  }

  /** The lab's chat: a negotiated channel, echoed; when the tab closes it, the tab has hung up. */
  function openChat(current: EchoCall): RTCDataChannel {
    const channel = current.openNegotiatedChannel("chat", 0);
    channel.stateChanged.subscribe((state) => state === "closed" && current === call && endCall(t.bot.perfect.hungUp));
    return channel;
  }

  return {
    async onMessage(message: RelayedMessage) {
      if (message.type === "peer-left") return panel.room(t.bot.perfect.tabLeft(Number(message.peers)));
      if (roomNotice(message, panel) !== null) return; // peer-joined: peer-left is handled above
      const candidate = asCandidate(message);
      if (candidate !== null) {
        call ??= newCall();
        return call.addIceCandidate(candidate.ice);
      }
      const description = asSessionDescription(message);
      if (description === null) return panel.log(t.bot.ignoredType(message.type));
      if (description.type === "answer") return panel.log(t.bot.ignoredAnswer);
      try {
        await receiveOffer(description);
      } catch (error) {
        // An offer the current connection cannot take (a tab that started over): a new call.
        panel.log(t.bot.perfect.doesNotFit(error instanceof Error ? error.message : String(error)));
        endCall(t.bot.perfect.startedOver);
        await receiveOffer(description);
      }
    },
    close: () => endCall(t.bot.perfect.leaving),
  };
}
