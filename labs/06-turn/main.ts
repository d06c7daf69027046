/**
 * Lab 06: lab 04 through a TURN server, as across NATs and firewalls. The relay
 * hands this tab a TURN server (coturn, started by `npm start`) with credentials
 * that expire, in its "joined" notice; the RTCPeerConnection is built from them.
 * TURN adds "relay" candidates: addresses on the TURN server, which forwards the
 * media when the two browsers cannot reach each other directly.
 * ?policy=relay allows only those (how to see TURN work on one machine), and
 * ?transport=tcp reaches the TURN server over TCP only (networks that block UDP).
 *
 * Read it top to bottom: settings, Prepare, Connect, then what happens when the
 * relay delivers a message. The panel (../shared/panel.ts) only displays what
 * happens; ../shared/advice.ts holds the camera, the message parsing and what
 * to say when something goes wrong (in each language: ../shared/messages.ts).
 */
import type { CandidateMessage, RelayNotice, SessionDescriptionMessage } from "../../server/protocol.ts";
import { advice, getCamera, parseMessage, roomOf } from "../shared/advice.ts";
import { showBotHint } from "../shared/bot-hint.ts";
import { t } from "../shared/language.ts";
import * as panel from "./panel.ts";

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
// ?stun=stun:host:port adds a STUN server, as in lab 04. The TURN server comes from the relay (onJoined).
const STUN_SERVERS: RTCIceServer[] = params.getAll("stun").map((urls) => ({ urls }));
// ?policy=relay: only relay candidates, so every packet goes through TURN even where a
// direct path exists (on one machine, that is the only way to see TURN at work).
const ICE_TRANSPORT_POLICY: RTCIceTransportPolicy = params.get("policy") === "relay" ? "relay" : "all";
// ?transport=tcp: only the TURN-over-TCP URL, as behind a firewall that blocks UDP.
// (?transport=udp: only the UDP one. With both, ICE may settle on whichever connects first.)
const TURN_TRANSPORT = ["udp", "tcp"].includes(params.get("transport") ?? "") ? params.get("transport") : "any";

document.getElementById("room_name")!.textContent = ROOM;
document.getElementById("relay_url")!.textContent = RELAY_URL;
showBotHint(ROOM); // "Alone?": the command that calls the echo bot into this room

let server: WebSocket | null = null;
let peerConnection: RTCPeerConnection | null = null;
/** What Prepare started. Connect and incoming offers wait for it (the chapter did not). */
let prepared: Promise<boolean> | null = null;
/**
 * True while this tab makes its offer (createOffer, then setLocalDescription):
 * signalingState still says "stable" meanwhile, yet an offer from the other tab
 * that arrives now has crossed ours all the same (lab 07 keeps the same flag).
 */
let makingOffer = false;
/** Members of the room besides this tab, as the relay last told us. */
let othersInRoom = 0;
/** Called by the relay's "joined" notice: only then does this tab know who else is in the room, and its TURN server. */
let onJoined = (_joined: JoinedNotice) => {};
function showPeersInRoom(peers: number): void {
  othersInRoom = peers - 1;
  document.getElementById("peers_in_room")!.textContent = t.page.here(peers);
}

dom.buttons.prepare.addEventListener("click", () => {
  dom.buttons.prepare.disabled = true; // one Prepare at a time: a double click must not start two
  prepared = prepare().finally(() => (dom.buttons.prepare.disabled = false));
});
dom.buttons.connect.addEventListener("click", () => {
  connect().catch(panel.report);
});

// Prepare = connect to the relay (which gives us the TURN server) and turn the camera on,
// then create the RTCPeerConnection with that TURN server.
async function prepare(): Promise<boolean> {
  await hangUp();
  panel.clearMessages();
  panel.resetTimeline();
  const [joined, camera] = await Promise.allSettled([prepareWebSocket(), wakeupVideo()]);
  if (joined.status === "rejected" || camera.status === "rejected") {
    await hangUp(); // leave the room, camera off: the other tab must not wait for a tab that cannot call
    panel.report(joined.status === "rejected" ? joined.reason : (camera as PromiseRejectedResult).reason);
    return false;
  }
  const pc = prepareRTCPeerConnection(iceServersFrom(joined.value));
  for (const track of camera.value.getTracks()) pc.addTrack(track, camera.value);
  panel.log(t.log.prepared);
  return true;
}

/**
 * The relay's TURN server with this tab's credentials, filtered by ?transport=, plus any ?stun=.
 * Without TURN the call can still connect directly (but not with ?policy=relay): the page says why.
 */
