/**
 * Lab 05: the chapter's open exercise, a call of three or four people.
 *
 * Every tab keeps one RTCPeerConnection per other tab in the room: a "full
 * mesh". Signaling is lab 04's (wss, trickle ICE, early candidates queued until
 * the description they belong to is set), once per peer, plus two things the
 * relay does not do for us:
 *  - addressing: each tab makes up an id, and every message says `from` whom
 *    and (offer, answer, candidate) `to` whom. The relay still hands every
 *    message to everyone in the room; a tab ignores what is not for it.
 *  - who is there: the relay only counts ("3 here"). Whenever the count
 *    changes, every tab says "here" with its id. That is how tabs meet, and a
 *    known peer that stays silent after a change is one that left.
 *
 * Read it top to bottom: settings, Prepare, the roll call, one connection per
 * peer, then what happens when the relay delivers a message. panel.ts only
 * displays what happens; ../shared/advice.ts holds the camera, the room name
 * and the parsing of a message, the same in every lab, and
 * ../shared/messages.ts what the page says, in English and Japanese.
 */
import { RELAY_NOTICE_TYPES, type CandidateMessage, type RelayNotice, type SessionDescriptionMessage } from "../../server/protocol.ts";
import { advice, getCamera, parseMessage, roomOf } from "../shared/advice.ts";
import { showBotHint } from "../shared/bot-hint.ts";
import { t } from "../shared/language.ts";
import * as panel from "./panel.ts";
import { LabProblem } from "./panel.ts";

// The page, with the chapter's ids. There is one remote video per peer: remote_video_<peer id>.
const dom = {
  videos: {
    local: document.getElementById("local_video") as HTMLVideoElement,
    all: document.getElementById("videos") as HTMLElement,
  },
  sdp: {
    send: document.getElementById("text_for_send_sdp") as HTMLTextAreaElement,
    sentTo: document.getElementById("sdp_sent_to") as HTMLElement,
    recv: document.getElementById("text_for_recv_sdp") as HTMLTextAreaElement,
    receivedFrom: document.getElementById("sdp_received_from") as HTMLElement,
  },
  buttons: {
    prepare: document.getElementById("prepare") as HTMLButtonElement,
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
// A room holds two unless its first member asks for more: this lab asks for 4
// (?size= up to 8 for a bigger mesh; the first tab in a room decides).
relayUrl.searchParams.set("size", params.get("size") ?? "4");
const RELAY_URL = relayUrl.href;
// The same host and port over https: opening it in a tab is how to accept the certificate.
const RELAY_CERT_PAGE = `https://${relayUrl.host}/`;
// The chapter uses no STUN server: on one machine or one LAN, host candidates
// are enough. ?stun=stun:host:port adds one, to see what it changes.
const ICE_SERVERS: RTCIceServer[] = params.getAll("stun").map((urls) => ({ urls }));
// Each tab sends its camera once per peer (n-1 times), so it asks for a modest picture.
const CAMERA: MediaTrackConstraints = { width: { ideal: 320 }, height: { ideal: 240 }, frameRate: { ideal: 15 } };

document.getElementById("room_name")!.textContent = ROOM;
document.getElementById("relay_url")!.textContent = RELAY_URL;
showBotHint(ROOM); // "Alone?": the command that calls the echo bot into this room

/** Everything this tab has for one other peer in the room. */
interface Peer {
  id: string;
  pc: RTCPeerConnection;
  /** Whether this tab sends the offer on this connection (see weOffer). */
  weOffer: boolean;
  /** Its figure, with <video id="remote_video_<id>">. */
  tile: HTMLElement;
  /** Its candidates that came before its description (see receiveCandidate). */
  queuedCandidates: CandidateMessage["ice"][];
}

let server: WebSocket | null = null;
let localStream: MediaStream | null = null;
/** This tab's id in the room, new at each Prepare (see newPeerId). */
let myId = "";
/** The other peers in the room, by id: one RTCPeerConnection and one tile each. */
const peers = new Map<string, Peer>();

dom.buttons.prepare.addEventListener("click", () => {
  dom.buttons.prepare.disabled = true; // one Prepare at a time: a double click must not start two
  prepare().finally(() => (dom.buttons.prepare.disabled = false));
});

// Prepare = turn the camera on, then join the room. There is no Connect: in a
// mesh everyone calls everyone as they meet, and weOffer decides who dials.
// The camera comes first, so every connection this tab makes has video to send.
async function prepare(): Promise<void> {
  await hangUp();
  panel.clearMessages();
  try {
    localStream = await wakeupVideo();
    myId = newPeerId();
    document.getElementById("my_id")!.textContent = myId;
    await prepareWebSocket();
    panel.log(t.mesh.prepared(myId));
  } catch (error) {
    await hangUp(); // camera off, out of the room: nothing half-prepared stays behind
    panel.report(error);
  }
}

/** A new id per Prepare. It starts with the time, so a later tab has a larger id (see weOffer). */
function newPeerId(): string {
  const time = Date.now().toString(36); // 8 characters until the year 2059
  const random = crypto.randomUUID().slice(0, 4); // two tabs in the same millisecond still differ
  return `${time}-${random}`;
}

/** Called by the relay's "joined" notice: only then is this tab in the room. */
let onJoined = () => {};

/** Resolves once the relay has put this tab in its room; rejects with advice if it cannot. */
function prepareWebSocket(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(RELAY_URL);
    server = socket;
    panel.watchWebSocket(socket);
    let opened = false;
    let joined = false;
    onJoined = () => {
      joined = true;
      resolve();
    };
    socket.onopen = () => {
      opened = true;
      panel.log(t.log.relayOpen(RELAY_URL));
    };
    socket.onmessage = (event) => onMessage(socket, event.data);
    socket.onclose = (event) => {
      if (socket !== server) return; // an old socket this tab closed itself
      if (!opened) {
        // A refused certificate and a relay that is down look the same here
        // (close code 1006, no detail), so the advice covers both.
        reject(advice.relayDownOrUntrusted(relayUrl.origin, `code ${event.code}`, RELAY_CERT_PAGE));
      } else if (!joined) {
        // The relay refused this tab, and its error notice (in the log) said why.
        reject(advice.notLetIn(ROOM, event.reason || `code ${event.code}`));
      } else if (event.code < 4000) {
        // 4xxx closes come with an error message from the relay, already shown.
        panel.showError(t.mesh.relayClosed(event.code));
      }
    };
  });
}

