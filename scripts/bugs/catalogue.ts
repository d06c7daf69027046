/**
 * Known bugs, each a small search/replace patch to one lab (or to the relay),
 * and the test that must catch it. The chapter's own bugs come first, then the
 * ones a learner makes next. `npm run bugs` applies each to a scratch copy and
 * runs only its guarding test: that test must fail.
 *
 * A patch that no longer applies (the lab's code changed) fails `npm run bugs`:
 * update its search text to the lab's current code, keeping the same mistake.
 */
import type { Edit } from "./scratch.ts";

export interface Bug {
  /** What to type: `npm run bugs -- <name>`. */
  name: string;
  /** The lab folder it breaks ("server" for the relay): the folder of `file`. */
  lab: string;
  /** The mistake, in one sentence a learner would recognise. */
  what: string;
  file: string;
  edits: Edit[];
  /** The guarding spec and the title of its test that must fail. */
  spec: string;
  test: string;
}

const LAB01 = "labs/01-copy-paste/main.ts";
const LAB02 = "labs/02-ws-vanilla/main.ts";
const LAB03 = "labs/03-wss/main.ts";
const LAB04 = "labs/04-trickle/main.ts";
const LAB05 = "labs/05-mesh/main.ts";
const LAB07 = "labs/07-perfect-negotiation/main.ts";

const LAB02_CALL = { spec: "e2e/lab02-ws-vanilla.spec.ts", test: "two peers join a room, Alice connects, both see the other's moving camera" };
const LAB02_PEER_LEFT = {
  spec: "e2e/lab02-failures.spec.ts",
  test: "the other peer closes its tab: peer-left shown, remote video stops, a new call works",
};
const LAB05_PREPARE = {
  spec: "e2e/lab02-double-prepare.spec.ts",
  test: "05-mesh: a double click on Prepare runs one Prepare; Prepare again gives back the first camera and seat",
};
const LAB05_THREE = {
  spec: "e2e/lab05-mesh.spec.ts",
  test: "three peers in a room each see the other two; when one leaves, the other two keep their call",
};

/** labs/<lab>/... → "<lab>"; server/... → "server". */
function labOf(file: string): string {
  return /^labs\/([^/]+)\//.exec(file)?.[1] ?? file.split("/")[0]!;
}

