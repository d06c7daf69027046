/**
 * Lab 07: perfect negotiation. Labs 02-05 negotiate once, and one tab has to be
 * "the one who clicks Connect". Here both tabs run the same code: whenever the
 * call changes (the camera joins, a second video, a chat channel, an ICE restart),
 * the browser fires `negotiationneeded` and that tab offers. Either tab may
 * click Connect, or both at once: the roles the relay gave (polite, impolite)
 * settle a collision. The pattern itself is in perfect-negotiation.ts.
 *
 * As in lab 06, the ICE servers (TURN, with credentials) come from the relay's
 * "joined" notice; without TURN it works as lab 04 does.
 *
 * The call also survives the relay going away (relay-connection.ts reconnects,
 * rejoins and sends what waited), and ICE is restarted when it fails.
 *
 * Read it top to bottom: settings, Prepare, Connect, what the relay delivers,
 * then the changes during a call (camera, second video, chat) and recovery.
 * panel.ts only displays what happens; ../shared/advice.ts holds the camera,
 * the message parsing and what to say when something goes wrong (in each
 * language: ../shared/messages.ts).
 */
import type { CandidateMessage, SessionDescriptionMessage, TurnCredentialsNotice } from "../../server/protocol.ts";
import { advice, getCamera, parseMessage, roomOf, type IncomingMessage } from "../shared/advice.ts";
import { showBotHint } from "../shared/bot-hint.ts";
import { t } from "../shared/language.ts";
import * as panel from "./panel.ts";
import { LabProblem } from "./panel.ts";
import { PerfectNegotiation } from "./perfect-negotiation.ts";
import { FirstJoinFailed, RelayConnection, type JoinedNotice } from "./relay-connection.ts";

// The page, with the chapter's ids.
const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const dom = {
  videos: {
    local: element<HTMLVideoElement>("local_video"),
    remote: element<HTMLVideoElement>("remote_video"),
    local2: element<HTMLVideoElement>("local_video_2"),
    remote2: element<HTMLVideoElement>("remote_video_2"),
  },
  sdp: {
    send: element<HTMLTextAreaElement>("text_for_send_sdp"),
    recv: element<HTMLTextAreaElement>("text_for_recv_sdp"),
  },
  buttons: {
    prepare: element<HTMLButtonElement>("prepare"),
    connect: element<HTMLButtonElement>("connect"),
    cameraOff: element<HTMLButtonElement>("camera_off"),
    cameraRemove: element<HTMLButtonElement>("camera_remove"),
    addCanvas: element<HTMLButtonElement>("add_canvas"),
    shareScreen: element<HTMLButtonElement>("share_screen"),
    restartIce: element<HTMLButtonElement>("restart_ice"),
  },
  chat: {
    input: element<HTMLInputElement>("chat_input"),
    send: element<HTMLButtonElement>("chat_send"),
    log: element<HTMLOListElement>("chat_log"),
  },
};

// Settings, from this page's URL.
const params = new URLSearchParams(location.search);
const ROOM = roomOf(params); // ?room=, or this lab's own room
// The relay: TLS WebSocket (wss) on port 3001 (vite.config.ts passes in
// RELAY_WSS_PORT if you changed it), on the host that served this page.
// ?relay=wss://host:port points elsewhere, e.g. at a relay that is not running.
declare const __RELAY_WSS_PORT__: number;
const relayUrl = new URL(params.get("relay") ?? `wss://${location.hostname}:${__RELAY_WSS_PORT__}/`);
relayUrl.search = location.search; // the relay reads the room (and its test knobs) from it
relayUrl.searchParams.set("room", ROOM);
const RELAY_URL = relayUrl.href;
// The same host and port over https: opening it in a tab is how to accept the certificate.
const RELAY_CERT_PAGE = `https://${relayUrl.host}/`;
// ?stun=stun:host:port adds a STUN server, as in lab 04. The TURN server comes from the relay (iceServersFrom).
const STUN_SERVERS: RTCIceServer[] = params.getAll("stun").map((urls) => ({ urls }));
// ?policy=relay: only relay candidates, so every packet goes through TURN (lab 06).
const ICE_TRANSPORT_POLICY: RTCIceTransportPolicy = params.get("policy") === "relay" ? "relay" : "all";
// ?transport=tcp (or udp): only that TURN URL (lab 06); anything else keeps both.
const TURN_TRANSPORT = ["udp", "tcp"].includes(params.get("transport") ?? "") ? params.get("transport") : "any";