async function wakeupVideo(): Promise<MediaStream> {
  const stream = await getCamera(CAMERA);
  playVideo(dom.videos.local, stream);
  return stream;
}

// --- The roll call: who is in the room -------------------------------------
// The relay says how many are in the room, never who. So on every change
// (joined, peer-joined, peer-left) each tab says "here" with its id. Two
// promises of the relay make that enough:
//  - it delivers what it forwards in the order it forwards it, notices included;
//  - it announces that someone left only after the last message from that peer.
// So whoever this tab hears from after the latest change is still in the room.
// Once as many peers have spoken as the room holds, a known peer that stayed
// silent has left. No timer, no guessing, and it works when a tab crashes or
// its network drops (the relay notices the dead socket, then says peer-left).
let peersInRoom = 0;
let heardSinceChange = new Set<string>();

type RoomChange = Extract<RelayNotice, { type: "joined" | "peer-joined" | "peer-left" }>;

function onRoomChanged(notice: RoomChange): void {
  peersInRoom = notice.peers;
  document.getElementById("peers_in_room")!.textContent = t.page.here(notice.peers);
  panel.log(notice.type === "joined" ? t.mesh.joined(notice.room, notice.peers) : t.mesh.roomChanged(notice.type, notice.peers));
  heardSinceChange = new Set();
  send({ type: "here", from: myId });
  dropPeersThatLeft(); // alone in the room: there is nobody to wait for
  if (notice.type === "joined") {
    panel.showTestKnobs(notice.knobs);
    onJoined();
  }
}

function heardFrom(id: string): void {
  heardSinceChange.add(id);
  dropPeersThatLeft();
}

function dropPeersThatLeft(): void {
  if (heardSinceChange.size < peersInRoom - 1) return; // someone has not spoken yet
  for (const peer of peers.values()) {
    if (heardSinceChange.has(peer.id)) continue;
    closePeer(peer);
    panel.showNotice(t.mesh.left(peer.id));
  }
}

// --- One RTCPeerConnection per peer ------------------------------------------

/**
 * The first message from an id this tab does not know (normally its "here")
 * is a new peer: a new connection and a new tile. One of the two sends the offer.
 */
async function meet(id: string): Promise<Peer> {
  const known = peers.get(id);
  if (known) return known;
  const peer = prepareRTCPeerConnection(id);
  panel.log(t.mesh.met(id, peer.weOffer));
  if (peer.weOffer) await createOffer(peer);
  return peer;
}

// Who offers? Both ends must reach the same answer without asking, or both
// offer at once ("glare") and neither offer can be answered. So each compares
// the two ids, and the larger one offers. Ids start with the time of Prepare,
// so the newcomer offers to everyone already there; when two tabs join in the
// same instant, the comparison still picks exactly one of them.
function weOffer(otherId: string): boolean {
  return myId > otherId;
}

