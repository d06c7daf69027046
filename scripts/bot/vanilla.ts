/**
 * Labs 02 and 03: vanilla ICE. The tab's offer carries all its candidates; the
 * bot answers once its own gathering is complete, with every candidate inside
 * the answer's SDP, and sends nothing else. One call at a time: a tab that
 * leaves (or clicks Prepare again) ends it, and the bot waits for the next offer.
 */
import type { RelayedMessage } from "../../server/protocol.ts";
import { EchoCall } from "./echo-call.ts";
import { t } from "./language.ts";
import { asOffer } from "./messages.ts";
import type { TerminalPanel } from "./panel.ts";
import { roomNotice, type Flavour } from "./flavour.ts";
import type { RelayConnection } from "./relay.ts";

export function vanilla(relay: RelayConnection, panel: TerminalPanel): Flavour {
  let call: EchoCall | null = null;
  const endCall = () => {
    call?.close();
    call = null;
  };

  return {
    async onMessage(message: RelayedMessage) {
      const notice = roomNotice(message, panel);
      if (notice === "left") endCall();
      if (notice !== null) return;
      const offer = asOffer(message);
      if (offer === null) return panel.log(t.bot.ignoredVanilla(message.type));

      endCall(); // a new offer is a new call
      call = new EchoCall(panel, "tab");
      panel.log(t.bot.offerReceived("tab"));
      await call.setRemoteDescription(offer);
      await call.answer();
      await call.gatheringComplete(); // vanilla: wait, so the answer carries every candidate
      relay.send({ type: "answer", sdp: call.pc.localDescription!.sdp });
      panel.log(t.bot.answerSentVanilla);
    },
    close: endCall,
  };
}
