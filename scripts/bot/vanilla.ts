/**
 * Labs 02 and 03: vanilla ICE. The tab's offer carries all its candidates; the
 * bot answers once its own gathering is complete, with every candidate inside
 * the answer's SDP, and sends nothing else. One call at a time: a tab that
 * leaves (or clicks Prepare again) ends it, and the bot waits for the next offer.
 */
import type { RelayedMessage } from "../../server/protocol.ts";
import { EchoCall } from "./echo-call.ts";
import { asOffer } from "./messages.ts";
import type { TerminalPanel } from "./panel.ts";
import type { Flavour } from "./flavour.ts";
import type { RelayConnection } from "./relay.ts";

export function vanilla(relay: RelayConnection, panel: TerminalPanel): Flavour {
  let call: EchoCall | null = null;
  const endCall = () => {
    call?.close();
    call = null;
  };

  return {
    async onMessage(message: RelayedMessage) {
      if (message.type === "peer-left") {
        endCall();
        panel.room(`${String(message.peers)} here: the tab left, waiting for the next offer`);
        return;
      }
      if (message.type === "peer-joined") return panel.room(`${String(message.peers)} here: waiting for an offer (click Connect in the tab)`);
      const offer = asOffer(message);
      if (offer === null) return panel.log(`ignored a "${message.type}" message: in this lab the bot only answers offers`);

      endCall(); // a new offer is a new call
      call = new EchoCall(panel, "tab");
      panel.log("tab: offer received");
      await call.setRemoteDescription(offer);
      await call.answer();
      await call.gatheringComplete(); // vanilla: wait, so the answer carries every candidate
      relay.send({ type: "answer", sdp: call.pc.localDescription!.sdp });
      panel.log("tab: answer sent, every candidate inside (vanilla ICE)");
    },
    close: endCall,
  };
}