function prepareRTCPeerConnection(id: string): Peer {
  const stream = localStream;
  if (stream === null) throw new LabProblem(t.mesh.cameraOff);
  const pc = new RTCPeerConnection({ iceServers: ICE_SERVERS });
  const peer: Peer = { id, pc, weOffer: weOffer(id), tile: addRemoteTile(id), queuedCandidates: [] };
  peers.set(id, peer);
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  pc.ontrack = (event) => playVideo(remoteVideoOf(peer), event.streams[0]!);
  pc.onicecandidate = (event) => onIceCandidate(peer, event);
  pc.onconnectionstatechange = () => {
    // Failed after ICE connected: DTLS refused the certificate (panel.ts says what that means).
    if (pc.connectionState === "failed" && panel.failedAtDtls(pc)) return panel.report(panel.sdpChangedOnTheWay(id));
    if (pc.connectionState === "failed") panel.showError(t.mesh.iceFailed(id));
  };
  panel.watchPeerConnection(id, pc, peer.weOffer ? "we offer" : "they offer");
  return peer;
}

async function createOffer(peer: Peer): Promise<void> {
  const offer = await peer.pc.createOffer();
  await peer.pc.setLocalDescription(offer);
  sendSessionDescription(peer, offer); // trickle: no waiting for gathering
}

async function createAnswer(peer: Peer): Promise<void> {
  const answer = await peer.pc.createAnswer();
  await peer.pc.setLocalDescription(answer);
  sendSessionDescription(peer, answer);
}

function onIceCandidate(peer: Peer, event: RTCPeerConnectionIceEvent): void {
  // Trickle ICE: each candidate goes to that peer as soon as it is found.
  // `null` means gathering is complete; the peer is told that too.
  if (event.candidate) panel.countCandidate(peer.id, "sent");
  send({ type: "candidate", ice: event.candidate, from: myId, to: peer.id }); // JSON.stringify calls toJSON()
}

function sendSessionDescription(peer: Peer, description: RTCSessionDescriptionInit): void {
  const type = description.type as SessionDescriptionMessage["type"];
  const sdp = description.sdp ?? "";
  send({ type, sdp, from: myId, to: peer.id });
  dom.sdp.send.value = sdp; // no a=candidate lines yet: they travel on their own
  dom.sdp.sentTo.textContent = t.mesh.sentTo(type, peer.id);
}

// --- Messages ------------------------------------------------------------------

/** What the tabs send each other: "here", and the chapter's messages with an address. */
type Here = { type: "here"; from: string };
type Addressed<Message> = Message & { from: string; to: string };
type MeshMessage = Here | Addressed<SessionDescriptionMessage> | Addressed<CandidateMessage>;

function send(message: MeshMessage): void {
  if (server?.readyState !== WebSocket.OPEN) return panel.report(advice.cannotSend(message.type));
  server.send(JSON.stringify(message));
  panel.logMessage("sent", message);
}

// Messages from the relay are handled one at a time, in the order they came:
// the roll call depends on that order, and so does each connection's signaling.
let inbox = Promise.resolve();
function onMessage(socket: WebSocket, data: unknown): void {
  const stillThere = () => socket === server; // not if Prepare was clicked again since
  inbox = inbox.then(() => (stillThere() ? handleMessage(data) : undefined)).catch(panel.report);
}

async function handleMessage(data: unknown): Promise<void> {
  const message = parseMeshMessage(data);
  switch (message.type) {
    case "joined":
    case "peer-joined":
    case "peer-left":
      return onRoomChanged(message);
    case "error":
      panel.report(advice.relaySays(message.message, message.code));
      return;
  }

  heardFrom(message.from); // any message at all proves its sender is still in the room
  if (message.type !== "here" && message.to !== myId) return; // addressed to another peer
  panel.logMessage("received", message);
  const peer = await meet(message.from);
  switch (message.type) {
    case "offer":
      return receiveOffer(peer, message);
    case "answer":
      return receiveAnswer(peer, message);
    case "candidate":
      return receiveCandidate(peer, message);
  }
}

/** A notice of the relay's, or a message from another tab: it says "from" whom and (but for "here") "to" whom. */
function parseMeshMessage(data: unknown): MeshMessage | RelayNotice {
  const message = parseMessage(data); // JSON, with a "type", and an "sdp" on an offer or an answer
  if (RELAY_NOTICE_TYPES.has(message.type)) return message as RelayNotice;
  const { type, from, to } = message as { type: string; from?: unknown; to?: unknown };
  const addressed = typeof to === "string" && ["offer", "answer", "candidate"].includes(type);
  if (typeof from !== "string" || !(type === "here" || addressed)) {
    throw new LabProblem(t.mesh.notUnderstood(String(data).slice(0, 80)));
  }
  return message as MeshMessage;
}

