/**
 * Lab 01: two tabs connect with no server at all. You carry the SDP yourself:
 * copy text_for_send_sdp from one tab into the other's text_for_recv_sdp and
 * click Receive SDP. ICE is "vanilla": the SDP is shown only once gathering is
 * complete, so every candidate is already inside the text you copy.
 *
 * Read it top to bottom: Prepare, Connect, then Receive SDP.
 * The panel (../shared/panel.ts) only displays what happens;
 * ../shared/advice.ts turns the camera on (and says why it cannot). What the
 * page says is in ../shared/messages.ts, in English and Japanese.
 */
import { getCamera } from "../shared/advice.ts";
import { t } from "../shared/language.ts";
import * as panel from "../shared/panel.ts";
import { LabProblem } from "../shared/panel.ts";

// The page, with the chapter's ids.
const dom = {
  videos: {
    local: document.getElementById("local_video") as HTMLVideoElement,
    remote: document.getElementById("remote_video") as HTMLVideoElement,
  },
  sdp: {
    send: document.getElementById("text_for_send_sdp") as HTMLTextAreaElement,
    recv: document.getElementById("text_for_recv_sdp") as HTMLTextAreaElement,
  },
  buttons: {
    prepare: document.getElementById("prepare") as HTMLButtonElement,
    connect: document.getElementById("connect") as HTMLButtonElement,
    receiveSdp: document.getElementById("receive_sdp") as HTMLButtonElement,
  },
};

// The chapter uses no STUN server: on one machine or one LAN, host candidates
// are enough. ?stun=stun:host:port adds one, to see what it changes.
const ICE_SERVERS: RTCIceServer[] = new URLSearchParams(location.search).getAll("stun").map((urls) => ({ urls }));

let peerConnection: RTCPeerConnection | null = null;
/** What Prepare started. Connect and Receive SDP wait for it (the chapter did not). */
let prepared: Promise<boolean> | null = null;

dom.buttons.prepare.addEventListener("click", () => {
  dom.buttons.prepare.disabled = true; // one Prepare at a time: a double click must not start two
  prepared = prepare().finally(() => (dom.buttons.prepare.disabled = false));
});
dom.buttons.connect.addEventListener("click", () => {
  connect().catch(panel.report);
});
dom.buttons.receiveSdp.addEventListener("click", () => {
  receiveSdp().catch(panel.report);
});

// Prepare = create the RTCPeerConnection and turn the camera on.
async function prepare(): Promise<boolean> {
  hangUp();
  panel.clearMessages();
  panel.resetTimeline();
  const pc = prepareRTCPeerConnection();
  try {
    await wakeupVideo(pc);
    panel.log(t.lab01.prepared);
    return true;
  } catch (error) {
    panel.report(error);
    return false;
  }
}

function prepareRTCPeerConnection(): RTCPeerConnection {
  const pc = new RTCPeerConnection({ iceServers: ICE_SERVERS });
  peerConnection = pc;
  panel.watchPeerConnection(pc, dom.videos.remote); // first, so the panel sees each event before we act on it
  pc.ontrack = (event) => playVideo(dom.videos.remote, event.streams[0]!);
  pc.onicecandidate = (event) => onIceCandidate(pc, event);
  pc.onconnectionstatechange = () => {
    // Failed after ICE connected: DTLS refused the certificate (panel.ts says what that means).
    if (pc.connectionState === "failed" && panel.failedAtDtls(pc)) return panel.report(panel.sdpChangedOnTheWay());
    if (pc.connectionState === "failed") panel.showError(t.lab01.iceFailed);
  };
  return pc;
}

async function wakeupVideo(pc: RTCPeerConnection): Promise<void> {
  const stream = await getCamera();
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  playVideo(dom.videos.local, stream);
}

/** The RTCPeerConnection once Prepare has finished, or a problem saying what to click. */
async function preparedPeerConnection(): Promise<RTCPeerConnection | null> {
  if (prepared === null) throw new LabProblem(t.lab01.notPrepared);
  if (!(await prepared)) return null; // Prepare failed and said why
  return peerConnection;
}

// Connect = create the offer. It appears in text_for_send_sdp once gathering is complete.
async function connect(): Promise<void> {
  const pc = await preparedPeerConnection();
  if (pc === null) return;
  panel.mark("connect-clicked");
  const offer = await pc.createOffer();
  panel.mark("offer-created");
  await pc.setLocalDescription(offer);
  panel.mark("local-description-set");
}

function onIceCandidate(pc: RTCPeerConnection, event: RTCPeerConnectionIceEvent): void {
  // Vanilla ICE: each candidate is already written into localDescription.
  // `null` means gathering is complete: now the SDP is worth copying.
  if (event.candidate !== null) return;
  const description = pc.localDescription;
  if (description === null) return;
  dom.sdp.send.value = description.sdp;
  panel.mark(`${description.type as "offer" | "answer"}-sent`, t.lab01.shownForCopy);
  panel.showNotice(description.type === "offer" ? t.lab01.copyOffer : t.lab01.copyAnswer);
}

// Receive SDP = take the pasted text as the other tab's offer (then answer it) or answer.
async function receiveSdp(): Promise<void> {
  const pc = await preparedPeerConnection();
  if (pc === null) return;
  const sdp = normalizeSdp(dom.sdp.recv.value);
  if (sdp === pc.localDescription?.sdp) throw new LabProblem(t.lab01.ownSdp);

  // The text does not say whether it is an offer or an answer; this tab's state does.
  // A tab waiting for an answer ("have-local-offer") takes an answer; any other takes an offer.
  const type: RTCSdpType = pc.signalingState === "have-local-offer" ? "answer" : "offer";
  if (type === "offer" && pc.signalingState !== "stable") throw new LabProblem(t.lab01.alreadyAnswered);
  panel.mark(`${type}-received`, t.lab01.fromPasted);
  try {
    await pc.setRemoteDescription({ type, sdp });
  } catch (error) {
    throw new LabProblem(t.lab01.rejected(type, panel.errorText(error)));
  }
  panel.clearMessages();

  if (type === "offer") {
    const answer = await pc.createAnswer();
    panel.mark("answer-created");
    await pc.setLocalDescription(answer);
    panel.mark("local-description-set");
  }
}

/**
 * Checks that the pasted text looks like an SDP and restores its line endings:
 * SDP lines end in CRLF, and a textarea turns them into plain LF.
 */
function normalizeSdp(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") throw new LabProblem(t.lab01.empty);
  if (!trimmed.startsWith("v=0")) throw new LabProblem(t.lab01.notSdp);
  return trimmed.split(/\r?\n/).join("\r\n") + "\r\n";
}

function playVideo(element: HTMLVideoElement, stream: MediaStream): void {
  element.srcObject = stream; // autoplay + muted (index.html) start it
}

/** Back to the start: no call, camera off, empty text boxes. */
function hangUp(): void {
  peerConnection?.close();
  peerConnection = null;
  dom.videos.remote.srcObject = null;
  const camera = dom.videos.local.srcObject as MediaStream | null;
  for (const track of camera?.getTracks() ?? []) track.stop();
  dom.videos.local.srcObject = null;
  dom.sdp.send.value = "";
  dom.sdp.recv.value = "";
}