document.getElementById("room_name")!.textContent = ROOM;
showBotHint(ROOM); // "Alone?": the command that calls the echo bot into this room
document.getElementById("relay_url")!.textContent = RELAY_URL;

let relay: RelayConnection | null = null;
let peerConnection: RTCPeerConnection | null = null;
let negotiation: PerfectNegotiation | null = null;
/** What Prepare started. Connect and the other peer's messages wait for it. */
let prepared: Promise<boolean> | null = null;
/** What a call is made with: the role and the ICE servers the relay gave (newCall's inputs). */
interface CallSettings {
  polite: boolean;
  iceServers: RTCIceServer[];
}
/** What the relay gave this tab when it last joined (or renewed its TURN credentials): the next call takes it. */
let fromRelay: CallSettings = { polite: false, iceServers: STUN_SERVERS };
/**
 * Each call (each RTCPeerConnection) has an id, on every message it sends (`from`), with the other side's
 * once known (`to`): a message meant for another call, e.g. a dead call's, is dropped (isForThisCall).
 */
let callIds: { mine: string; theirs: string | null } = { mine: "", theirs: null };
/** Members of the room besides this tab, as the relay last told us. */
let othersInRoom = 0;
let camera: MediaStream | null = null;
/** Whether this tab's camera and chat are in the call yet (Connect, or the other's offer, puts them in). */
let inCall = false;
/**
 * This tab's two video transceivers, made once when it joins the call: the camera, and one for
 * a second video. Every later change is a direction and replaceTrack on them, never a new one.
 */
let cameraTransceiver: RTCRtpTransceiver | null = null;
let secondTransceiver: RTCRtpTransceiver | null = null;
let secondVideo: { stream: MediaStream; stop: () => void } | null = null;
let chat: RTCDataChannel | null = null;

function showPeersInRoom(peers: number): void {
  othersInRoom = peers - 1;
  document.getElementById("peers_in_room")!.textContent = t.page.here(peers);
}

dom.buttons.prepare.addEventListener("click", () => {
  dom.buttons.prepare.disabled = true; // one Prepare at a time: a double click must not start two
  prepared = prepare().finally(() => (dom.buttons.prepare.disabled = false));
});
dom.buttons.connect.addEventListener("click", () => connect().catch(panel.report));
dom.buttons.cameraOff.addEventListener("click", () => toggleCameraWithReplaceTrack().catch(panel.report));
dom.buttons.cameraRemove.addEventListener("click", () => toggleCameraWithRemoveTrack().catch(panel.report));
dom.buttons.addCanvas.addEventListener("click", () => addSecondVideo("canvas").catch(panel.report));
dom.buttons.shareScreen.addEventListener("click", () => addSecondVideo("screen").catch(panel.report));
dom.buttons.restartIce.addEventListener("click", () => run(() => restartIce(t.perfect.why.restartClicked)));
dom.chat.send.addEventListener("click", () => run(sendChat));
dom.chat.input.addEventListener("keydown", (event) => event.key === "Enter" && run(sendChat));

function run(action: () => void): void {
  try {
    action();
  } catch (error) {
    panel.report(error);
  }
}

// Prepare = join the room through the relay, turn the camera on, get a connection ready.
// Nothing is offered yet: the connection has nothing to send until Connect.
async function prepare(): Promise<boolean> {
  await hangUp();
  panel.clearMessages();
  panel.resetTimeline();
  const [joined, stream] = await Promise.allSettled([joinRoom(), getCamera()]);
  if (joined.status === "rejected" || stream.status === "rejected") {
    await hangUp(); // leave the room, camera off: the other tab must not wait for a tab that cannot call
    panel.report(joined.status === "rejected" ? joined.reason : (stream as PromiseRejectedResult).reason);
    return false;
  }
  camera = stream.value;
  playVideo(dom.videos.local, camera);
  // What the call needs comes from the notice open() returned, passed in: not from a variable that
  // handleMessage happens to have set, which would depend on which of two listeners ran first.
  // (Not how many are here: the other tab may have joined while the camera started; peer-joined said so.)
  fromRelay = settingsFrom(joined.value);
  newCall(fromRelay);
  panel.log(t.perfect.prepared(fromRelay.polite ? "polite" : "impolite"));
  if (othersInRoom > 0) panel.log(t.perfect.otherIsHere);
  return true;
}