async function receiveOffer(peer: Peer, offer: SessionDescriptionMessage): Promise<void> {
  if (peer.weOffer) {
    panel.log(t.mesh.ignoredOffer(peer.id));
    return;
  }
  await receiveSessionDescription(peer, offer);
  await createAnswer(peer);
}

async function receiveAnswer(peer: Peer, answer: SessionDescriptionMessage): Promise<void> {
  if (peer.pc.signalingState !== "have-local-offer") {
    panel.log(t.mesh.ignoredAnswer(peer.id));
    return;
  }
  await receiveSessionDescription(peer, answer);
}

async function receiveSessionDescription(peer: Peer, description: SessionDescriptionMessage): Promise<void> {
  dom.sdp.recv.value = description.sdp;
  dom.sdp.receivedFrom.textContent = t.mesh.receivedFrom(description.type, peer.id);
  try {
    await peer.pc.setRemoteDescription({ type: description.type, sdp: description.sdp });
  } catch (error) {
    throw new LabProblem(t.mesh.rejected(description.type, peer.id, panel.errorText(error)));
  }
  await addQueuedCandidates(peer);
}

// Candidates can arrive before the description they belong to (lab 04 shows
// why), and addIceCandidate before setRemoteDescription throws. In a mesh the
// wait is per peer: each connection has its own queue, filled and emptied on
// its own, while the others go on.
async function receiveCandidate(peer: Peer, message: CandidateMessage): Promise<void> {
  if (message.ice) panel.countCandidate(peer.id, "received");
  if (peer.pc.remoteDescription === null) {
    peer.queuedCandidates.push(message.ice);
    if (message.ice) panel.countCandidate(peer.id, "queued");
    panel.log(t.mesh.queuedCandidate(peer.id, peer.queuedCandidates.length));
    return;
  }
  await addIceCandidate(peer, message.ice);
}

async function addQueuedCandidates(peer: Peer): Promise<void> {
  const queued = peer.queuedCandidates;
  peer.queuedCandidates = [];
  if (queued.length > 0) panel.log(t.mesh.addingQueued(peer.id, queued.length));
  for (const ice of queued) await addIceCandidate(peer, ice);
}

/** A candidate that ICE refuses is shown, and the call goes on with the others. */
async function addIceCandidate(peer: Peer, ice: CandidateMessage["ice"]): Promise<void> {
  try {
    if (ice === null) {
      await peer.pc.addIceCandidate(); // no candidate: "end of candidates" from that peer
      panel.log(t.mesh.noMoreCandidates(peer.id));
      return;
    }
    await peer.pc.addIceCandidate(ice);
  } catch (error) {
    panel.showError(t.mesh.candidateRefused(peer.id, panel.errorText(error), ice?.candidate ?? t.log.endOfCandidates));
  }
}

// --- Tiles, and the end of a call ---------------------------------------------

/** A figure with <video id="remote_video_<peer id>">, next to local_video. */
function addRemoteTile(id: string): HTMLElement {
  const figure = document.createElement("figure");
  figure.dataset.peer = id;
  const video = document.createElement("video");
  video.id = `remote_video_${id}`;
  video.autoplay = video.playsInline = video.muted = true;
  const caption = document.createElement("figcaption");
  caption.textContent = `remote_video_${id}`;
  figure.append(video, caption);
  dom.videos.all.append(figure);
  return figure;
}

function remoteVideoOf(peer: Peer): HTMLVideoElement {
  return peer.tile.querySelector("video")!;
}

function playVideo(element: HTMLVideoElement, stream: MediaStream): void {
  element.srcObject = stream; // autoplay + muted start it
}

/** The call with one peer ends: its connection, its tile and its panel row go. */
function closePeer(peer: Peer): void {
  peer.pc.close();
  peers.delete(peer.id);
  peer.tile.remove();
  panel.forgetPeer(peer.id);
}

/** Back to the start: no relay connection, no calls, camera off. */
async function hangUp(): Promise<void> {
  const socket = server;
  server = null; // first, so its close event is not reported as a failure
  for (const peer of peers.values()) closePeer(peer);
  peersInRoom = 0;
  for (const track of localStream?.getTracks() ?? []) track.stop();
  localStream = null;
  dom.videos.local.srcObject = null;
  // Wait until the old connection is closed: until then the relay counts this
  // tab twice (a full room would refuse the new connection), and the others
  // would meet the new id before they notice that the old one left.
  if (socket !== null && socket.readyState !== WebSocket.CLOSED) {
    const closed = new Promise((resolve) => socket.addEventListener("close", resolve, { once: true }));
    socket.close();
    await closed;
  }
}