function iceServersFrom(joined: JoinedNotice): RTCIceServer[] {
  if (joined.turn === undefined) {
    panel.showError(t.turn.noTurnServer);
    return STUN_SERVERS;
  }
  panel.showTurn(joined.turn);
  if (!joined.turn.running) {
    panel.showError(t.turn.turnNotRunning(joined.turn.why));
    return STUN_SERVERS;
  }
  const turnServers = (joined.iceServers ?? []).map((server) => ({
    ...server,
    urls: server.urls.filter((url) => TURN_TRANSPORT === "any" || url.endsWith(`transport=${TURN_TRANSPORT}`)),
  }));
  for (const server of turnServers) panel.log(t.log.turnServer(server.urls.join(", "), server.username));
  return [...STUN_SERVERS, ...turnServers];
}

function prepareRTCPeerConnection(iceServers: RTCIceServer[]): RTCPeerConnection {
  const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: ICE_TRANSPORT_POLICY });
  peerConnection = pc;
  panel.watchPeerConnection(pc, dom.videos.remote); // first, so the panel sees each event before we act on it
  pc.ontrack = (event) => playVideo(dom.videos.remote, event.streams[0]!);
  pc.onicecandidate = (event) => onIceCandidate(event);
  pc.onicecandidateerror = (event) => onIceCandidateError(event as RTCPeerConnectionIceErrorEvent);
  pc.onicegatheringstatechange = () => {
    // A TURN server that does not answer keeps gathering going for tens of seconds (UDP retries): judge sooner.
    if (pc.iceGatheringState === "gathering") relayCheck = window.setTimeout(() => checkRelayCandidates(pc, iceServers), RELAY_CANDIDATE_WAIT_MS);
    if (pc.iceGatheringState === "complete") checkRelayCandidates(pc, iceServers);
  };
  pc.onconnectionstatechange = () => {
    if (pc.connectionState !== "failed") return;
    // Failed after ICE connected: DTLS refused the certificate (panel.ts says what that means).
    if (panel.failedAtDtls(pc)) return panel.report(panel.sdpChangedOnTheWay());
    // Without a TURN server (the page said why) this is lab 04's failure: TURN is what is missing. With one, it failed too.
    if (turnUrlsOf(iceServers).length === 0) return panel.report(advice.iceFailed());
    panel.showError(t.turn.iceFailedThroughTurn);
  };
  return pc;
}

/**
 * The TURN server answered with an error, or could not be reached. Chromium reports each
 * failed try (one per local address and URL), so an error that another try made up for
 * is only logged: the verdict comes later (checkRelayCandidates).
 */
const turnErrors: RTCPeerConnectionIceErrorEvent[] = [];
/** On one machine a relay candidate comes within milliseconds; across the internet, well within a second or two. */
const RELAY_CANDIDATE_WAIT_MS = 5000;
let relayCheck: number | undefined;
/** Connections whose missing relay candidate has been explained: once each. */
const judged = new WeakSet<RTCPeerConnection>();

function onIceCandidateError(event: RTCPeerConnectionIceErrorEvent): void {
  turnErrors.push(event);
  panel.log(t.turn.candidateError(event.errorCode, event.url, event.errorText), "error");
}

/** Gathering is complete, or has gone on for a while: a TURN server was given, so there should be a relay candidate. If not, say why. */
function checkRelayCandidates(pc: RTCPeerConnection, iceServers: RTCIceServer[], { final = false } = {}): void {
  window.clearTimeout(relayCheck);
  const turnUrls = turnUrlsOf(iceServers);
  if (pc !== peerConnection || turnUrls.length === 0 || panel.relayCandidatesGathered() > 0 || judged.has(pc)) return;
  if (pc.iceConnectionState === "checking" && !final) {
    // A direct pair may be winning: Chromium stops gathering once ICE has picked one, and may say
    // "gathering complete" a moment before "connected". Judge at ICE's next state, or a while later.
    pc.addEventListener("iceconnectionstatechange", () => checkRelayCandidates(pc, iceServers, { final: true }), { once: true });
    relayCheck = window.setTimeout(() => checkRelayCandidates(pc, iceServers, { final: true }), RELAY_CANDIDATE_WAIT_MS);
    return;
  }
  judged.add(pc);
  const refused = turnErrors.find((event) => event.errorCode === 401);
  const otherError = turnErrors.find((event) => event.errorCode !== 701);
  const connected = pc.iceConnectionState === "connected" || pc.iceConnectionState === "completed";
  if (connected) {
    // Without ?policy=relay a direct pair can win before TURN has answered (Chromium then stops gathering),
    // or while TURN fails: the call works, so the event log says it and the page shows no error.
    const why = refused ?? otherError;
    panel.log(t.turn.connectedWithoutRelay(why ? `${why.errorCode} ${why.errorText}` : ""));
  } else if (refused) {
    panel.showError(t.turn.credentialsRefused(`${refused.errorCode} ${refused.errorText}`));
  } else if (otherError?.errorCode === 508) {
    panel.showError(t.turn.noPortLeft(`${otherError.errorCode} ${otherError.errorText}`));
  } else if (otherError) {
    panel.showError(t.turn.turnError(otherError.url, `${otherError.errorCode} ${otherError.errorText}`));
  } else {
    // No answer at all (a 701 from Chromium, or silence): nothing listens there, or a firewall drops the packets.
    panel.showError(t.turn.unreachable(turnUrls.join(t.turn.or)));
  }
}
function turnUrlsOf(iceServers: RTCIceServer[]): string[] {
  return iceServers.flatMap((server) => [server.urls].flat()).filter((url) => url.startsWith("turn"));
}