/** Resolves once the relay has put this tab in its room; rejects with advice if it cannot. */
async function joinRoom(): Promise<JoinedNotice> {
  relay = new RelayConnection(RELAY_URL, {
    message: onMessage,
    socket: (socket) => panel.watchWebSocket(socket),
    status: showRelayStatus,
    rejoined: onRejoined,
  });
  try {
    return await relay.open();
  } catch (error) {
    if (!(error instanceof FirstJoinFailed)) throw error;
    // A refused certificate and a relay that is down look the same here
    // (close code 1006, no detail), so the advice covers both.
    if (!error.reached) throw advice.relayDownOrUntrusted(relayUrl.origin, error.reason, RELAY_CERT_PAGE);
    throw advice.notLetIn(ROOM, error.reason);
  }
}

/** A call's role and ICE servers, from the relay's `joined` notice. */
function settingsFrom(joined: JoinedNotice): CallSettings {
  return { polite: joined.polite, iceServers: iceServersFrom(joined) };
}

/**
 * The relay's TURN server with this tab's credentials, filtered by ?transport=, plus any ?stun=.
 * A relay without TURN (`npm run relay`, or a test's own relay) is fine: host candidates, as in lab 04.
 */
function iceServersFrom(joined: JoinedNotice | TurnCredentialsNotice): RTCIceServer[] {
  if (joined.turn !== undefined) panel.showTurn(joined.turn);
  renewTurnBeforeExpiry(joined.turn);
  if (joined.turn?.running !== true) {
    panel.log(t.perfect.noTurn);
    return STUN_SERVERS;
  }
  const turnServers = (joined.iceServers ?? []).map((server) => ({
    ...server,
    urls: server.urls.filter((url) => TURN_TRANSPORT === "any" || url.endsWith(`transport=${TURN_TRANSPORT}`)),
  }));
  for (const server of turnServers) panel.log(t.log.turnServer(server.urls.join(", "), server.username));
  return [...STUN_SERVERS, ...turnServers];
}

/** A fresh RTCPeerConnection with perfect negotiation, in the role and with the ICE servers given. */
function newCall({ polite, iceServers }: CallSettings): void {
  const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: ICE_TRANSPORT_POLICY });
  peerConnection = pc;
  callIds = { mine: crypto.randomUUID().slice(0, 8), theirs: null };
  panel.watchPeerConnection(pc, dom.videos.remote); // first, so the panel sees each event before we act on it
  panel.showRole(polite);
  negotiation = new PerfectNegotiation(pc, polite, {
    send: sendToOtherPeer,
    log: (text) => panel.log(text),
    beforeAnswer: () => joinCall(t.perfect.why.theirOffer),
    fail: panel.report,
  });
  pc.ontrack = onTrack;
  pc.oniceconnectionstatechange = () => {
    // Only for the call still running: an ended call's connection may report too.
    if (pc.iceConnectionState === "failed" && pc === peerConnection && inCall) restartIce(t.perfect.why.iceFailed);
  };
  pc.onconnectionstatechange = () => {
    // Failed after ICE connected: DTLS refused the certificate (panel.ts says what that means).
    if (pc.connectionState === "failed" && panel.failedAtDtls(pc)) panel.report(panel.sdpChangedOnTheWay());
  };
  // What the TURN server answered when it refused (401: credentials expired; 508: out of relay
  // ports), as lab 06 logs it: only logged, since the call may still go direct.
  pc.onicecandidateerror = (event) => {
    const { errorCode, url, errorText } = event as RTCPeerConnectionIceErrorEvent;
    panel.log(t.turn.candidateError(errorCode, url, errorText), "error");
  };
}

