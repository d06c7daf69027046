/**
 * Lab 02: the chapter's client. The SDP travels through a WebSocket relay
 * instead of copy and paste. ICE is "vanilla": each side sends its description
 * once gathering is complete, with every candidate already inside it.
 *
 * Read it top to bottom: settings, Prepare, Connect, then what happens when the
 * relay delivers a message. panel.ts only displays what happens.
 */
import type { RelayNotice, SessionDescriptionMessage } from "../../server/protocol.ts";
import * as panel from "./panel.ts";
import { LabProblem } from "./panel.ts";

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
  },
};

// Settings, from this page's URL.
const params = new URLSearchParams(location.search);
const ROOM = params.get("room") ?? "default";
// The relay: plain ws on the chapter's port 3000 (vite.config.ts passes in
// RELAY_WS_PORT if you changed it), on the host that served this page.
// ?relay=ws://host:port points elsewhere, e.g. at a relay that is not running.
declare const __RELAY_WS_PORT__: number;
const relayUrl = new URL(params.get("relay") ?? `ws://${location.hostname}:${__RELAY_WS_PORT__}/`);
relayUrl.search = location.search; // the relay reads the room (and its test knobs) from it
const RELAY_URL = relayUrl.href;
// The chapter uses no STUN server: on one machine or one LAN, host candidates
// are enough. ?stun=stun:host:port adds one, to see what it changes.
const ICE_SERVERS: RTCIceServer[] = params.getAll("stun").map((urls) => ({ urls }));

document.getElementById("room_name")!.textContent = ROOM;
document.getElementById("relay_url")!.textContent = RELAY_URL;

let server: WebSocket | null = null;
let peerConnection: RTCPeerConnection | null = null;
/** What Prepare started. Connect and incoming offers wait for it (the chapter did not). */
let prepared: Promise<boolean> | null = null;
/** Members of the room besides this tab, as the relay last told us. */
let othersInRoom = 0;
/** Called by the relay's "joined" notice: only then does this tab know who else is in the room. */
let onJoined = () => {};
function showPeersInRoom(peers: number): void {
  othersInRoom = peers - 1;
  document.getElementById("peers_in_room")!.textContent = `${peers} here`;
}

dom.buttons.prepare.addEventListener("click", () => {
  dom.buttons.prepare.disabled = true; // one Prepare at a time: a double click must not start two
  prepared = prepare().finally(() => (dom.buttons.prepare.disabled = false));
});
dom.buttons.connect.addEventListener("click", () => {
  connect().catch(panel.report);
});

// Prepare = connect to the relay, create the RTCPeerConnection, turn the camera on.
async function prepare(): Promise<boolean> {
  await hangUp();
  panel.clearMessages();
  panel.resetTimeline();
  const pc = prepareRTCPeerConnection();
  try {
    await Promise.all([prepareWebSocket(), wakeupVideo(pc)]);
    panel.log("prepared: in the room, camera on");
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
    if (pc.connectionState === "failed") {
      panel.showError(
        "ICE failed: the two browsers found no network path to each other.",
        "On two devices, check they are on the same LAN; click Prepare in both tabs to try again.",
      );
    }
  };
  return pc;
}

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
      panel.log(`relay open: ${RELAY_URL}`);
    };
    socket.onmessage = (event) => onMessage(event.data);
    socket.onclose = (event) => {
      if (socket !== server) return; // an old socket this tab closed itself
      if (!opened) {
        reject(
          new LabProblem(
            `Cannot reach the relay at ${relayUrl.origin}.`,
            "Is it running? Start it with `npm start`, then click Prepare again.",
          ),
        );
      } else if (!joined) {
        // The relay refused this tab, and its error notice (in the log) said why.
        reject(
          new LabProblem(
            `The relay did not let this tab into room "${ROOM}" (${event.reason || `code ${event.code}`}).`,
            "A room holds two tabs: close the others in it, or use another ?room=, then click Prepare again.",
          ),
        );
      } else if (event.code < 4000) {
        // 4xxx closes come with an error message from the relay, already shown.
        panel.showError(
          `The relay closed the connection (code ${event.code}).`,
          "A call that is already connected goes on: the video does not pass through the relay. " +
            "For a new call, check that `npm start` is running, then click Prepare.",
        );
      }
    };
  });
}

