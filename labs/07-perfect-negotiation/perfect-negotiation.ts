/**
 * The perfect negotiation pattern (W3C webrtc-pc, MDN "Establishing a connection:
 * the WebRTC perfect negotiation pattern", webrtc/samples
 * peerconnection/perfect-negotiation), and nothing else.
 *
 * Both peers run the same code. Whenever the connection needs (re)negotiating,
 * the browser fires `negotiationneeded` and this side offers. If both offer at
 * once (a collision, or "glare"), the roles decide: the impolite peer ignores
 * the other's offer and keeps its own; the polite peer drops its own offer
 * (setRemoteDescription rolls it back by itself) and answers. The relay hands out
 * the roles (its `joined` notice); they have nothing to do with who clicked Connect.
 */
import type { CandidateMessage, SessionDescriptionMessage } from "../../server/protocol.ts";
import { t } from "../shared/language.ts";

/** What the pattern says in the log, branch by branch (in the page's language: ../shared/messages.ts). */
const say = t.perfect.pattern;

export interface NegotiationSides {
  /** Sends a message to the other peer (through the relay). */
  send(message: SessionDescriptionMessage | CandidateMessage): void;
  /** Says, in plain words, which branch of the pattern just ran. */
  log(text: string): void;
  /** After setRemoteDescription(offer), before the answer: the moment to add what this side sends. */
  beforeAnswer(): void;
  /** Something went wrong that the pattern does not expect. */
  fail(error: unknown): void;
}

export class PerfectNegotiation {
  /** True from the start of our setLocalDescription() until the offer is set: an offer arriving now collides. */
  private makingOffer = false;
  /** True while we ignore the other's offer (impolite, collision): its candidates will fail, and that is fine. */
  private ignoreOffer = false;
  /**
   * True while setRemoteDescription(answer) runs. We are still "have-local-offer",
   * but will be "stable" before an offer arriving now gets its turn: it is no collision.
   * (MDN calls it isSettingRemoteAnswerPending; webrtc/samples srdAnswerPending.)
   */
  private srdAnswerPending = false;

  constructor(
    private readonly pc: RTCPeerConnection,
    readonly polite: boolean,
    private readonly sides: NegotiationSides,
  ) {
    pc.onnegotiationneeded = () => void this.offer();
    pc.onicecandidate = ({ candidate }) => sides.send({ type: "candidate", ice: candidate });
  }

  /** Something changed (a track, a channel, restartIce()): offer it. */
  private async offer(): Promise<void> {
    try {
      this.sides.log(say.negotiationNeeded);
      this.makingOffer = true;
      // No argument: the browser creates the description that fits the state (here, an offer).
      await this.pc.setLocalDescription();
      this.sides.send(describe(this.pc.localDescription!));
    } catch (error) {
      this.sides.fail(error);
    } finally {
      this.makingOffer = false;
    }
  }

  /** An offer or an answer from the other peer. */
  async receiveDescription(description: SessionDescriptionMessage): Promise<void> {
    const readyForOffer = !this.makingOffer && (this.pc.signalingState === "stable" || this.srdAnswerPending);
    const offerCollision = description.type === "offer" && !readyForOffer;

    this.ignoreOffer = !this.polite && offerCollision;
    if (this.ignoreOffer) {
      this.sides.log(say.ignored); // I am impolite: my own offer stands
      return;
    }
    if (description.type === "offer" && this.srdAnswerPending && !offerCollision) {
      this.sides.log(say.noCollision);
    }
    if (offerCollision) {
      // setRemoteDescription(offer) rolls our own offer back first: "implicit rollback".
      this.sides.log(say.rolledBack); // I am polite: I answer theirs instead
    }

    this.srdAnswerPending = description.type === "answer";
    try {
      await this.pc.setRemoteDescription(description);
    } finally {
      // Also when it fails: an answer that was refused is no longer pending, and the next
      // colliding offer must be seen as one (MDN resets it this way; webrtc/samples does not).
      this.srdAnswerPending = false;
    }

    if (description.type === "offer") {
      this.sides.beforeAnswer();
      await this.pc.setLocalDescription(); // no argument: the answer
      this.sides.send(describe(this.pc.localDescription!));
    }
  }

  /** A candidate (or `null`: "no more candidates") from the other peer. */
  async receiveCandidate(ice: CandidateMessage["ice"]): Promise<void> {
    // Read now, not when it fails: by then the next description may have changed it.
    const whileIgnoringAnOffer = this.ignoreOffer;
    try {
      await this.pc.addIceCandidate(ice ?? undefined);
    } catch (error) {
      // Only a candidate of the offer we ignored may fail quietly: it has no description here.
      if (!whileIgnoringAnOffer) throw error;
      this.sides.log(say.droppedCandidate);
    }
  }
}

function describe(description: RTCSessionDescription): SessionDescriptionMessage {
  return { type: description.type as SessionDescriptionMessage["type"], sdp: description.sdp };
}