// Connect = put this tab's camera and chat in the call. That is all: the
// connection now has something to negotiate, so `negotiationneeded` fires and
// perfect negotiation sends the offer. Click it in one tab, or in both at once.
async function connect(): Promise<void> {
  if (prepared === null) throw advice.notPrepared();
  if (!(await prepared)) return; // Prepare failed and said why
  if (peerConnection === null) throw advice.callEnded();
  if (othersInRoom === 0) throw advice.nobodyElseIn(ROOM);
  panel.mark("connect-clicked");
  joinCall(t.perfect.why.connectClicked);
}

/** Adds the camera and the chat channel to the call, once. */
function joinCall(why: string): void {
  const pc = peerConnection;
  if (pc === null || camera === null) return;
  if (inCall) {
    panel.log(t.perfect.alreadyInCall(why));
    return;
  }
  inCall = true;
  panel.log(t.perfect.joiningCall(why));
  const [track] = camera.getVideoTracks();
  // Both video transceivers now, the second one receiving only until a second video is added:
  // a call that only changes directions and tracks keeps the same m-sections, collisions or not.
  cameraTransceiver = pc.addTransceiver(track!, { streams: [camera], direction: "sendrecv" });
  secondTransceiver = pc.addTransceiver("video", { direction: "recvonly" });
  openChat(pc);
  setCallButtons(true);
}

/** What the pattern sends goes through the relay, or waits there until someone can hear it. Addressed: this call, theirs. */
function sendToOtherPeer(message: SessionDescriptionMessage | CandidateMessage): void {
  const address = { from: callIds.mine, ...(callIds.theirs === null ? {} : { to: callIds.theirs }) };
  const result = relay?.send({ ...message, ...address }) ?? "queued";
  if (message.type === "candidate") {
    panel.mark("candidate-sent", message.ice === null ? t.log.endOfCandidates : undefined);
  } else {
    dom.sdp.send.value = message.sdp;
    panel.mark(`${message.type}-sent` as const);
  }
  if (result === "queued") panel.log(t.perfect.keptForLater(relay?.waiting ?? 0));
}

// What the relay delivers. Unlike labs 02-04, messages are NOT handled one at a
// time: the RTCPeerConnection runs setRemoteDescription, setLocalDescription and
// addIceCandidate in the order they were called, and the pattern is written for
// an offer that arrives while an answer is still being set (srdAnswerPending).
function onMessage(data: string): void {
  handleMessage(data).catch(panel.report);
}

/** Which call a message of the other peer's belongs to (see callIds); the echo bot sends none. */
type CallAddress = { from?: string; to?: string };

async function handleMessage(data: string): Promise<void> {
  const message = parseMessage(data) as (IncomingMessage | TurnCredentialsNotice) & CallAddress;
  switch (message.type) {
    case "joined":
      showPeersInRoom(message.peers);
      panel.log(t.perfect.joined(message.room, message.polite ? "polite" : "impolite", othersInRoom));
      panel.showTestKnobs(message.knobs);
      return;
    case "peer-joined":
      showPeersInRoom(message.peers);
      panel.log(t.log.peerJoined);
      return;
    case "peer-left":
      showPeersInRoom(message.peers);
      panel.showNotice(t.perfect.peerLeft);
      return;
    case "error":
      panel.report(advice.relaySays(message.message, message.code));
      return;
    case "turn-credentials":
      return useFreshTurnCredentials(message);
    case "offer":
    case "answer":
      if (prepared === null || !(await prepared) || !isForThisCall(message) || negotiation === null) return;
      panel.mark(`${message.type}-received` as const);
      dom.sdp.recv.value = message.sdp;
      return receiveDescription(negotiation, message);
    case "candidate": {
      if (prepared === null || !(await prepared) || !isForThisCall(message) || negotiation === null) return;
      panel.mark("candidate-received", message.ice === null ? t.log.endOfCandidates : undefined);
      const { ice } = message;
      return negotiation.receiveCandidate(ice).catch((error: unknown) => panel.report(advice.candidateRefused(ice, error)));
    }
    default:
      panel.log(t.log.ignoredType((message as { type: string }).type));
  }
}

/**
 * Is this message for the call this tab is in? A message for another call of this tab's (`to`) is
 * a dead call's, sent before it ended and delivered now, maybe to a newcomer: dropped. An offer
 * from another call of the other side's, not yet addressed to any (`to` missing), means it started
 * a new call: this one ends and a fresh one answers. A message without ids (the echo bot) is taken.
 */