type JoinedNotice = Extract<RelayNotice, { type: "joined" }>;

/** Resolves with the relay's "joined" notice once it has put this tab in its room; rejects with advice if it cannot. */
function prepareWebSocket(): Promise<JoinedNotice> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(RELAY_URL);
    server = socket;
    panel.watchWebSocket(socket);
    let opened = false;
    let joined = false;
    onJoined = (notice) => {
      joined = true;
      resolve(notice);
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
        panel.report(advice.relayClosed(event.code));
      }
    };
  });
}

async function wakeupVideo(): Promise<MediaStream> {
  const stream = await getCamera();
  playVideo(dom.videos.local, stream);
  return stream;
}

// Connect = create the offer and send it at once; the candidates follow (onIceCandidate).
async function connect(): Promise<void> {
  if (prepared === null) throw advice.notPrepared();
  if (!(await prepared)) return; // Prepare failed and said why
  const pc = peerConnection;
  if (pc === null) throw advice.callEnded();
  if (server?.readyState !== WebSocket.OPEN) throw advice.noRelay();
  if (othersInRoom === 0) throw advice.nobodyElseIn(ROOM);
  if (callStarted()) {
    // Most often the other tab clicked Connect a moment earlier: its offer came first, and this tab answered it.
    return panel.showNotice(t.notice.alreadyInCall);
  }
  panel.mark("connect-clicked");
  await createOffer(pc);
}

async function createOffer(pc: RTCPeerConnection): Promise<void> {
  makingOffer = true;
  try {
    const offer = await pc.createOffer();
    panel.mark("offer-created");
    await pc.setLocalDescription(offer);
    panel.mark("local-description-set");
    sendSessionDescription(offer); // trickle: no waiting for gathering
  } finally {
    makingOffer = false;
  }
}

async function createAnswer(pc: RTCPeerConnection): Promise<void> {
  const answer = await pc.createAnswer();
  panel.mark("answer-created");
  await pc.setLocalDescription(answer);
  panel.mark("local-description-set");
  sendSessionDescription(answer);
}

function onIceCandidate(event: RTCPeerConnectionIceEvent): void {
  // Trickle ICE: each candidate goes to the other side as soon as it is found.
  // `null` means gathering is complete; the other side is told that too (the chapter kept quiet).
  sendCandidate(event.candidate);
}

function sendCandidate(ice: RTCIceCandidate | null): void {
  const message: CandidateMessage = { type: "candidate", ice }; // JSON.stringify calls ice.toJSON()
  if (server?.readyState !== WebSocket.OPEN) return panel.report(advice.cannotSend("candidate"));
  server.send(JSON.stringify(message));
  panel.mark("candidate-sent", ice === null ? t.log.endOfCandidates : undefined);
}

function sendSessionDescription(description: RTCSessionDescriptionInit): void {
  const message: SessionDescriptionMessage = {
    type: description.type as SessionDescriptionMessage["type"],
    sdp: description.sdp ?? "",
  };
  if (server?.readyState !== WebSocket.OPEN) return panel.report(advice.cannotSend(message.type));
  server.send(JSON.stringify(message));
  dom.sdp.send.value = message.sdp; // no a=candidate lines yet: they travel on their own
  panel.mark(`${message.type}-sent` as const);
}

// Messages from the relay are handled one at a time, in the order they came
// (the chapter did not wait, so an answer could race its own offer). A message
// still waiting its turn when Prepare replaced the socket belongs to the old
// call: it is dropped, and so is any problem it would cause.
let inbox = Promise.resolve();
function onMessage(socket: WebSocket, data: unknown): void {
  const stillThere = () => socket === server; // not if Prepare was clicked again since
  inbox = inbox
    .then(() => (stillThere() ? handleMessage(data) : panel.log(t.log.ignoredFromReplaced)))
    .catch((error: unknown) => (stillThere() ? panel.report(error) : undefined));
}