export const BUGS: Bug[] = ([
  // --- The chapter's own bugs ---------------------------------------------
  {
    name: "srd-not-awaited",
    what: "setRemoteDescription is not awaited: a refused offer goes unreported and the answer is made too early",
    file: LAB02,
    edits: [{ search: "    await pc.setRemoteDescription(description);", replace: "    pc.setRemoteDescription(description);" }],
    spec: "e2e/lab02-failures.spec.ts",
    test: "a malformed offer through the relay is explained, not swallowed",
  },
  {
    name: "no-candidate-queue",
    what: "candidates that arrive before the offer or answer are added at once (addIceCandidate before setRemoteDescription)",
    file: LAB04,
    edits: [
      {
        search: `  if (pc.remoteDescription === null) {
    queuedCandidates.push(message.ice);`,
        replace: `  if (false) {
    queuedCandidates.push(message.ice);`,
      },
    ],
    spec: "e2e/lab04-trickle.spec.ts",
    test: "candidates that overtake the offer and the answer are queued, and the call still connects",
  },
  {
    name: "end-of-candidates-as-null-candidate",
    what: "the other side's end of candidates is added as `new RTCIceCandidate(null)`, which the browser refuses",
    file: LAB04,
    edits: [{ search: "      await pc.addIceCandidate(); //", replace: "      await pc.addIceCandidate(new RTCIceCandidate(null as never)); //" }],
    spec: "e2e/lab04-trickle.spec.ts",
    test: "two peers trickle their candidates, Alice connects, both see the other's moving camera",
  },
  {
    name: "relay-sends-binary",
    what: "the relay forwards a message as it received it, a Buffer, so the browser gets a binary frame (a Blob) and cannot read it as text",
    file: "server/relay.ts",
    edits: [{ search: "socket.send(text, { binary: false });", replace: "socket.send(text);" }],
    ...LAB02_CALL,
  },
  {
    name: "answer-before-camera",
    what: "an offer is answered at once, even while this tab's camera is still starting: the answer carries no video",
    file: LAB02,
    edits: [
      {
        search: "  if (prepared === null || !(await prepared)) return; // Prepare failed and said why\n  const pc = peerConnection;\n  if (pc === null) throw advice.offerWithoutCall();",
        replace: "  const pc = peerConnection;\n  if (pc === null) throw advice.offerWithoutCall();",
      },
    ],
    spec: "e2e/lab02-ws-vanilla.spec.ts",
    test: "an offer that arrives while the camera is still starting is answered once it is on, with video",
  },
  // --- The ones a learner makes next -----------------------------------------
  {
    name: "ontrack-missing",
    what: "no ontrack handler: the other peer's video arrives and is never shown",
    file: LAB02,
    edits: [{ search: "  pc.ontrack = (event) => playVideo(dom.videos.remote, event.streams[0]!);\n", replace: "" }],
    ...LAB02_CALL,
  },
  {
    name: "ontrack-shows-local",
    what: "ontrack plays this tab's own camera in remote_video: something moves, but it is not the other peer",
    file: LAB02,
    edits: [
      {
        search: "  pc.ontrack = (event) => playVideo(dom.videos.remote, event.streams[0]!);",
        replace: "  pc.ontrack = () => playVideo(dom.videos.remote, dom.videos.local.srcObject as MediaStream);",
      },
    ],
    ...LAB02_CALL,
  },
  {
    name: "peer-left-ignored",
    what: "peer-left only updates the count: the dead call stays on screen and nobody is told",
    file: LAB02,
    edits: [
      {
        search: `      endCall();
      panel.showNotice(t.notice.peerLeft);`,
        replace: `      return;
      panel.showNotice(t.notice.peerLeft);`,
      },
    ],
    ...LAB02_PEER_LEFT,
  },
  {
    name: "re-prepare-leaks-socket",
    what: "Prepare again forgets the old relay connection without closing it: the relay still counts the old one, the room fills up",
    file: LAB02,
    edits: [{ search: "    socket.close();\n    await closed;", replace: "    void closed; // never closed" }],
    ...LAB02_PEER_LEFT,
  },
  {
    name: "relay-down-silent",
    what: "a relay that cannot be reached is not reported: Prepare just never finishes",
    file: LAB02,
    edits: [{ search: "      if (!opened) {\n        reject(", replace: "      if (!opened) {\n        void (" }],
    spec: "e2e/lab02-failures.spec.ts",
    test: "relay not running: Prepare says it cannot reach the relay and what to do",
  },
  {
    name: "wss-page-uses-ws",
    what: "the https page still talks to the relay over plain ws://, so the signaling is not encrypted",
    file: LAB03,
    edits: [{ search: "`wss://${location.hostname}:${__RELAY_WSS_PORT__}/`", replace: "`ws://${location.hostname}:${__RELAY_WS_PORT__}/`" }],
    spec: "e2e/lab03-wss.spec.ts",
    test: "two peers join a room over wss, Alice connects, both see the other's moving camera",
  },
  {
    name: "crossing-offers-unnoticed",
    what: "when both tabs click Connect at once, the other tab's offer is not recognised as crossing this tab's own: nobody is told",
    file: LAB03,
    edits: [{ search: '  if (makingOffer || pc.signalingState === "have-local-offer") throw advice.offersCrossed();\n', replace: "" }],
    spec: "e2e/lab02-crossing-offers.spec.ts",
    test: "03-wss: both click Connect at once, both pages say the offers crossed and how to recover",
  },
  {
    name: "offer-while-making-offer",
    what: "an offer that arrives between this tab's createOffer and setLocalDescription is answered (the state still says stable): its own offer then fails with a raw InvalidStateError",
    file: LAB04,
    edits: [{ search: "  if (makingOffer || pc.signalingState", replace: "  if (pc.signalingState" }],
    spec: "e2e/lab02-crossing-offers.spec.ts",
    test: "04-trickle: an offer that arrives while this tab is still making its own has crossed it too",
  },
  {
    name: "replaced-socket-heard",
    what: "messages from the relay connection that Prepare replaced are still handled: the old call's news reaches the new one",
    file: LAB04,
    edits: [{ search: ".then(() => (stillThere() ? handleMessage(data) :", replace: ".then(() => (true ? handleMessage(data) :" }],
    spec: "e2e/lab02-replaced-socket.spec.ts",
    test: "04-trickle: a late message from the connection Prepare replaced is ignored",
  },
  {
    name: "sdp-copied-before-gathering",
    what: "the SDP is shown at the first candidate, before ICE gathering completes: the text you copy lacks the other addresses",
    file: LAB01,
    edits: [{ search: "  if (event.candidate !== null) return;\n  const description = pc.localDescription;", replace: "  const description = pc.localDescription;" }],
    spec: "e2e/lab01-copy-paste.spec.ts",
    test: "two tabs connect by copy and paste, both see the other's moving camera",
  },
  {
    name: "mesh-tile-wrong-peer",
    what: "each track is played in another peer's tile (tiles shuffled): every tile moves, but shows the wrong person",
    file: LAB05,
    edits: [
      {
        search: "  pc.ontrack = (event) => playVideo(remoteVideoOf(peer), event.streams[0]!);",
        replace: `  pc.ontrack = (event) => {
    streamsOf.set(peer.id, event.streams[0]!);
    const ids = [...peers.keys()].sort();
    ids.forEach((id, k) => {
      const stream = streamsOf.get(ids[(k + 1) % ids.length]!);
      if (stream) playVideo(remoteVideoOf(peers.get(id)!), stream);
    });
  };`,
      },
      { search: "function prepareRTCPeerConnection(id: string): Peer {", replace: "const streamsOf = new Map<string, MediaStream>();\nfunction prepareRTCPeerConnection(id: string): Peer {" },
    ],
    ...LAB05_THREE,
  },
  {
    name: "mesh-double-prepare",
    what: "Prepare is not one at a time: a double click runs two, and the first camera is never stopped",
    file: LAB05,
    edits: [{ search: "  dom.buttons.prepare.disabled = true; // one Prepare at a time: a double click must not start two\n", replace: "" }],
    ...LAB05_PREPARE,
  },
  {
    name: "mesh-re-prepare-leaks-socket",
    what: "Prepare again drops the old relay connection without closing it: it keeps a seat in the room",
    file: LAB05,
    edits: [{ search: "    socket.close();\n    await closed;", replace: "    void closed; // never closed" }],
    ...LAB05_PREPARE,
  },
  {
    name: "mesh-both-offer",
    what: "both ends of a mesh connection send an offer (glare): the panel still says only one offers",
    file: LAB05,
    edits: [{ search: "  if (peer.weOffer) await createOffer(peer);", replace: "  await createOffer(peer);" }],
    spec: "e2e/lab05-mesh.spec.ts",
    test: "four peers click Prepare at the same moment: all six connections come up, with video both ways",
  },
  // --- Across real NATs (the NAT testbed: e2e/nat-*.spec.ts, Linux) ----------
  {
    name: "ice-failed-in-silence",
    what: "when ICE fails the page says nothing: the learner is not told there is no direct path, nor that TURN (lab 06) is what is missing",
    file: LAB04,
    edits: [
      {
        search: '    if (pc.connectionState === "failed") panel.report(panel.failedAtDtls(pc) ? panel.sdpChangedOnTheWay() : advice.iceFailed());',
        replace: '    if (pc.connectionState === "failed" && panel.failedAtDtls(pc)) panel.report(panel.sdpChangedOnTheWay());',
      },
    ],
    spec: "e2e/nat-matrix.spec.ts",
    test: "where ICE must fail: each call fails, and both pages say so (side by side)",
  },
  {
    name: "ws-refused-unexplained",
    what: "lab 02 opened from another machine shows the browser's raw SecurityError for its ws:// relay, not why nor that lab 03 (wss://) is the way",
    file: LAB02,
    edits: [
      {
        search: `    let socket: WebSocket;
    try {
      socket = new WebSocket(RELAY_URL);
    } catch (error) {
      // Opened from another machine, an https page may not use ws:// at all: the page says why, and points to lab 03.
      return reject(advice.webSocketRefused(relayUrl.origin, error));
    }`,
        replace: "    const socket = new WebSocket(RELAY_URL);",
      },
    ],
    spec: "e2e/nat-lab02-from-afar.spec.ts",
    test: "lab 02 from a home network: the page says why ws:// is refused there and sends the learner to lab 03, which works from there",
  },
  {
    name: "no-ice-restart-when-relay-back",
    what: "lab 07 does not restart ICE when it gets back to the relay: a call whose network changed (a new public address) stays frozen",
    file: LAB07,
    edits: [{ search: '  if (inCall && (ice === "disconnected" || ice === "failed")) restartIce(t.perfect.why.relayBack(ice));', replace: "" }],
    spec: "e2e/nat-mobility.spec.ts",
    test: "lab 07 across two cones: a home gets a new public address mid-call; ICE restarts by itself, also with the relay down during the move",
  },
  // --- Across browsers ------------------------------------------------------
  {
    name: "panel-reads-closed-connection",
    what: "the state panel keeps reading a closed connection's descriptions: Firefox throws InvalidStateError once the other peer has left",
    file: "labs/shared/panel.ts",
    edits: [{ search: '    if (pc.signalingState === "closed") return window.clearInterval(timer);\n', replace: "" }],
    spec: "e2e/firefox-calls.spec.ts",
    test: "02-ws-vanilla: Chromium closes its tab; Firefox says the other peer left, with no uncaught error",
  },
  {
    name: "panel-codec-row-stale",
    what: "the state panel never reads the codecs from getStats(): its Video codec row stays empty through the call",
    file: "labs/shared/panel.ts",
    edits: [{ search: "    if (pc.connectionState === \"connected\") void readCodecs(pc)", replace: "    if (false) void readCodecs(pc)" }],
    ...LAB02_CALL,
  },
  {
    name: "ice-failure-blamed-on-dtls",
    what: "a DTLS transport in state failed counts as a DTLS failure even when ICE failed: in Firefox, whose DTLS transport fails with ICE, the page says the SDP was changed on the way",
    file: "labs/shared/panel.ts",
    edits: [
      {
        search: '  return pc.iceConnectionState === "connected" || pc.iceConnectionState === "completed";',
        replace: '  return pc.iceConnectionState === "connected" || pc.iceConnectionState === "completed" || pc.getReceivers().some((receiver) => receiver.transport?.state === "failed");',
      },
    ],
    spec: "e2e/firefox-turn.spec.ts",
    test: "06-turn: Chromium cannot reach TURN, Firefox can, both relay-only: Firefox's ICE fails, and its page says ICE failed, not DTLS",
  },
  {
    name: "mesh-codec-column-stale",
    what: "lab 05's table never reads each connection's codecs: its video codec column stays empty across browsers",
    file: "labs/05-mesh/panel.ts",
    edits: [{ search: ".then((codecs) => showCodecs(row.codecs, codecs));", replace: ";" }],
    spec: "e2e/firefox-calls.spec.ts",
    test: "05-mesh: Chromium, Firefox and Chromium in one room each see the other two",
  },
  {
    name: "turn-verdict-before-ice",
    what: "lab 06 judges a missing relay candidate the moment gathering ends, while ICE still says checking: a call that connects directly a moment later shows 'Could not reach the TURN server'",
    file: "labs/06-turn/main.ts",
    edits: [{ search: `if (pc.iceConnectionState === "checking" && !final) {`, replace: `if (pc.iceConnectionState === "checking" && false) {` }],
    spec: "e2e/lab06-turn-failures.spec.ts",
    test: "a TURN server that never answers while the direct pair wins: the call works and the page shows no error, even if ICE says so after gathering ends",
  },
  {
    name: "srd-answer-pending-stuck",
    what: "perfect negotiation: when setRemoteDescription(answer) fails, srdAnswerPending stays true, so the impolite side takes the next colliding offer for none and answers it too",
    file: "labs/07-perfect-negotiation/perfect-negotiation.ts",
    edits: [
      {
        search: `    try {
      await this.pc.setRemoteDescription(description);
    } finally {`,
        replace: `    await this.pc.setRemoteDescription(description);
    {`,
      },
    ],
    spec: "e2e/lab07-pattern.spec.ts",
    test: "after a refused answer, the impolite side still ignores a colliding offer, and the polite one rolls back",
  },
  {
    name: "messages-not-for-a-call",
    what: "messages name no call: an ICE restart offer kept for a peer that vanished is answered by the next tab that joins the room, which is called without clicking Connect",
    file: LAB07,
    edits: [
      {
        search: "function isForThisCall(message: CallAddress & { type: string }): boolean {\n",
        replace: "function isForThisCall(message: CallAddress & { type: string }): boolean {\n  if (message.type) return true;\n",
      },
    ],
    spec: "e2e/lab07-dead-call.spec.ts",
    test: "a dead call's waiting offer reaches a newcomer, which drops it; the newcomer's own call then works",
  },
  {
    name: "turn-credentials-kept",
    what: "fresh TURN credentials are fetched but not given to the connection: an ICE restart after the first ones expired gets 401 and no relay candidate",
    file: LAB07,
    edits: [
      {
        search: "  peerConnection?.setConfiguration({ ...peerConnection.getConfiguration(), iceServers: fromRelay.iceServers });\n  panel.log(t.perfect.freshTurn",
        replace: "  panel.log(t.perfect.freshTurn",
      },
    ],
    spec: "e2e/lab07-turn-renewal.spec.ts",
    test: "an ICE restart after the first TURN credentials expired relays on new allocations: the pages renewed them",
  },
  {
    name: "turn-refresh-loop",
    what: "credentials that came already expired are renewed at once, and the answer, expired too, again: over a hundred turn-refresh requests a second",
    file: LAB07,
    edits: [
      {
        search: "  if (leftMs <= 0) return;\n",
        replace: "",
      },
    ],
    spec: "e2e/lab07-turn-renewal.spec.ts",
    test: "credentials that came already expired (?turnTtl=-60): the page says so, logs TURN's refusal (401), and does not ask the relay for new ones again and again",
  },
  {
    name: "turn-refusal-unlogged",
    what: "lab 07 drops what the TURN server answered when it refused (icecandidateerror): expired credentials, or coturn out of relay ports, leave nothing in the log",
    file: LAB07,
    edits: [
      {
        search: "    panel.log(t.turn.candidateError(errorCode, url, errorText), \"error\");\n",
        replace: "    void [errorCode, url, errorText];\n",
      },
    ],
    spec: "e2e/lab07-turn-renewal.spec.ts",
    test: "credentials that came already expired (?turnTtl=-60): the page says so, logs TURN's refusal (401), and does not ask the relay for new ones again and again",
  },
  {
    name: "turn-renewal-by-page-clock",
    what: "lab 07 times the renewal of its TURN credentials by its own clock against the relay's expiresAt: a clock two hours ahead never renews them",
    file: LAB07,
    edits: [
      {
        search: "  const leftMs = turn.validForS * 1000;\n",
        replace: "  const leftMs = turn.expiresAt * 1000 - Date.now();\n",
      },
    ],
    spec: "e2e/lab07-turn-renewal.spec.ts",
    test: "a page whose clock is two hours ahead of the relay's still renews its TURN credentials in time: it counts their lifetime, not the relay's clock",
  },
  {
    name: "camera-back-with-addTrack",
    what: "the camera comes back with addTrack: each time a new transceiver, and the SDP one m-section longer, for ever",
    file: LAB07,
    edits: [
      {
        search: `    transceiver.direction = "sendrecv";
    await transceiver.sender.replaceTrack(camera!.getVideoTracks()[0]!);`,
        replace: `    const sender = pc.addTrack(camera!.getVideoTracks()[0]!, camera!);
    cameraTransceiver = pc.getTransceivers().find((each) => each.sender === sender)!;`,
      },
    ],
    spec: "e2e/lab07-mid-call.spec.ts",
    test: "10 collisions in the middle of a call: the SDP keeps its m-sections, and the call its videos",
  },
  {
    name: "turn-relays-to-loopback",
    what: "coturn runs with --allow-loopback-peers and no denied peer ranges: any host on the LAN reaches services that listen only on this machine's loopback through it",
    file: "scripts/turn-server.ts",
    edits: [
      { search: `    ...(settings.address.loopback ? [["--allow-loopback-peers"]] : []),`, replace: `    ["--allow-loopback-peers"],` },
      { search: `    ...DENIED_PEER_RANGES.map((range) => ["--denied-peer-ip", range]),\n`, replace: "" },
    ],
    spec: "e2e/lab06-lan.spec.ts",
    test: "another host gets an allocation, but never reaches the learner's loopback or other private networks through TURN",
  },
] satisfies Omit<Bug, "lab">[]).map((bug) => ({ ...bug, lab: labOf(bug.file) }));