function isForThisCall(message: CallAddress & { type: string }): boolean {
  if (message.from === undefined) return true;
  if (message.to !== undefined && message.to !== callIds.mine) {
    panel.log(t.perfect.forAnotherCall(message.type, message.to, callIds.mine));
    return false;
  }
  if (callIds.theirs === null || message.from === callIds.theirs) {
    callIds.theirs = message.from;
    return true;
  }
  if (message.type === "offer" && message.to === undefined) {
    panel.log(t.perfect.newCallOffered(message.from));
    endCall();
    newCall(fromRelay);
    callIds.theirs = message.from;
    return true;
  }
  panel.log(t.perfect.fromAnotherCall(message.type, message.from, callIds.theirs));
  return false;
}

async function receiveDescription(pattern: PerfectNegotiation, description: SessionDescriptionMessage): Promise<void> {
  try {
    await pattern.receiveDescription(description);
  } catch (error) {
    throw advice.descriptionRejected(description.type, error);
  }
}

/** The first stream from the other peer is its camera; any other is its second video. */
let remoteCameraStreamId: string | null = null;

function onTrack(event: RTCTrackEvent): void {
  const stream = event.streams[0];
  remoteCameraStreamId ??= stream?.id ?? null;
  const isCamera = stream?.id === remoteCameraStreamId;
  const what = t.perfect.theirVideo(isCamera);
  panel.log(t.perfect.track(what));
  // A stream of its own: the other peer may remove its camera and add it back as a new track.
  playVideo(isCamera ? dom.videos.remote : dom.videos.remote2, new MediaStream([event.track]));
  event.track.onmute = () => panel.log(t.perfect.muted(what));
  event.track.onunmute = () => panel.log(t.perfect.unmuted(what));
}

// ---------------------------------------------------------------------------
// During the call: every change goes through the same pattern, from either side.

/**
 * Camera off with replaceTrack(null): the sender stays, only its track goes.
 * The SDP does not change, so there is no negotiation: nothing goes through the relay.
 */
async function toggleCameraWithReplaceTrack(): Promise<void> {
  const { sender } = requireCameraSending();
  const track = camera!.getVideoTracks()[0]!;
  const turningOff = sender.track !== null;
  await sender.replaceTrack(turningOff ? null : track);
  dom.buttons.cameraOff.textContent = turningOff ? t.perfect.buttons.cameraOn : t.perfect.buttons.cameraOff;
  dom.buttons.cameraRemove.disabled = turningOff;
  panel.log(t.perfect.replaced(turningOff));
}

/**
 * Camera off with removeTrack: the transceiver stops sending (its direction becomes
 * recvonly), which the SDP must say (a=recvonly), so `negotiationneeded` fires and a
 * new offer goes out. Back: the same transceiver sends again (direction sendrecv,
 * replaceTrack), which negotiates again. Not addTrack: it would make a new transceiver,
 * and the SDP would gain an m-section at each click.
 */
async function toggleCameraWithRemoveTrack(): Promise<void> {
  const pc = requireCall();
  const transceiver = cameraTransceiver!;
  const turningOff = transceiver.direction === "sendrecv";
  if (turningOff) {
    pc.removeTrack(transceiver.sender);
  } else {
    transceiver.direction = "sendrecv";
    await transceiver.sender.replaceTrack(camera!.getVideoTracks()[0]!);
  }
  dom.buttons.cameraRemove.textContent = turningOff ? t.perfect.buttons.cameraBack : t.perfect.buttons.cameraRemove;
  dom.buttons.cameraOff.disabled = turningOff;
  panel.log(t.perfect.removed(turningOff));
}

/**
 * A second video: the screen where the browser allows it, else a canvas. It goes on the
 * transceiver joinCall made for it, which starts sending: its direction changes, so it negotiates.
 */
