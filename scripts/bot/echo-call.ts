/**
 * One call of the bot: a werift RTCPeerConnection that answers and echoes.
 *
 * - Video (and audio): every RTP packet that arrives is sent straight back on
 *   the same connection. werift rewrites only the RTP header (the bot's own
 *   SSRC, the negotiated payload type, continuous sequence numbers) and SRTP
 *   encrypts it again; the encoded picture itself is untouched, never decoded.
 * - Keyframes: a VP8 stream can only be decoded from a keyframe on, and an
 *   encoder sends one at the start and then rarely. The bot's viewer (the tab)
 *   joins the stream through the bot, so the bot asks the tab's encoder for a
 *   keyframe every second (a PLI, picture loss indication), and at once when
 *   the tab's decoder asks the bot for one.
 * - DataChannel: every text message comes back with a prefix.
 *
 * The signaling (who sends the offer, when candidates go) is the flavour
 * modules' business; this module never touches the relay.
 */
import { RTCPeerConnection, type RTCIceServer, type RTCRtpTransceiver, type MediaStreamTrack, type RTCDataChannel } from "werift";
import type { SessionDescriptionMessage } from "../../server/protocol.ts";
import { t } from "./language.ts";
import type { CallView, TerminalPanel } from "./panel.ts";

/** The ICE servers and policy of lab 06 (TURN); none elsewhere. */
export interface IceSettings {
  iceServers?: RTCIceServer[];
  /** "relay": only TURN candidates, so every packet goes through the TURN server. */
  iceTransportPolicy?: "all" | "relay";
}