async function handleMessage(data: unknown): Promise<void> {
  const message = parseMessage(data);
  switch (message.type) {
    case "joined":
      showPeersInRoom(message.peers);
      panel.log(t.log.joined(message.room, othersInRoom));
      panel.showTestKnobs(message.knobs);
      onJoined(message);
      return;
    case "peer-joined":
      showPeersInRoom(message.peers);
      panel.log(t.log.peerJoined);
      return;
    case "peer-left":
      showPeersInRoom(message.peers);
      if (!callStarted()) return panel.log(t.log.peerLeftStillPrepared);
      endCall();
      panel.showNotice(t.notice.peerLeft);
      return;
    case "error":
      panel.report(advice.relaySays(message.message, message.code));
      return;
    case "offer":
      return receiveOffer(message);
    case "answer":
      return receiveAnswer(message);
    case "candidate":
      return receiveCandidate(message);
    default:
      panel.log(t.log.ignoredType((message as { type: string }).type));
  }
}

async function receiveOffer(offer: SessionDescriptionMessage): Promise<void> {
  // Answer only once our own camera is on, or the answer would carry no video.
  if (prepared === null || !(await prepared)) return; // Prepare failed and said why
  const pc = peerConnection;
  if (pc === null) throw advice.offerWithoutCall();
  // Both tabs clicked Connect ("glare"): this tab waits for an answer to its own
  // offer (or is still making it), and the other tab's offer comes instead.
  // Answering it would need this tab to take its own offer back, which this lab
  // does not do.
  if (makingOffer || pc.signalingState === "have-local-offer") throw advice.offersCrossed();
  await receiveSessionDescription(pc, offer);
  await createAnswer(pc);
}

async function receiveAnswer(answer: SessionDescriptionMessage): Promise<void> {
  const pc = peerConnection;
  if (pc?.signalingState !== "have-local-offer") {
    panel.log(t.log.ignoredAnswer);
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
    throw advice.descriptionRejected(description.type, error);
  }
  await addQueuedCandidates(pc);
}

// Candidates can arrive before the description they belong to: they are sent
// right behind it, and a relay that holds the SDP a little (open the page with
// ?delaySdpMs=800 to make ours do that) or a page that does not wait for
// setRemoteDescription (the chapter) is enough. addIceCandidate before
// setRemoteDescription throws ("The remote description was null"), so early
// candidates wait here.
let queuedCandidates: CandidateMessage["ice"][] = [];

async function receiveCandidate(message: CandidateMessage): Promise<void> {
  panel.mark("candidate-received", message.ice === null ? t.log.endOfCandidates : undefined);
  // The RTCPeerConnection is made only once the relay and the camera are ready: wait for it.
  if (prepared !== null) await prepared;
  const pc = peerConnection;
  if (pc === null) {
    panel.log(t.log.ignoredCandidate);
    return;
  }
  if (pc.remoteDescription === null) {
    queuedCandidates.push(message.ice);
    panel.log(t.log.queuedCandidate(queuedCandidates.length));
    return;
  }
  await addIceCandidate(pc, message.ice);
}

async function addQueuedCandidates(pc: RTCPeerConnection): Promise<void> {
  const queued = queuedCandidates;
  queuedCandidates = [];
  if (queued.length > 0) panel.log(t.log.addingQueued(queued.length));
  for (const ice of queued) await addIceCandidate(pc, ice);
}

/** A candidate that ICE refuses is shown, and the call goes on with the others. */
async function addIceCandidate(pc: RTCPeerConnection, ice: CandidateMessage["ice"]): Promise<void> {
  try {
    if (ice === null) {
      await pc.addIceCandidate(); // no candidate: "end of candidates" from the other side
      panel.log(t.log.noMoreCandidates);
      return;
    }
    await pc.addIceCandidate(ice);
    panel.mark("remote-candidate-added");
  } catch (error) {
    panel.report(advice.candidateRefused(ice, error)); // the call goes on with the others
  }
}

function playVideo(element: HTMLVideoElement, stream: MediaStream): void {
  element.srcObject = stream; // autoplay + muted (index.html) start it
}

/** Whether an offer or an answer has been set: a connection that is only prepared can still call whoever comes next. */
function callStarted(): boolean {
  return peerConnection?.localDescription != null || peerConnection?.remoteDescription != null;
}

/** The other side left: drop the call, keep the relay so we hear when someone comes back. */
function endCall(): void {
  peerConnection?.close();
  peerConnection = null;
  queuedCandidates = []; // they belonged to that call
  turnErrors.length = 0;
  window.clearTimeout(relayCheck);
  dom.videos.remote.srcObject = null;
}

/** Back to the start: out of the room, no call, camera off. */
async function hangUp(): Promise<void> {
  const socket = server;
  server = null; // first, so its close event is not reported as a failure
  othersInRoom = 0;
  document.getElementById("peers_in_room")!.textContent = t.page.notJoined;
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