async function addSecondVideo(source: "screen" | "canvas"): Promise<void> {
  requireCall();
  if (secondVideo !== null) {
    panel.log(t.perfect.secondAlready);
    return;
  }
  secondVideo = source === "screen" ? await screenOrCanvas() : canvasStream();
  const [track] = secondVideo.stream.getVideoTracks();
  const { sender } = secondTransceiver!;
  sender.setStreams(secondVideo.stream); // the other side tells it from the camera by its stream
  await sender.replaceTrack(track!);
  secondTransceiver!.direction = "sendrecv";
  playVideo(dom.videos.local2, secondVideo.stream);
  panel.log(t.perfect.secondAdded);
}

async function screenOrCanvas(): Promise<{ stream: MediaStream; stop: () => void }> {
  try {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    return { stream, stop: () => stream.getTracks().forEach((track) => track.stop()) };
  } catch (error) {
    panel.log(t.perfect.noScreen(error instanceof Error ? error.name : String(error)));
    return canvasStream();
  }
}

/** My camera, drawn on a canvas with a clock over it: a second video any browser can make. */
function canvasStream(): { stream: MediaStream; stop: () => void } {
  const canvas = document.createElement("canvas");
  canvas.width = 320;
  canvas.height = 240;
  const context = canvas.getContext("2d")!;
  const draw = window.setInterval(() => {
    context.drawImage(dom.videos.local, 0, 0, canvas.width, canvas.height);
    context.fillStyle = "white";
    context.font = "20px monospace";
    context.fillText(`canvas ${new Date().toTimeString().slice(0, 8)}`, 10, 30);
  }, 1000 / 15);
  const stream = canvas.captureStream(15);
  return {
    stream,
    stop: () => {
      window.clearInterval(draw);
      stream.getTracks().forEach((track) => track.stop());
    },
  };
}

/**
 * The chat is a DataChannel: text goes straight to the other browser, in order,
 * never through the relay. `negotiated: true` with the same id on both sides
 * means each tab makes its own end, whoever offers first, and no `datachannel`
 * event is needed.
 */
function openChat(pc: RTCPeerConnection): void {
  const channel = pc.createDataChannel("chat", { negotiated: true, id: 0 });
  chat = channel;
  channel.onopen = () => {
    dom.chat.input.disabled = dom.chat.send.disabled = false;
    panel.log(t.perfect.chatOpen);
  };
  channel.onmessage = (event) => showChat("them", String(event.data));
  channel.onclose = () => {
    if (channel !== chat) return; // this tab ended the call itself
    otherPeerHungUp();
  };
}

function sendChat(): void {
  const text = dom.chat.input.value.trim();
  if (text === "") return;
  if (chat?.readyState !== "open") {
    throw new LabProblem(t.perfect.chatNotOpen);
  }
  chat.send(text);
  showChat("me", text);
  dom.chat.input.value = "";
}

function showChat(who: "me" | "them", text: string): void {
  const line = document.createElement("li");
  line.className = who;
  line.textContent = `${t.perfect[who]}: ${text}`;
  dom.chat.log.append(line);
}

// ---------------------------------------------------------------------------
// Recovery: the relay comes back by itself, and ICE can start over.

function showRelayStatus(text: string, state: "in-room" | "reconnecting" | "refused"): void {
  panel.showRelayStatus(state === "reconnecting" && inCall ? t.perfect.callGoesOn(text) : text, state);
  if (state === "reconnecting") {
    panel.showNotice(t.perfect.reconnecting(text));
  } else if (state === "refused") {
    panel.showError(t.perfect.relayRefused(text));
  }
}

function onRejoined(notice: JoinedNotice): void {
  const waiting = relay?.waiting ?? 0;
  panel.showNotice(t.perfect.backInRoom(notice.room, waiting));
  const callRole = negotiation?.polite;
  if (callRole !== undefined && callRole !== notice.polite) {
    panel.log(t.perfect.roleNow(notice.polite ? "polite" : "impolite"));
  }
  // The relay handed out fresh TURN credentials: the next ICE restart (or the one below) uses them.
  fromRelay = settingsFrom(notice);
  peerConnection?.setConfiguration({ ...peerConnection.getConfiguration(), iceServers: fromRelay.iceServers });
  const ice = peerConnection?.iceConnectionState;
  if (inCall && (ice === "disconnected" || ice === "failed")) restartIce(t.perfect.why.relayBack(ice));
}