async function wakeupVideo(pc: RTCPeerConnection): Promise<void> {
  const stream = await getCamera();
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  playVideo(dom.videos.local, stream);
}

async function getCamera(): Promise<MediaStream> {
  if (!navigator.mediaDevices) {
    throw new LabProblem(
      "This page cannot use the camera: browsers allow it only on https:// or localhost.",
      "Open the lab through its https:// URL.",
    );
  }
  try {
    return await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
  } catch (error) {
    const name = error instanceof DOMException ? error.name : "";
    if (name === "NotAllowedError") {
      throw new LabProblem("The camera was refused.", "Allow it for this site (the icon in the address bar), then click Prepare again.");
    }
    if (name === "NotFoundError") {
      throw new LabProblem("No camera was found.", "Connect one (or use Chromium's fake camera flags), then click Prepare again.");
    }
    throw new LabProblem(`The camera could not start (${name || String(error)}).`, "Close other apps using it, then click Prepare again.");
  }
}

// Connect = create the offer. With vanilla ICE nothing is sent yet: see onIceCandidate.
async function connect(): Promise<void> {
  if (prepared === null) {
    throw new LabProblem("Connect needs Prepare first.", "Click Prepare in both tabs, then Connect in one.");
  }
  if (!(await prepared)) return; // Prepare failed and said why
  const pc = peerConnection;
  if (pc === null) throw new LabProblem("The call has ended.", "Click Prepare to start a new one.");
  if (server?.readyState !== WebSocket.OPEN) {
    throw new LabProblem("This tab has no open connection to the relay.", "Click Prepare (again), then Connect.");
  }
  if (othersInRoom === 0) {
    throw new LabProblem(
      `Nobody else is in room "${ROOM}" yet, so the offer would reach no one.`,
      "Open this page with the same ?room= in another tab (or device), click Prepare there, then Connect here.",
    );
  }
  panel.mark("connect-clicked");
  await createOffer(pc);
}

async function createOffer(pc: RTCPeerConnection): Promise<void> {
  const offer = await pc.createOffer();
  panel.mark("offer-created");
  await pc.setLocalDescription(offer);
  panel.mark("local-description-set");
}

async function createAnswer(pc: RTCPeerConnection): Promise<void> {
  const answer = await pc.createAnswer();
  panel.mark("answer-created");
  await pc.setLocalDescription(answer);
  panel.mark("local-description-set");
}

function onIceCandidate(pc: RTCPeerConnection, event: RTCPeerConnectionIceEvent): void {
  // Vanilla ICE: each candidate is already written into localDescription.
  // `null` means gathering is complete: now the description is worth sending.
  if (event.candidate !== null) return;
  if (pc.localDescription) sendSessionDescription(pc.localDescription);
}

function sendSessionDescription(description: RTCSessionDescription): void {
  const message: SessionDescriptionMessage = {
    type: description.type as SessionDescriptionMessage["type"],
    sdp: description.sdp,
  };
  if (server?.readyState !== WebSocket.OPEN) {
    panel.showError(`Cannot send the ${message.type}: the relay connection is not open.`, "Click Prepare to reconnect.");
    return;
  }
  server.send(JSON.stringify(message));
  dom.sdp.send.value = description.sdp;
  panel.mark(`${message.type}-sent` as const);
}

// Messages from the relay are handled one at a time, in the order they came
// (the chapter did not wait, so an answer could race its own offer).
let inbox = Promise.resolve();
function onMessage(data: unknown): void {
  inbox = inbox.then(() => handleMessage(data)).catch(panel.report);
}

type IncomingMessage = SessionDescriptionMessage | RelayNotice;