/** A candidate as the labs send it (RTCIceCandidate.toJSON()), or null for the end of candidates. */
export type RemoteCandidate = { candidate?: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null;

/** What the bot puts in front of every DataChannel text it sends back. */
const ECHO_PREFIX = "echo: ";
const KEYFRAME_REQUEST_EVERY_MS = 1000;
/** How often the "out" counter is read from werift's own statistics. */
const COUNT_SENT_EVERY_MS = 250;

export class EchoCall {
  readonly pc: RTCPeerConnection;
  readonly view: CallView;
  private readonly timers: NodeJS.Timeout[] = [];
  private queuedCandidates: RemoteCandidate[] = [];
  /** Set by trickleCandidates: sends the local candidates that waited for the answer. */
  private sendWaitingCandidates = () => {};
  private closed = false;

  constructor(
    private readonly panel: TerminalPanel,
    peer: string,
    ice: IceSettings = {},
  ) {
    this.view = panel.addCall(peer);
    this.pc = new RTCPeerConnection({
      // werift's default is a public Google STUN server: the labs use none (or
      // the TURN server their relay hands out), and nothing here may leave the machine.
      iceServers: ice.iceServers ?? [],
      iceTransportPolicy: ice.iceTransportPolicy ?? "all",
      // werift leaves loopback out of its host candidates. On one machine, and
      // where loopback is the only interface (the tests), it is the way in.
      iceAdditionalHostAddresses: ["127.0.0.1"],
    });
    this.watch();
    this.timers.push(setInterval(() => (this.view.counters.packetsOut = this.packetsSent()), COUNT_SENT_EVERY_MS));
    this.echoMedia();
    this.echoText();
  }

  /**
   * The remote description arrived: its candidates (vanilla ICE puts them all
   * in the SDP) go on the panel, and candidates that came before it are added now.
   */
  async setRemoteDescription(description: SessionDescriptionMessage): Promise<void> {
    await this.pc.setRemoteDescription(description);
    for (const line of description.sdp.split(/\r?\n/)) {
      if (line.startsWith("a=candidate:")) this.panel.candidate(this.view, "remote", line);
    }
    const queued = this.queuedCandidates;
    this.queuedCandidates = [];
    if (queued.length > 0) this.panel.log(t.bot.addingEarly(this.view.peer, queued.length));
    for (const ice of queued) await this.addIceCandidate(ice);
  }

  /**
   * A candidate from the other side, or null for "no more candidates". One that
   * comes before the remote description waits for it, as in the labs (the
   * relay does not promise that it arrives after the description it belongs to).
   */
  async addIceCandidate(ice: RemoteCandidate): Promise<void> {
    if (this.pc.remoteDescription === null) {
      this.queuedCandidates.push(ice);
      return;
    }
    if (ice === null) {
      await this.pc.addIceCandidate(null);
      this.panel.log(t.bot.noMoreRemote(this.view.peer));
      return;
    }
    if (ice.candidate) this.panel.candidate(this.view, "remote", ice.candidate);
    await this.pc.addIceCandidate({
      candidate: ice.candidate,
      sdpMid: ice.sdpMid ?? undefined,
      sdpMLineIndex: ice.sdpMLineIndex ?? undefined,
    });
  }

  /** Answers the offer set with setRemoteDescription; the answer has no candidates yet (they come from gathering). */
  async answer(): Promise<SessionDescriptionMessage> {
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    return { type: "answer", sdp: answer.sdp };
  }

  /**
   * Trickle ICE: each local candidate goes to `send` as it is found (null: "no
   * more"). werift gathers inside setLocalDescription, before the answer can be
   * sent, and a tab may refuse a candidate that comes before the description it
   * belongs to: those first ones wait until `answerSent()`, later ones go at once.
   */
  trickleCandidates(send: (ice: object | null) => void): void {
    let waiting: (object | null)[] | null = [];
    this.pc.onIceCandidate.subscribe((candidate) => {
      const ice = candidate ? candidate.toJSON() : null;
      if (waiting === null) send(ice);
      else waiting.push(ice);
    });
    this.sendWaitingCandidates = () => {
      const found = waiting ?? [];
      waiting = null;
      found.forEach(send);
    };
  }

  /** The answer went out: the candidates that waited for it follow (trickleCandidates); a second call sends nothing. */
  answerSent(): void {
    this.sendWaitingCandidates();
  }

  /** Resolves once ICE gathering is complete: then localDescription holds every candidate (vanilla ICE). */
  gatheringComplete(): Promise<void> {
    if (this.pc.iceGatheringState === "complete") return Promise.resolve();
    return new Promise((resolve) => {
      const { unSubscribe } = this.pc.iceGatheringStateChange.subscribe((state) => {
        if (state !== "complete") return;
        unSubscribe();
        resolve();
      });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    void this.pc.close();
    this.panel.removeCall(this.view);
  }

  private watch(): void {
    const { pc, panel, view } = this;
    pc.signalingStateChange.subscribe((state) => panel.state(view, "signaling", state));
    pc.iceGatheringStateChange.subscribe((state) => panel.state(view, "gathering", state));
    pc.iceConnectionStateChange.subscribe((state) => panel.state(view, "ice", state));
    pc.connectionStateChange.subscribe((state) => panel.state(view, "connection", state));
    pc.onIceCandidate.subscribe((candidate) => {
      if (candidate) panel.candidate(view, "local", candidate.candidate);
    });
  }

  private echoMedia(): void {
    // An offer's video section becomes a transceiver here, "recvonly" unless the
    // bot says otherwise before it answers: sendrecv, so the answer sends back.
    this.pc.onRemoteTransceiverAdded.subscribe((transceiver) => {
      transceiver.setDirection("sendrecv");
      transceiver.onTrack.subscribe((track) => this.echoTrack(transceiver, track));
    });
    // Back under the stream id it came with (the answer's a=msid): a tab that tells
    // its videos apart by stream (lab 07: camera, second video) finds each in its place.
    this.pc.ontrack = ({ transceiver, streams }) => transceiver.sender.setStreams(streams);
  }

  private echoTrack(transceiver: RTCRtpTransceiver, track: MediaStreamTrack): void {
    const { counters } = this.view;
    const { sender, receiver } = transceiver;
    this.panel.log(t.bot.receiving(this.view.peer, track.kind));
    track.onReceiveRtp.subscribe((rtp) => {
      counters.packetsIn++;
      void sender.sendRtp(rtp);
    });
    if (track.kind !== "video") return;
    const requestKeyframe = () => {
      if (track.ssrc === undefined || this.pc.connectionState !== "connected") return; // no SRTP yet, or any more
      counters.keyframeRequests++;
      void receiver.sendRtcpPLI(track.ssrc);
    };
    this.timers.push(setInterval(requestKeyframe, KEYFRAME_REQUEST_EVERY_MS));
    sender.onPictureLossIndication.subscribe(requestKeyframe); // the tab's decoder lost the picture
  }

  private echoText(): void {
    // A channel the other side opens (the `datachannel` event).
    this.pc.onDataChannel.subscribe((channel) => this.echoChannel(channel));
  }

  /**
   * A channel both ends create themselves with the same id (`negotiated: true`,
   * lab 07's chat): no `datachannel` event comes, so the bot makes its end.
   */
  openNegotiatedChannel(label: string, id: number): RTCDataChannel {
    const channel = this.pc.createDataChannel(label, { negotiated: true, id });
    this.echoChannel(channel);
    return channel;
  }

  private echoChannel(channel: RTCDataChannel): void {
    this.panel.log(t.bot.dataChannel(this.view.peer, channel.label));
    channel.onMessage.subscribe((data) => {
      this.view.counters.textsIn++;
      channel.send(`${ECHO_PREFIX}${data.toString()}`);
      this.view.counters.textsOut++;
    });
  }

  /** What werift really encrypted and sent, on every track (it drops packets before DTLS is up), not what was handed to it. */
  private packetsSent(): number {
    const now = Date.now();
    return this.pc
      .getSenders()
      .flatMap((sender) => sender.collectStats(now))
      .reduce((sum, stats) => sum + (stats.type === "outbound-rtp" ? ((stats as { packetsSent?: number }).packetsSent ?? 0) : 0), 0);
  }
}