/**
 * TURN credentials expire (`turn.expiresAt`, in `turn.validForS`), and an ICE restart, this tab's or the other's,
 * allocates anew on the TURN server: with expired ones it gets 401 and no relay candidate.
 * So a while before they expire (at four fifths of their life) this tab asks the relay for
 * fresh ones (`turn-refresh`), and the connection takes them for its next ICE restart.
 */
let turnRenewal: number | undefined;

function renewTurnBeforeExpiry(turn: JoinedNotice["turn"]): void {
  window.clearTimeout(turnRenewal);
  if (turn?.running !== true) return;
  // Counted from now, as the relay says (validForS), not from this page's clock, which may not
  // agree with the relay's. Already expired when they came (the panel says so): the relay would
  // only hand out the same again, and asking at once, every time, is a loop. The next Prepare
  // joins, and gets new ones.
  const leftMs = turn.validForS * 1000;
  if (leftMs <= 0) return;
  turnRenewal = window.setTimeout(() => {
    // Not in the room right now: rejoining brings fresh credentials anyway (onRejoined).
    if (relay?.askRelay({ type: "turn-refresh" })) panel.log(t.perfect.turnExpiresSoon);
  }, leftMs * 0.8);
}

function useFreshTurnCredentials(notice: TurnCredentialsNotice): void {
  fromRelay = { ...fromRelay, iceServers: iceServersFrom(notice) };
  peerConnection?.setConfiguration({ ...peerConnection.getConfiguration(), iceServers: fromRelay.iceServers });
  panel.log(t.perfect.freshTurn);
}

/** New ICE credentials, new candidates, the same call: `negotiationneeded` sends the offer. */
function restartIce(why: string): void {
  const pc = requireCall();
  panel.log(t.perfect.restartingIce(why));
  pc.restartIce();
}

function otherPeerHungUp(): void {
  endCall();
  newCall(fromRelay);
  panel.showNotice(t.perfect.hungUp);
}

function requireCall(): RTCPeerConnection {
  if (peerConnection === null || !inCall) {
    throw new LabProblem(t.perfect.noCall);
  }
  return peerConnection;
}

function requireCameraSending(): RTCRtpTransceiver {
  requireCall();
  if (cameraTransceiver?.direction !== "sendrecv") throw new LabProblem(t.perfect.cameraRemoved);
  return cameraTransceiver;
}

function setCallButtons(enabled: boolean): void {
  for (const button of [dom.buttons.cameraOff, dom.buttons.cameraRemove, dom.buttons.addCanvas, dom.buttons.shareScreen, dom.buttons.restartIce]) {
    button.disabled = !enabled;
  }
  dom.buttons.cameraOff.textContent = t.perfect.buttons.cameraOff;
  dom.buttons.cameraRemove.textContent = t.perfect.buttons.cameraRemove;
  if (!enabled) dom.chat.input.disabled = dom.chat.send.disabled = true;
}

function playVideo(element: HTMLVideoElement, stream: MediaStream | null): void {
  element.srcObject = stream;
  // play() as well as autoplay: Chromium pauses a muted video that only autoplays while it is
  // scrolled out of view, and then a canvas that draws it (the second video) shows a still picture.
  if (stream !== null) element.play().catch(() => {}); // rejects only when a newer stream replaced this one
}

/** The call is over: drop the connection, keep the relay and the camera. */
function endCall(): void {
  const pc = peerConnection;
  peerConnection = null;
  negotiation = null;
  chat = null; // first, so its close event is not taken for the other peer hanging up
  inCall = false;
  cameraTransceiver = secondTransceiver = null;
  remoteCameraStreamId = null;
  secondVideo?.stop();
  secondVideo = null;
  relay?.dropWaiting(); // an offer or candidates of this call still waiting for a listener
  pc?.close();
  for (const video of [dom.videos.remote, dom.videos.local2, dom.videos.remote2]) playVideo(video, null);
  setCallButtons(false);
}

/** Back to the start: no relay connection, no call, camera off. */
async function hangUp(): Promise<void> {
  const oldRelay = relay;
  relay = null;
  window.clearTimeout(turnRenewal);
  endCall();
  for (const track of camera?.getTracks() ?? []) track.stop();
  camera = null;
  playVideo(dom.videos.local, null);
  await oldRelay?.close();
}