async function handleMessage(data: unknown): Promise<void> {
  const message = parseMessage(data);
  switch (message.type) {
    case "joined":
      showPeersInRoom(message.peers);
      panel.log(`joined room "${message.room}": ${othersInRoom} other peer(s) here`);
      onJoined();
      return;
    case "peer-joined":
      showPeersInRoom(message.peers);
      panel.log("another peer joined the room");
      return;
    case "peer-left":
      showPeersInRoom(message.peers);
      endCall();
      panel.showNotice("The other peer left. Click Prepare (in both tabs) to start a new call.");
      return;
    case "error":
      panel.showError(`The relay says: ${message.message} (${message.code})`);
      return;
    case "offer":
      return receiveOffer(message);
    case "answer":
      return receiveAnswer(message);
    default:
      panel.log(`ignored a message of type "${(message as { type: string }).type}"`);
  }
}

function parseMessage(data: unknown): IncomingMessage {
  let message: { type?: unknown; sdp?: unknown } | undefined;
  try {
    message = JSON.parse(String(data));
  } catch {
    // not JSON: reported below
  }
  const isSessionDescription = message?.type === "offer" || message?.type === "answer";
  if (typeof message?.type !== "string" || (isSessionDescription && typeof message.sdp !== "string")) {
    throw new LabProblem(
      `The relay delivered a malformed message: ${String(data).slice(0, 80)}`,
      'It was ignored. A message is JSON with a "type"; an offer or an answer also carries its "sdp" text.',
    );
  }
  return message as IncomingMessage;
}

async function receiveOffer(offer: SessionDescriptionMessage): Promise<void> {
  // Answer only once our own camera is on, or the answer would carry no video.
  if (prepared === null || !(await prepared)) return; // Prepare failed and said why
  const pc = peerConnection;
  if (pc === null) {
    throw new LabProblem("An offer arrived, but this tab has no call ready to answer it.", "Click Prepare here, then Connect in the other tab.");
  }
  await receiveSessionDescription(pc, offer);
  await createAnswer(pc);
}

async function receiveAnswer(answer: SessionDescriptionMessage): Promise<void> {
  const pc = peerConnection;
  if (pc?.signalingState !== "have-local-offer") {
    panel.log("ignored an answer: this tab has no offer waiting for one");
    return;
  }
  await receiveSessionDescription(pc, answer);
}

async function receiveSessionDescription(pc: RTCPeerConnection, description: SessionDescriptionMessage): Promise<void> {
  panel.mark(`${description.type}-received` as const);
  dom.sdp.recv.value = description.sdp;
  try {
    await pc.setRemoteDescription(description);
  } catch (error) {
    throw new LabProblem(
      `The browser rejected the ${description.type} that came through the relay: ${error instanceof Error ? error.message : String(error)}`,
      "Whoever sent it must send the whole SDP, as createOffer/createAnswer made it. Click Prepare in both tabs to start over.",
    );
  }
}

function playVideo(element: HTMLVideoElement, stream: MediaStream): void {
  element.srcObject = stream; // autoplay + muted (index.html) start it
}

/** The other side left: drop the call, keep the relay so we hear when someone comes back. */
function endCall(): void {
  peerConnection?.close();
  peerConnection = null;
  dom.videos.remote.srcObject = null;
}

/** Back to the start: no relay connection, no call, camera off. */
async function hangUp(): Promise<void> {
  const socket = server;
  server = null; // first, so its close event is not reported as a failure
  endCall();
  const camera = dom.videos.local.srcObject as MediaStream | null;
  for (const track of camera?.getTracks() ?? []) track.stop();
  dom.videos.local.srcObject = null;
  // Wait until the old connection is closed: until then the relay counts this
  // tab twice, and would tell the new connection that the old one left.
  if (socket !== null && socket.readyState !== WebSocket.CLOSED) {
    const closed = new Promise((resolve) => socket.addEventListener("close", resolve, { once: true }));
    socket.close();
    await closed;
  }
}
