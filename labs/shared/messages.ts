/**
 * Every word the pages (and the echo bot) say, in English and in Japanese: one
 * typed table. English is the reference: `ja` must have exactly the same keys,
 * with the same parameters, so a key missing or left over in either language is
 * a type error (tsc), never a blank on the page.
 *
 * Names the learner must recognise stay as they are in both languages: the
 * chapter's Prepare and Connect, API names (`setRemoteDescription`), states
 * (`have-local-offer`), message types (`offer`, `candidate`), error names
 * (`NotAllowedError`) and protocol names. An error keeps the browser's own name
 * for it beside the explanation, so it can be searched.
 * Japanese follows ../../../shared/glossary-ja.md (です/ます, a half-width space
 * between Japanese and Latin words).
 *
 * How to use it:
 * - a page: `import { t } from "../shared/language.ts"`, then `t.log.prepared`
 *   or `t.advice.nobodyElseIn(room)`;
 * - static HTML: `<span data-i18n="page.room">Room</span>` (also
 *   `data-i18n-title`, `data-i18n-placeholder`, `data-i18n-label` for aria-label);
 *   the English in the HTML is only what shows before the script runs;
 *   `code` and **bold** in a static text become <code> and <b>;
 * - Node (the echo bot): `messagesFor(languageOf(process.env.LANG) ?? "en")`.
 * A new message goes into `en` first; tsc then lists where `ja` lacks it.
 * Sections go by area: the page and its panel, the timeline, the log, notices,
 * advice, then each lab's own, then the index page and the bot.
 *
 * This module touches no DOM, so Node (the echo bot, the tests) can use it too.
 */

export type Language = "en" | "ja";
export const LANGUAGES: readonly Language[] = ["en", "ja"];

/** Something the learner can fix: what went wrong, and what to do about it. */
export interface Problem {
  problem: string;
  whatToDo: string;
}

/** The bot's counters for one call, as its panel shows them. */
export interface CountersShown {
  packetsIn: number;
  packetsOut: number;
  keyframeRequests: number;
  textsIn: number;
  textsOut: number;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

const en = {
  language: {
    /** The switch's own label, and each language's name in itself. */
    switchLabel: "Language",
    names: { en: "English", ja: "日本語" },
  },

  // --- A lab page: its header, videos, SDP boxes and the bot's hint ----------
  page: {
    allLabs: "← all labs",
    readme: "this lab's README",
    room: "Room",
    notJoined: "not joined",
    here: (peers: number) => `${peers} here`,
    relay: "relay",
    videos: {
      local: "local_video (you)",
      remote: "remote_video (the other peer)",
    },
    sdp: {
      sent: "text_for_send_sdp (what this tab sent)",
      received: "text_for_recv_sdp (what this tab received)",
    },
    botHint: {
      alone: "Alone? The echo bot, a WebRTC peer that is not a browser, joins this room and sends your own camera back. In a second terminal:",
      copy: "Copy",
      copied: "Copied",
      selected: "Selected: press Ctrl+C",
    },
  },

  // --- The state panel --------------------------------------------------------
  panel: {
    label: "State panel",
    state: "State",
    titles: {
      websocket: "The connection to the relay that carries the SDP",
      signaling: "Where the offer/answer exchange is: have-local-offer, have-remote-offer, then stable",
      gathering: "Whether this browser is still finding its own candidates",
      ice: "Whether ICE has found a pair of candidates that reach each other",
      connection: "The whole connection: ICE, then the DTLS handshake",
    },
    notConnected: "not connected",
    notUsed: "not used in this lab",
    localCandidates: "Local candidates",
    remoteCandidates: "Remote candidates",
    noneYet: "none yet",
    timeline: "Timeline",
    timelineHint: "since the first step, to scale",
    log: "Event log",
    logHint: "→ sent, ← received",
    nothingYet: "nothing yet",
    fingerprint: {
      local: "DTLS fingerprint (this tab)",
      localTitle: "The certificate this tab proves itself with, from its own SDP (localDescription)",
      remote: "DTLS fingerprint (remote SDP)",
      remoteTitle: "The certificate the other tab must show, as written in the SDP received through the relay",
    },
    codecs: {
      label: "Video codec",
      title: "The codec each way of the video uses now, from getStats() (outbound-rtp, inbound-rtp): the one the answer chose among those both browsers have",
      inUse: (sending: string, receiving: string) => `sending ${sending} · receiving ${receiving}`,
    },
    /** Vanilla ICE sends the candidates inside the SDP, trickle ICE after it: the log says which. */
    candidatesInside: (count: number) => `${plural(count, "candidate")} inside the SDP`,
    connected: "Connected peer to peer: the video now goes straight between the two browsers.",
    privateRoom: "private room",
    privateRoomTitle: "A random name nobody can guess. Its name is its only key: whoever you give the link to can join.",
    /** The knobs as the URL spells them, e.g. "tamper=fingerprint reorderMs=3000". */
    testKnobs: (knobs: string) => `Test knobs on (from this page's URL): ${knobs}`,
    errorInLog: (problem: string) => `error: ${problem}`,
    /** An error no advice foresaw: its name and message, as the browser gave them. */
    unexpected: (nameAndMessage: string) => nameAndMessage,
  },

  /** The timeline's moments (window.labTiming), in the words the timeline and the log show. */
  marks: {
    "connect-clicked": "connect clicked",
    "offer-created": "offer created",
    "answer-created": "answer created",
    "local-description-set": "local description set",
    "candidate-gathered": "candidate gathered",
    "gathering-complete": "gathering complete",
    "offer-sent": "offer sent",
    "offer-received": "offer received",
    "answer-sent": "answer sent",
    "answer-received": "answer received",
    "candidate-sent": "candidate sent",
    "candidate-received": "candidate received",
    "remote-candidate-added": "remote candidate added",
    "ice-connected": "ice connected",
    connected: "connected",
    "first-remote-frame": "first remote frame",
    "first-relay-candidate": "first relay candidate",
  },

  // --- The event log: what main.ts says as it goes ----------------------------
  log: {
    prepared: "prepared: in the room, camera on",
    relayOpen: (url: string) => `relay open: ${url}`,
    joined: (room: string, others: number) => `joined room "${room}": ${others} other peer(s) here`,
    peerJoined: "another peer joined the room",
    peerLeftStillPrepared: "another peer left the room (this tab stays prepared)",
    ignoredFromReplaced: "ignored a message from the relay connection Prepare replaced",
    ignoredType: (type: string) => `ignored a message of type "${type}"`,
    ignoredAnswer: "ignored an answer: this tab has no offer waiting for one",
    ignoredCandidate: "ignored a candidate: there is no call",
    queuedCandidate: (waiting: number) => `queued a candidate until the remote description is set (${waiting} waiting)`,
    addingQueued: (count: number) => `adding ${count} queued candidate(s)`,
    noMoreCandidates: "the other peer has no more candidates",
    endOfCandidates: "end of candidates",
    turnServer: (urls: string, username: string) => `TURN server from the relay: ${urls} as ${username}`,
  },

  notice: {
    alreadyInCall: "This tab is already in a call (the other tab may have called first): no need to Connect here.",
    peerLeft: "The other peer left. Click Prepare (in both tabs) to start a new call.",
  },

  // --- What went wrong, and what to do (advice.ts, and each main.ts) ----------
  advice: {
    cameraNeedsHttps: {
      problem: "This page cannot use the camera (navigator.mediaDevices is undefined): browsers allow it only on https:// or localhost.",
      whatToDo: "Open the lab through its https:// URL.",
    },
    cameraRefused: (name: string) => ({
      problem: `The camera was refused (${name}).`,
      whatToDo: "Allow it for this site (the icon in the address bar), then click Prepare again.",
    }),
    noCamera: (name: string) => ({
      problem: `No camera was found (${name}).`,
      whatToDo: "Connect one (or use Chromium's fake camera flags), then click Prepare again.",
    }),
    cameraFailed: (error: string) => ({
      problem: `The camera could not start (${error}).`,
      whatToDo: "Close other apps using it, then click Prepare again.",
    }),
    malformed: (data: string) => ({
      problem: `The relay delivered a malformed message: ${data}`,
      whatToDo: 'It was ignored. A message is JSON with a "type"; an offer or an answer also carries its "sdp" text.',
    }),
    /** Lab 02's plain ws:// relay, which nothing but a running relay can fix. `closed` is the close, e.g. "code 1006". */
    relayDown: (origin: string, closed: string) => ({
      problem: `Cannot reach the relay at ${origin} (WebSocket closed, ${closed}).`,
      whatToDo: "Is it running? Start it with `npm start`, then click Prepare again.",
    }),
    /** Lab 02 opened from another machine: its https page may not open the relay's plain ws:// (the browser throws at once). */
    insecureWebSocket: (page: string, relay: string, lab03: string, error: string) => ({
      problem:
        `This page (${page}) came over https from another machine, and such a page may open only wss:// (WebSocket over TLS): ` +
        `the browser refused lab 02's plain ws:// relay at ${relay} (mixed content; only localhost is let through). The browser said: ${error}`,
      whatToDo:
        "Lab 02's ws:// works only with the page opened on localhost, on the machine that runs the relay. " +
        `From another device, use lab 03: the same relay over wss://, ${lab03}`,
    }),
    /** From lab 03 on (wss): a refused certificate and a relay that is down look the same (close code 1006, no detail). */
    relayDownOrUntrusted: (origin: string, closed: string, certificatePage: string) => ({
      problem: `Cannot reach the relay at ${origin} (WebSocket closed, ${closed}): either it is not running, or this browser does not trust its certificate.`,
      whatToDo:
        `Start it with \`npm start\`. If it is running, open ${certificatePage} once and accept the certificate ` +
        "(or trust the local CA: see the top-level README.md), then click Prepare again.",
    }),
    notPrepared: { problem: "Connect needs Prepare first.", whatToDo: "Click Prepare in both tabs, then Connect in one." },
    callEnded: { problem: "The call has ended.", whatToDo: "Click Prepare to start a new one." },
    noRelay: { problem: "This tab has no open connection to the relay.", whatToDo: "Click Prepare (again), then Connect." },
    nobodyElseIn: (room: string) => ({
      problem: `Nobody else is in room "${room}" yet, so the offer would reach no one.`,
      whatToDo: "Open this page with the same ?room= in another tab (or device), click Prepare there, then Connect here.",
    }),
    /** The relay closed the socket before "joined": `reason` is its error code (room-full, bad-room-name, ...). */
    notLetIn: (room: string, reason: string) => ({
      problem: `The relay did not let this tab into room "${room}" (${reason}).`,
      whatToDo:
        reason === "room-full"
          ? "The room is full: close the others in it, or use another ?room=, then click Prepare again."
          : reason === "bad-room-name"
            ? "A room name is 1 to 64 letters, digits, - or _: change ?room= in the address, then click Prepare again."
            : "The event log shows what the relay said: fix the address, then click Prepare again.",
    }),
    relayClosed: (code: number) => ({
      problem: `The relay closed the connection (code ${code}).`,
      whatToDo:
        "A call that is already connected goes on: the video does not pass through the relay. " +
        "For a new call, check that `npm start` is running, then click Prepare.",
    }),
    /** An error notice from the relay: its own words (English, as the relay speaks) and its code. */
    relaySays: (message: string, code: string) => ({ problem: `The relay says: ${message} (${code})`, whatToDo: "" }),
    cannotSend: (what: string) => ({ problem: `Cannot send the ${what}: the relay connection is not open.`, whatToDo: "Click Prepare to reconnect." }),
    /** Both tabs clicked Connect: each sent an offer, and each received one while waiting for an answer. */
    offersCrossed: {
      problem:
        "Both tabs clicked Connect at the same moment, so both sent an offer and the two offers crossed: " +
        "each tab now waits for an answer that will never come, and there will be no video.",
      whatToDo:
        "To recover, click Prepare in both tabs, then Connect in only one of them. " +
        "(Lab 07, perfect negotiation, removes this problem: there, one tab politely gives way.)",
    },
    offerWithoutCall: {
      problem: "An offer arrived, but this tab has no call ready to answer it.",
      whatToDo: "Click Prepare here, then Connect in the other tab.",
    },
    descriptionRejected: (type: string, error: string) => ({
      problem: `The browser rejected the ${type} that came through the relay: ${error}`,
      whatToDo: "Whoever sent it must send the whole SDP, as createOffer/createAnswer made it. Click Prepare in both tabs to start over.",
    }),
    candidateRefused: (candidate: string, error: string) => ({
      problem: `A candidate from the other peer was refused (${error}): ${candidate}.`,
      whatToDo: "The call may still connect with the other candidates; if it does not, click Prepare in both tabs and Connect again.",
    }),
    /** Labs 02 to 04 have no TURN server: when ICE fails between two networks, that is what is missing. */
    iceFailed: {
      problem:
        "ICE failed: the two browsers found no network path to each other. There is no direct path between these two networks: " +
        "their NATs or firewalls (a phone on mobile data, many offices) let in no packet from the other browser.",
      whatToDo:
        "What is missing is a TURN server: a server both browsers can reach, which relays the media between the two networks. " +
        "Lab 06 (06-turn) adds one. On one LAN, check both devices are on it. Click Prepare in both tabs to try again.",
    },
    sdpChangedOnTheWay: {
      problem:
        "ICE connected, but the connection failed at DTLS: the other browser's certificate does not match the fingerprint in the SDP this tab received. " +
        "The SDP was changed on the way; this is what a malicious relay would do.",
      whatToDo:
        "Compare the DTLS fingerprints in the two tabs' state panels: each tab's own should be the other's remote one. " +
        "With ?tamper=fingerprint in the URL, the relay changed them on purpose (a test knob): remove it and click Prepare in both tabs.",
    },
  },

  // --- Each lab's title (the page's <title> and <h1>), and the index's line for it ----
  labs: {
    "01-copy-paste": {
      title: "Lab 01 · SDP by copy and paste",
      intro: "No server: you are the signaling channel. Open this page in two tabs.",
      name: "01 · Copy and paste",
      summary: "No server: you carry the offer and the answer between tabs yourself.",
    },
    "02-ws-vanilla": {
      title: "Lab 02 · SDP through a WebSocket relay (vanilla ICE)",
      name: "02 · WebSocket relay, vanilla ICE",
      summary: "A tiny relay carries the SDP; each side sends once ICE gathering is complete.",
    },
    "03-wss": {
      title: "Lab 03 · The relay over TLS (wss)",
      name: "03 · The relay over TLS (wss)",
      summary: "The same relay over wss://, so a second device on the LAN can reach it.",
    },
    "04-trickle": {
      title: "Lab 04 · Trickle ICE: each candidate as soon as it is found",
      name: "04 · Trickle ICE",
      summary: "The SDP at once, then each candidate as soon as it is found; early ones wait in a queue.",
    },
    "05-mesh": {
      title: "Lab 05 · A call of three or four (full mesh)",
      name: "05 · A call of three or four (full mesh)",
      summary: "The chapter's exercise: one connection per other person, who offers to whom, who left.",
    },
    "06-turn": {
      title: "Lab 06 · Through a TURN server, as across NATs and firewalls",
      name: "06 · Through a TURN server",
      summary: "Lab 04 with coturn: time-limited credentials from the relay, relay candidates, the selected pair (add `?policy=relay`).",
    },
    "07-perfect-negotiation": {
      title: "Lab 07 · Perfect negotiation: either side, any time, and it survives",
      name: "07 · Perfect negotiation",
      summary: "Either tab offers, or both at once; the call changes mid-way (camera, a second video, chat) and survives the relay going away.",
    },
  },

  // --- Lab 01: copy and paste --------------------------------------------------
  lab01: {
    sdpToCopy: "text_for_send_sdp (copy this into the other tab)",
    sdpToPaste: "text_for_recv_sdp (paste the other tab's SDP here)",
    prepared: "prepared: camera on",
    notPrepared: { problem: "Click Prepare first.", whatToDo: "It creates the RTCPeerConnection and turns the camera on." },
    iceFailed: {
      problem: "ICE failed: the two browsers found no network path to each other.",
      whatToDo: "Click Prepare in both tabs and exchange the SDP again.",
    },
    shownForCopy: "shown in text_for_send_sdp",
    fromPasted: "from text_for_recv_sdp",
    copyOffer: "Copy text_for_send_sdp into the other tab's text_for_recv_sdp, then click Receive SDP there.",
    copyAnswer: "Copy this answer (text_for_send_sdp) back into the first tab's text_for_recv_sdp, then click Receive SDP there.",
    ownSdp: { problem: "That is this tab's own SDP.", whatToDo: "Paste it into the other tab's text_for_recv_sdp instead." },
    alreadyAnswered: { problem: "This tab has already answered an offer.", whatToDo: "To start over, click Prepare in both tabs." },
    rejected: (type: string, error: string) => ({
      problem: `The browser rejected this SDP as an ${type}: ${error}`,
      whatToDo: "Paste the other tab's text_for_send_sdp exactly as it is, all of it.",
    }),
    empty: { problem: "text_for_recv_sdp is empty.", whatToDo: "Paste the other tab's text_for_send_sdp into it first." },
    notSdp: {
      problem: "That text is not an SDP: an SDP starts with the line v=0.",
      whatToDo: "Copy all of the other tab's text_for_send_sdp, from its first line to its last.",
    },
  },

  // --- Lab 05: the mesh ---------------------------------------------------------
  mesh: {
    youAre: "you are",
    lastSent: "text_for_send_sdp (the last SDP this tab sent,",
    lastReceived: "text_for_recv_sdp (the last SDP this tab received,",
    toNobody: "to nobody yet",
    fromNobody: "from nobody yet",
    sentTo: (type: string, id: string) => `${type} to ${id}`,
    receivedFrom: (type: string, id: string) => `${type} from ${id}`,
    hint: "Open this page in three or four tabs with the same `?room=` and click Prepare in each: they call each other.",
    websocketTitle: "The connection to the relay that carries every tab's messages",
    connections: "Peer connections",
    connectionsHint: "one RTCPeerConnection per other peer in the room",
    columns: {
      peer: "peer",
      peerTitle: "The id that peer made up for itself",
      role: "who offers",
      roleTitle: "Which end sends the offer on this connection: the one with the larger id",
      gatheringTitle: "Whether this browser is still finding its own candidates for this connection",
      sent: "sent",
      sentTitle: "Candidates this tab sent to that peer",
      received: "received",
      receivedTitle: "Candidates that peer sent to this tab",
      queued: "queued",
      queuedTitle: "Received before that peer's description, so held back until it came",
      ourFingerprint: "our fingerprint",
      ourFingerprintTitle: "The DTLS certificate this tab proves itself with on this connection, from its own SDP",
      theirFingerprint: "their fingerprint",
      theirFingerprintTitle: "The certificate that peer must show, as written in the SDP received through the relay",
      codecs: "video codec",
    },
    noConnectionYet: "none yet: click Prepare in three or four tabs",
    weOffer: "we offer",
    theyOffer: "they offer",
    /** A message between tabs in the log: "→ offer to mwvc…", "← candidate from mwvc…: host udp 127.0.0.1:50000". */
    to: (id: string) => `to ${id}`,
    toEveryone: "to everyone",
    from: (id: string) => `from ${id}`,
    prepared: (id: string) => `prepared: camera on, in the room, this tab is ${id}`,
    joined: (room: string, peers: number) => `joined room "${room}": ${peers} here`,
    roomChanged: (change: string, peers: number) => `${change}: ${peers} here now`,
    left: (id: string) => `${id} left the call: its connection is closed and its tile removed.`,
    met: (id: string, weOffer: boolean) => `met ${id}: ${weOffer ? "this tab offers" : "it offers"}`,
    ignoredOffer: (id: string) => `ignored an offer from ${id}: on this connection, this tab is the one that offers`,
    ignoredAnswer: (id: string) => `ignored an answer from ${id}: no offer to it is waiting for one`,
    queuedCandidate: (id: string, waiting: number) => `${id}: queued a candidate until its description is set (${waiting} waiting)`,
    addingQueued: (id: string, count: number) => `${id}: adding ${count} queued candidate(s)`,
    noMoreCandidates: (id: string) => `${id}: has no more candidates`,
    cameraOff: { problem: "The camera is off.", whatToDo: "Click Prepare." },
    relayClosed: (code: number) => ({
      problem: `The relay closed the connection (code ${code}).`,
      whatToDo:
        "The calls already up go on (they are peer to peer), but nobody new can join and nobody leaving is noticed. " +
        "Is `npm start` still running? Click Prepare to rejoin.",
    }),
    iceFailed: (id: string) => ({
      problem: `ICE failed with ${id}: the two browsers found no network path to each other.`,
      whatToDo: "On two devices, check they are on the same LAN; click Prepare in one of the two tabs to try again.",
    }),
    notUnderstood: (data: string) => ({
      problem: `The relay delivered a message this lab does not understand: ${data}`,
      whatToDo:
        'It was ignored. Here a message is JSON with a "type" and the "from" id of its sender; an offer, an answer ' +
        'or a candidate also says "to" whom, and an offer or an answer carries its "sdp" text.',
    }),
    rejected: (type: string, id: string, error: string) => ({
      problem: `The browser rejected the ${type} from ${id}: ${error}`,
      whatToDo: "Whoever sent it must send the whole SDP, as createOffer/createAnswer made it. Click Prepare in one of the two tabs to start over.",
    }),
    candidateRefused: (id: string, error: string, candidate: string) => ({
      problem: `A candidate from ${id} was refused (${error}): ${candidate}.`,
      whatToDo: "The call may still connect with the other candidates; if it does not, click Prepare in one of the two tabs.",
    }),
    sdpChangedOnTheWay: (id: string) => ({
      problem:
        `The connection with ${id} failed at DTLS, after ICE connected: its certificate does not match the fingerprint in the SDP this tab received. ` +
        "The SDP was changed on the way; this is what a malicious relay would do.",
      whatToDo:
        "Compare the fingerprints in the two tabs' state panels: our fingerprint in one should be their fingerprint in the other. " +
        "With ?tamper=fingerprint in the URL, the relay changed them on purpose (a test knob): remove it and click Prepare again.",
    }),
  },

  // --- Lab 06: TURN ---------------------------------------------------------------
  turn: {
    title: "The TURN server the relay handed out, and until when this tab's credentials work",
    selectedPair: "Selected candidate pair",
    selectedPairHint: "live from getStats(): host, srflx or relay at each end",
    running: (until: string) => `running, credentials until ${until}`,
    expired: (at: string) => `running, credentials expired at ${at}`,
    notRunning: "not running",
    local: "local",
    remote: "remote",
    roundTrip: "round trip",
    notMeasured: "not measured yet",
    toTurnOver: (protocol: string) => `(to TURN over ${protocol})`,
    connected: "Connected. The selected candidate pair (state panel) says whether the video goes straight between the browsers or through TURN.",
    noTurnServer: {
      problem: "This relay hands out no TURN server: it was started without one (`npm run relay`?).",
      whatToDo: "Start everything with `npm start`, which starts coturn beside the relay, then click Prepare again.",
    },
    turnNotRunning: (why: string) => ({
      problem: `TURN is not running: ${why}`,
      whatToDo:
        "Install coturn (Debian/Ubuntu: `sudo apt-get install coturn`, macOS: `brew install coturn`), restart `npm start`, " +
        "then click Prepare again. Without TURN the call can still connect directly, but not with ?policy=relay.",
    }),
    iceFailedThroughTurn: {
      problem: "ICE failed: the two browsers found no path to each other through TURN.",
      whatToDo: "coturn's log says why (its path is in `npm start`'s output), e.g. `403: Forbidden IP`. Click Prepare in both tabs to try again.",
    },
    candidateError: (code: number, url: string, text: string) => `icecandidateerror ${code} from ${url}: ${text}`,
    connectedWithoutRelay: (turnSaid: string) => `no relay candidate, but ICE connected directly${turnSaid ? ` (TURN said ${turnSaid})` : ""}`,
    credentialsRefused: (error: string) => ({
      problem: `The TURN server refused this tab's credentials (${error}): they are wrong or have expired.`,
      whatToDo:
        "The relay hands out credentials that expire (TURN_CREDENTIAL_TTL_S, an hour by default): click Prepare to get new ones. " +
        "If that does not help, the relay and coturn do not share the same secret (ssl/turn-secret): restart `npm start`.",
    }),
    noPortLeft: (error: string) => ({
      problem: `The TURN server has no relay port left (${error}): no relay candidate was gathered.`,
      whatToDo:
        "Each relay candidate holds one of its ports (TURN_MIN_PORT to TURN_MAX_PORT) until the call ends, or a minute after " +
        "a tab vanished without releasing it. Close other calls or wait a minute, or widen the range, then click Prepare again.",
    }),
    turnError: (url: string, error: string) => ({
      problem: `The TURN server at ${url} answered with an error (${error}): no relay candidate was gathered.`,
      whatToDo: "Its log (the path is in `npm start`'s output) says more. Click Prepare to try again.",
    }),
    unreachable: (urls: string) => ({
      problem: `Could not reach the TURN server at ${urls}: no answer, so no relay candidate was gathered.`,
      whatToDo:
        "Is turnserver running? `npm start` starts it and prints a `turn` line (install coturn if that line says so); " +
        "from another device, check that this machine's firewall lets the TURN port through. Then click Prepare again.",
    }),
    or: " or ",
  },

  // --- Lab 07: perfect negotiation ----------------------------------------------
  perfect: {
    videos: {
      localSecond: "local_video_2 (your second video)",
      remoteSecond: "remote_video_2 (their second video)",
    },
    duringCall: "During the call",
    buttons: {
      cameraOff: "Camera off (replaceTrack)",
      cameraOn: "Camera on (replaceTrack)",
      cameraRemove: "Camera off (removeTrack)",
      cameraBack: "Camera back (direction, replaceTrack)",
      addCanvas: "Add a canvas video",
      shareScreen: "Share the screen",
      restartIce: "Restart ICE",
      send: "Send",
    },
    chat: "Chat",
    chatHint: "a DataChannel: peer to peer, never through the relay",
    chatPlaceholder: "a message",
    me: "me",
    them: "them",
    role: "role",
    roleTitle: "Who gives way when both offer at once; the relay decides by join order",
    iceLocal: "ICE credentials (mine)",
    iceLocalTitle: "This side's ICE username fragment and password (a=ice-ufrag, a=ice-pwd); an ICE restart changes them",
    iceRemote: "ICE credentials (theirs)",
    iceRemoteTitle: "The other side's, from its last description",
    mine: "mine",
    theirs: "theirs",
    iceCredentials: (whose: string, ufrag: string, before: string | undefined) => `ICE credentials (${whose}): ufrag ${ufrag}${before ? ` (was ${before})` : ""}`,
    relayStatus: (text: string) => `relay: ${text}`,
    prepared: (role: string) => `prepared: in the room, camera on, ${role}`,
    otherIsHere: "the other peer is here: either tab may click Connect",
    noTurn: "no TURN server from the relay: host candidates only, as in lab 04",
    joined: (room: string, role: string, others: number) => `joined room "${room}" as the ${role} peer: ${others} other peer(s) here`,
    peerLeft:
      "The other peer left the relay's room. If it only lost the relay, it comes back by itself and the call goes on; " +
      "if it hung up, its chat closes and this tab gets ready for a new call.",
    /** Why this tab puts its camera and chat in the call, or restarts ICE. */
    why: {
      connectClicked: "you clicked Connect",
      theirOffer: "their offer came",
      restartClicked: "you clicked Restart ICE",
      iceFailed: "ICE failed",
      relayBack: (ice: string) => `the relay is back and ICE is ${ice}`,
    },
    alreadyInCall: (why: string) => `already in the call (${why}): nothing to add`,
    joiningCall: (why: string) => `${why}: adding my camera and the chat channel to the call`,
    keptForLater: (waiting: number) => `  (kept until the relay can deliver it: ${waiting} waiting)`,
    theirVideo: (isCamera: boolean) => `the other peer's ${isCamera ? "camera" : "second video"}`,
    track: (video: string) => `← track: ${video}`,
    muted: (video: string) => `${video} stopped sending (track muted)`,
    unmuted: (video: string) => `${video} is sending (track unmuted)`,
    replaced: (off: boolean) => `camera ${off ? "off: replaceTrack(null)" : "on: replaceTrack(camera)"}, no negotiation needed`,
    removed: (off: boolean) => `camera ${off ? "off: removeTrack" : "back: direction sendrecv, replaceTrack"}, the SDP changes: expect negotiationneeded`,
    secondAlready: "a second video is already in the call",
    secondAdded: "added a second video: expect negotiationneeded",
    noScreen: (name: string) => `no screen to share (${name}): a canvas instead`,
    chatOpen: "chat open: peer to peer, not through the relay",
    chatNotOpen: { problem: "The chat is not open yet.", whatToDo: "It opens once the call is connected: click Connect (in either tab)." },
    /** isForThisCall: which call a message of the other peer's belongs to. */
    forAnotherCall: (type: string, to: string, mine: string) => `dropped this ${type}: it is for another call (${to}), not this one (${mine})`,
    newCallOffered: (from: string) => `an offer from a new call of the other side's (${from}): this call ends, a new one answers it`,
    fromAnotherCall: (type: string, from: string, theirs: string | null) =>
      `dropped this ${type}: it is from another call (${from}), not the one this call talks to (${theirs})`,
    turnExpiresSoon: "TURN credentials expire soon: asking the relay for fresh ones",
    freshTurn: "fresh TURN credentials from the relay: the next ICE restart allocates with them",
    callGoesOn: (status: string) => `${status}; the call goes on`,
    reconnecting: (status: string) => `Relay connection ${status}. The call goes on meanwhile: video and chat go straight between the browsers.`,
    relayRefused: (status: string) => ({ problem: `Relay connection ${status}.`, whatToDo: "Click Prepare to join again." }),
    backInRoom: (room: string, waiting: number) =>
      `Back in room "${room}" through the relay` + (waiting > 0 ? `; ${waiting} message(s) wait for the other peer.` : "."),
    roleNow: (role: string) => `the relay now says ${role}: this call keeps its role until it ends, so the two stay apart`,
    restartingIce: (why: string) => `ICE restart (${why}): restartIce(), so the next offer carries new ICE credentials`,
    hungUp: "The other peer hung up (its end of the chat closed). Ready for a new call: click Connect in either tab.",
    noCall: { problem: "There is no call to change yet.", whatToDo: "Click Prepare in both tabs, then Connect in either." },
    cameraRemoved: { problem: "The camera is removed from the call.", whatToDo: "Click “Camera back (direction, replaceTrack)” first." },
    /** What perfect-negotiation.ts says, branch by branch. */
    pattern: {
      negotiationNeeded: "negotiationneeded: making an offer (makingOffer = true)",
      ignored: "collision: ignored the other peer's offer, I am impolite (my own offer stands)",
      noCollision: "an offer came while their answer was still being set (srdAnswerPending): no collision",
      rolledBack: "collision: rolled back my offer, I am polite (answering theirs instead)",
      droppedCandidate: "dropped a candidate of the offer I ignored",
    },
    /** What relay-connection.ts says about the relay, shown after "relay: ". */
    relay: {
      inRoom: (room: string) => `in room "${room}"`,
      refused: (reason: string) => `refused by the relay (${reason}): not trying again`,
      roomWasFull: "the room was full",
      code: (code: number) => `code ${code}`,
      lost: (why: string, seconds: string, attempt: number) => `lost (${why}): reconnecting in ${seconds} s (attempt ${attempt})`,
    },
  },

  // --- The index page ---------------------------------------------------------------
  index: {
    title: "WebRTC signaling labs",
    intro:
      "Two browsers connect peer-to-peer. Step by step, the SDP that sets up the call travels by copy and paste, " +
      "through a WebSocket relay, over TLS, then with trickle ICE. Open a lab in two tabs (add `?room=yourname` to both " +
      "to get a room of your own), click **Prepare** in both, then **Connect** in one.",
    newPrivateRoom: "New private room",
    privateRoomWhy:
      "A room's name is its only key: anyone who knows it can join, and `default` or `test` are easy to guess. " +
      "A private room gets a random name nobody can guess.",
    privateRoomName: "Room",
    shareLink: "Send this link to whoever should join (and to no one else):",
    openLabIn: "Open a lab in this room:",
    hint:
      "Follow them in order. Each README says what the step is for, how to run it, shows a diagram of what the lab does, " +
      "what changed from the lab before (generated from the code), things to try and what to do when something goes wrong. " +
      "`npm test` runs every lab in a real browser.",
  },

  // --- The echo bot, in the terminal (scripts/bot.ts, scripts/bot/) ---------------------
  bot: {
    title: (lab: string, room: string, flavour: string) => `echo bot · lab ${lab} · room ${room} · ${flavour} signaling`,
    toStop: "(Ctrl+C to stop)",
    relay: "relay",
    room: "room",
    noCallYet: "no call yet: click Prepare, then Connect, in your tab",
    callWith: (peer: string) => `call with ${peer}`,
    localCandidates: "local candidates",
    remoteCandidates: "remote candidates",
    noneYet: "none yet",
    log: "log",
    counters: ({ packetsIn, packetsOut, keyframeRequests, textsIn, textsOut }: CountersShown) =>
      `packets in ${packetsIn} out ${packetsOut}, keyframe requests ${keyframeRequests}` + (textsIn > 0 ? `, texts in ${textsIn} out ${textsOut}` : ""),
    candidate: (peer: string, side: "local" | "remote", candidate: string) => `${peer}: ${side} candidate ${candidate}`,
    relayLine: (state: string) => `relay: ${state}`,
    roomLine: (description: string) => `room: ${description}`,
    inRoom: (room: string, peers: number, size: number, pageUrl: string, mesh: boolean) =>
      `${room}: ${peers} of ${size} here. open ${pageUrl}, click Prepare${mesh ? "" : ", then Connect"}`,
    connecting: (url: string) => `connecting to ${url}`,
    open: (room: string) => `open, waiting for the relay to put the bot in room "${room}"`,
    joined: (room: string, peers: number, size: number) => `joined room "${room}" (${peers} of ${size} here)`,
    closed: (code: number, reason: string) => `closed (code ${code}${reason ? `, ${reason}` : ""})`,
    relayError: (message: string) => `relay: ${message}`,
    notJson: (data: string) => `relay: ignored a message that is not a JSON object with a "type": ${data}`,
    error: (message: string) => `error: ${message}`,
    waitingForOffer: (peers: number) => `${peers} here: waiting for an offer (click Connect in the tab)`,
    tabLeft: (peers: number) => `${peers} here: the tab left, waiting for the next offer`,
    here: (peers: number) => `${peers} here`,
    addingEarly: (peer: string, count: number) => `${peer}: adding ${count} candidate(s) that came before the description`,
    noMoreRemote: (peer: string) => `${peer}: no more remote candidates`,
    receiving: (peer: string, kind: string) => `${peer}: receiving ${kind}, echoing it back`,
    dataChannel: (peer: string, label: string) => `${peer}: DataChannel "${label}", echoing its texts`,
    offerReceived: (peer: string) => `${peer}: offer received`,
    renegotiation: " (renegotiation: the call changed)",
    answerSent: (peer: string) => `${peer}: answer sent`,
    answerSentVanilla: "tab: answer sent, every candidate inside (vanilla ICE)",
    answerSentTrickle: "tab: answer sent; its candidates follow one by one (trickle ICE)",
    answerSentMesh: (peer: string) => `${peer}: answer sent; candidates follow one by one`,
    ignoredVanilla: (type: string) => `ignored a "${type}" message: in this lab the bot only answers offers`,
    ignoredTrickle: (type: string) => `ignored a "${type}" message: in this lab the bot answers offers and takes candidates`,
    ignoredType: (type: string) => `ignored a "${type}" message`,
    ignoredAnswer: "ignored an answer: the bot sent no offer",
    mesh: {
      whoAmI: (id: string) => `mesh: the bot is ${id} in this room`,
      left: (id: string) => `${id} left: its call is closed`,
      relaySays: (message: string) => `relay says: ${message}`,
      noFrom: (type: string) => `ignored a "${type}" message without "from"`,
      otherBot: (id: string) => `${id} is another bot: bots do not call each other`,
      met: (id: string) => `met ${id}: it offers (its id is larger)`,
      ignored: (type: string, from: string) => `ignored a "${type}" message from ${from}: the bot only answers offers and takes candidates`,
    },
    turn: {
      relayOnly: "ICE: relay candidates only (--policy relay): every packet goes through TURN",
      noTurnServer: "TURN: this relay hands out no TURN server (started without one?); the bot calls without it",
      notRunning: (why: string) => `TURN: not running (${why}); the bot calls without it`,
      noReason: "no reason given",
      server: (urls: string, username: string) => `TURN server from the relay: ${urls} as ${username}`,
    },
    perfect: {
      role: (polite: boolean) =>
        `perfect negotiation: the relay made the bot ${polite ? "polite" : "impolite"}; ` +
        "either way it never offers, so it answers every offer (the polite side's part)",
      callOver: (why: string) => `tab: ${why}; waiting for the next call`,
      connectionClosed: "the connection closed",
      hungUp: "hung up (its chat closed)",
      startedOver: "started over",
      leaving: "the bot is leaving",
      tabLeft: (peers: number) => `${peers} here: the tab left the relay (the call, if any, goes on without it)`,
      doesNotFit: (error: string) => `tab: this offer does not fit the current call (${error}): starting a new one`,
    },
    // Why the bot cannot run, in one sentence (then it exits).
    refusedBy: (refusal: string) => `The relay refused the bot: ${refusal}`,
    closedBeforeJoining: (code: number) => `The relay closed the connection before the bot joined (code ${code}).`,
    lost: (code: number, reason: string) => `The relay closed the connection (code ${code}${reason ? `: ${reason}` : ""}). Is \`npm start\` still running?`,
    noLocalCa: (path: string) =>
      `There is no local CA at ${path}, so the bot cannot check the relay's certificate. ` + "`npm start` makes it (and starts the relay).",
    nothingListens: (where: string) =>
      `Cannot reach the relay at ${where}: nothing listens there. Start it with \`npm start\` in another terminal, then run the bot again.`,
    noSuchHost: (where: string, host: string) => `Cannot reach the relay at ${where}: there is no host named "${host}".`,
    notOurCertificate: (where: string, code: string) =>
      `The relay at ${where} answered with a certificate this clone's local CA (ssl/ca.crt) does not vouch for (${code}). ` +
      "Is it the relay of this clone? Run the bot from the folder where `npm start` runs.",
    tooMany: (where: string) =>
      `The relay at ${where} refuses new connections from this machine for a moment: too many a second. Wait a few seconds, then run the bot again.`,
    cannotReach: (where: string, error: string) => `Cannot reach the relay at ${where}: ${error}. Is \`npm start\` running?`,
    usage: (labs: string) => `Usage: npm run bot -- --lab <lab> --room <room> [--relay-host <host>] [--policy relay]

  --lab         one of ${labs} (or just its number, e.g. 04)
  --room        the room your tab is in: the ?room= of its URL (without one, the lab's name)
  --relay-host  where the relay runs (default: localhost); its ports come from
                RELAY_WS_PORT and RELAY_WSS_PORT, as for npm start
  --policy      relay: lab 06 only, the bot uses TURN (relay candidates) only

Example: npm run bot -- --lab 04-trickle --room x   (then open https://localhost:5173/04-trickle/?room=x)`,
    whichLab: "Which lab? Give --lab.",
    notARoom: (room: string) => `"${room}" is not a room name: use 1 to 64 letters, digits, '-' or '_' (the ?room= of your tab's URL).`,
    policyOnlyRelay: (policy: string, lab: string) => `--policy takes one value, relay, and only in lab 06-turn (got "${policy}" for ${lab}).`,
    lab01HasNoRelay: "Lab 01 has no relay (you carry the SDP yourself), so there is no room for a bot to join.",
    noSuchLab: (name: string) => `There is no lab "${name}" the bot can join.`,
    /** Why there is no such lab, then the labs it knows. */
    knownLabs: (why: string, labs: string) => `${why} The bot knows: ${labs}.`,
  },
  /** readme.html: the page that shows a lab's README (or its DIFF.md). */
  readme: {
    pageTitle: "README · WebRTC signaling labs",
    allLabs: "← all labs",
    openLab: "open the lab →",
    loading: "Loading the README…",
    whichLab: "Which lab? Open this page from the list of labs.",
    serverDown: "The lab server does not answer. Is npm start running?",
    notFound: (path: string) => `${path} was not found.`,
    /** Shown above an English README on a page in another language, when the lab has no translation yet. */
    notTranslated: "This lab's README has no translation yet: here is the English one.",
    /** A link to a file the lab server cannot show (outside labs/): where it is. */
    elsewhere: (path: string) => `${path} in the repository, beside package.json`,
    diagramFailed: (why: string) => `mermaid could not draw this diagram: ${why}`,
  },
};

/**
 * The shape every language must have: English's keys, each a string, or a
 * function with English's parameters that returns what English's returns.
 */
type Shape<T> = T extends string
  ? string
  : T extends (...args: infer A) => infer R
    ? (...args: A) => Shape<R>
    : { [K in keyof T]: Shape<T[K]> };
export type Messages = Shape<typeof en>;

const ja: Messages = {
  language: {
    switchLabel: "言語",
    names: { en: "English", ja: "日本語" },
  },

  page: {
    allLabs: "← ラボの一覧",
    readme: "このラボの README",
    room: "ルーム",
    notJoined: "未参加",
    here: (peers) => `${peers} 人`,
    relay: "中継サーバー",
    videos: {
      local: "local_video (自分)",
      remote: "remote_video (相手)",
    },
    sdp: {
      sent: "text_for_send_sdp (このタブが送った SDP)",
      received: "text_for_recv_sdp (このタブが受け取った SDP)",
    },
    botHint: {
      alone:
        "1 人で試すなら、エコーボットを呼んでください。これはブラウザーではない WebRTC ピアで、このルームに参加してあなたのカメラ映像を送り返します。" +
        "別のターミナルで次を実行します:",
      copy: "コピー",
      copied: "コピーしました",
      selected: "選択しました。Ctrl+C でコピーしてください",
    },
  },

  panel: {
    label: "状態パネル",
    state: "状態",
    titles: {
      websocket: "SDP を運ぶ中継サーバーへの接続",
      signaling: "offer/answer のやり取りがどこまで進んだか。have-local-offer または have-remote-offer を経て stable になります",
      gathering: "このブラウザーが自分の ICE 候補をまだ収集しているか",
      ice: "互いに届く ICE 候補のペアが見つかったか",
      connection: "接続全体の状態。ICE の後に DTLS ハンドシェイクが続きます",
    },
    notConnected: "未接続",
    notUsed: "このラボでは使いません",
    localCandidates: "ローカルの ICE 候補",
    remoteCandidates: "リモートの ICE 候補",
    noneYet: "まだありません",
    timeline: "タイムライン",
    timelineHint: "最初の操作からの経過時間 (目盛りは実時間に比例)",
    log: "イベントログ",
    logHint: "→ 送信、← 受信",
    nothingYet: "まだありません",
    fingerprint: {
      local: "DTLS フィンガープリント (自分)",
      localTitle: "このタブが自分の証明として示す証明書。自分の SDP (localDescription) から読みます",
      remote: "DTLS フィンガープリント (相手)",
      remoteTitle: "相手のタブが示すはずの証明書。中継サーバー経由で受け取った SDP に書かれたものです",
    },
    codecs: {
      label: "映像のコーデック",
      title: "映像が今それぞれの向きで使っているコーデック。getStats() の outbound-rtp と inbound-rtp から読みます。両方のブラウザーが持つものの中から answer が選んだものです",
      inUse: (sending, receiving) => `送信 ${sending} · 受信 ${receiving}`,
    },
    candidatesInside: (count) => `SDP 内の ICE 候補 ${count} 個`,
    connected: "P2P 通信で接続しました。映像は 2 つのブラウザーの間を直接流れています。",
    privateRoom: "プライベートルーム",
    privateRoomTitle: "誰にも推測できないランダムな名前です。名前だけが鍵なので、リンクを渡した相手は誰でも参加できます。",
    testKnobs: (knobs) => `テスト用のつまみがオンです (このページの URL から): ${knobs}`,
    errorInLog: (problem) => `エラー: ${problem}`,
    unexpected: (nameAndMessage) => `予期しないエラーです: ${nameAndMessage}`,
  },

  marks: {
    "connect-clicked": "Connect をクリック",
    "offer-created": "offer を作成",
    "answer-created": "answer を作成",
    "local-description-set": "setLocalDescription が完了",
    "candidate-gathered": "ICE 候補を収集",
    "gathering-complete": "ICE 候補の収集が完了",
    "offer-sent": "offer を送信",
    "offer-received": "offer を受信",
    "answer-sent": "answer を送信",
    "answer-received": "answer を受信",
    "candidate-sent": "ICE 候補を送信",
    "candidate-received": "ICE 候補を受信",
    "remote-candidate-added": "相手の ICE 候補を追加",
    "ice-connected": "ICE が接続",
    connected: "接続を確立",
    "first-remote-frame": "相手の映像の最初のフレーム",
    "first-relay-candidate": "最初の relay 候補",
  },

  log: {
    prepared: "準備完了: ルームに参加し、カメラがオンになりました",
    relayOpen: (url) => `中継サーバーに接続しました: ${url}`,
    joined: (room, others) => `ルーム "${room}" に参加しました。ほかのピアは ${others} 人です`,
    peerJoined: "別のピアがルームに参加しました",
    peerLeftStillPrepared: "別のピアがルームを出ました (このタブは準備完了のままです)",
    ignoredFromReplaced: "Prepare で置き換えた中継サーバー接続からのメッセージを無視しました",
    ignoredType: (type) => `種類が "${type}" のメッセージを無視しました`,
    ignoredAnswer: "answer を無視しました。このタブには answer を待っている offer がありません",
    ignoredCandidate: "ICE 候補を無視しました。通話がありません",
    queuedCandidate: (waiting) => `リモートの SDP が設定されるまで ICE 候補を待たせます (待機中 ${waiting} 個)`,
    addingQueued: (count) => `待たせていた ICE 候補 ${count} 個を追加します`,
    noMoreCandidates: "相手の ICE 候補はこれで全部です",
    endOfCandidates: "ICE 候補の終わり",
    turnServer: (urls, username) => `中継サーバーから TURN サーバーを受け取りました: ${urls} (ユーザー名 ${username})`,
  },

  notice: {
    alreadyInCall: "このタブはすでに通話中です (相手のタブが先に Connect した可能性があります)。ここで Connect する必要はありません。",
    peerLeft: "相手が退出しました。新しい通話を始めるには、両方のタブで Prepare をクリックしてください。",
  },

  advice: {
    cameraNeedsHttps: {
      problem: "このページではカメラを使えません (navigator.mediaDevices is undefined)。ブラウザーがカメラを許可するのは https:// か localhost のページだけです。",
      whatToDo: "ラボを https:// の URL で開いてください。",
    },
    cameraRefused: (name) => ({
      problem: `カメラの使用が拒否されました (${name})。`,
      whatToDo: "アドレスバーのアイコンからこのサイトにカメラを許可し、もう一度 Prepare をクリックしてください。",
    }),
    noCamera: (name) => ({
      problem: `カメラが見つかりません (${name})。`,
      whatToDo: "カメラをつなぐか、Chromium の疑似カメラのフラグを使ってから、もう一度 Prepare をクリックしてください。",
    }),
    cameraFailed: (error) => ({
      problem: `カメラを起動できませんでした (${error})。`,
      whatToDo: "カメラを使っているほかのアプリを閉じてから、もう一度 Prepare をクリックしてください。",
    }),
    malformed: (data) => ({
      problem: `中継サーバーから不正な形式のメッセージが届きました: ${data}`,
      whatToDo: 'このメッセージは無視しました。メッセージは "type" を持つ JSON です。offer と answer には "sdp" のテキストも入ります。',
    }),
    relayDown: (origin, closed) => ({
      problem: `中継サーバー ${origin} に接続できません (WebSocket closed, ${closed})。`,
      whatToDo: "中継サーバーは起動していますか。`npm start` で起動してから、もう一度 Prepare をクリックしてください。",
    }),
    insecureWebSocket: (page, relay, lab03, error) => ({
      problem:
        `このページ (${page}) は別のマシンから https で届いています。そのようなページが開けるのは wss:// (TLS 越しの WebSocket) だけなので、` +
        `ブラウザーはラボ 02 の暗号化されていない ws:// の中継サーバー ${relay} への接続を拒否しました (混在コンテンツ (mixed content)。例外は localhost だけです)。ブラウザーのエラー: ${error}`,
      whatToDo:
        "ラボ 02 の ws:// が使えるのは、中継サーバーを動かしているマシンで、ページを localhost として開いたときだけです。" +
        `別の端末からは、同じ中継サーバーを wss:// で使うラボ 03 を開いてください: ${lab03}`,
    }),
    relayDownOrUntrusted: (origin, closed, certificatePage) => ({
      problem:
        `中継サーバー ${origin} に接続できません (WebSocket closed, ${closed})。` +
        "中継サーバーが起動していないか、このブラウザーがその証明書を信頼していません。",
      whatToDo:
        `\`npm start\` で起動してください。起動済みなら、${certificatePage} を一度開いて証明書を受け入れてください。` +
        "ローカル認証局 (CA) を信頼させる方法もあります (リポジトリ直下の README.md を参照)。それからもう一度 Prepare をクリックしてください。",
    }),
    notPrepared: { problem: "Connect の前に Prepare が必要です。", whatToDo: "両方のタブで Prepare をクリックし、それから片方のタブで Connect をクリックしてください。" },
    callEnded: { problem: "通話は終了しています。", whatToDo: "新しい通話を始めるには Prepare をクリックしてください。" },
    noRelay: { problem: "このタブは中継サーバーに接続していません。", whatToDo: "Prepare を (もう一度) クリックしてから Connect をクリックしてください。" },
    nobodyElseIn: (room) => ({
      problem: `ルーム "${room}" にはまだ誰もいないので、offer を送っても誰にも届きません。`,
      whatToDo: "同じ ?room= でこのページを別のタブ (または別の端末) で開き、そこで Prepare をクリックしてから、こちらで Connect をクリックしてください。",
    }),
    notLetIn: (room, reason) => ({
      problem: `中継サーバーはこのタブをルーム "${room}" に入れませんでした (${reason})。`,
      whatToDo:
        reason === "room-full"
          ? "ルームが満員です。ほかの参加者のタブを閉じるか別の ?room= を使ってから、もう一度 Prepare をクリックしてください。"
          : reason === "bad-room-name"
            ? "ルーム名は 1 文字から 64 文字の英数字、- または _ です。アドレスの ?room= を直してから、もう一度 Prepare をクリックしてください。"
            : "中継サーバーが何と言ったかはイベントログにあります。アドレスを直してから、もう一度 Prepare をクリックしてください。",
    }),
    relayClosed: (code) => ({
      problem: `中継サーバーが接続を閉じました (code ${code})。`,
      whatToDo:
        "接続済みの通話はそのまま続きます。映像は中継サーバーを通らないからです。" +
        "新しい通話を始めるには、`npm start` が動いていることを確かめてから Prepare をクリックしてください。",
    }),
    relaySays: (message, code) => ({ problem: `中継サーバーからのエラー: ${message} (${code})`, whatToDo: "" }),
    cannotSend: (what) => ({ problem: `${what} を送れません。中継サーバーへの接続が開いていません。`, whatToDo: "Prepare をクリックして接続し直してください。" }),
    offersCrossed: {
      problem:
        "両方のタブが同時に Connect をクリックしたため、両方が offer を送り、オファーが衝突しました。" +
        "どちらのタブも来ない answer を待ち続けるので、映像は届きません。",
      whatToDo:
        "やり直すには、両方のタブで Prepare をクリックし、Connect はどちらか一方だけでクリックしてください。" +
        "ラボ 07 の完全なネゴシエーション (Perfect Negotiation) では、一方のタブが譲るので、この問題は起きません。",
    },
    offerWithoutCall: {
      problem: "offer が届きましたが、このタブには応答できる通話の準備がありません。",
      whatToDo: "こちらで Prepare をクリックしてから、相手のタブで Connect をクリックしてください。",
    },
    descriptionRejected: (type, error) => ({
      problem: `中継サーバー経由で届いた ${type} をブラウザーが受け付けませんでした: ${error}`,
      whatToDo: "送る側は createOffer/createAnswer が作った SDP をそのまま全部送る必要があります。両方のタブで Prepare をクリックしてやり直してください。",
    }),
    candidateRefused: (candidate, error) => ({
      problem: `相手の ICE 候補が拒否されました (${error}): ${candidate}`,
      whatToDo: "ほかの ICE 候補で接続できる場合もあります。接続できなければ、両方のタブで Prepare をクリックしてから、もう一度 Connect をクリックしてください。",
    }),
    iceFailed: {
      problem:
        "ICE が失敗しました。2 つのブラウザーの間に通じるネットワーク経路が見つかりません。この 2 つのネットワークの間には直接の経路がありません。" +
        "両方の NAT やファイアウォール (モバイル回線のスマートフォンや多くのオフィス) が、相手のブラウザーからのパケットを通しません。",
      whatToDo:
        "足りないのは TURN サーバーです。TURN サーバーは両方のブラウザーから届くサーバーで、2 つのネットワークの間で映像を中継します。" +
        "ラボ 06 (06-turn) で TURN サーバーを加えます。同じ LAN で試しているなら、2 台の端末が同じ LAN にいるか確かめてください。両方のタブで Prepare をクリックするとやり直せます。",
    },
    sdpChangedOnTheWay: {
      problem:
        "ICE は接続しましたが、DTLS で接続が失敗しました。相手のブラウザーの証明書が、このタブが受け取った SDP のフィンガープリントと一致しません。" +
        "SDP が途中で書き換えられています。悪意のある中継サーバーがするのと同じことです。",
      whatToDo:
        "2 つのタブの状態パネルで DTLS フィンガープリントを比べてください。各タブの「自分」が、もう一方のタブの「相手」と同じになるはずです。" +
        "URL に ?tamper=fingerprint があれば、中継サーバーがテスト用にわざと書き換えています。外してから両方のタブで Prepare をクリックしてください。",
    },
  },

  labs: {
    "01-copy-paste": {
      title: "ラボ 01 · SDP をコピー&ペーストで運ぶ",
      intro: "サーバーはありません。あなた自身がシグナリングの経路になります。このページを 2 つのタブで開いてください。",
      name: "01 · コピー&ペースト",
      summary: "サーバーなし。offer と answer を自分の手でタブの間に運びます。",
    },
    "02-ws-vanilla": {
      title: "ラボ 02 · WebSocket の中継サーバーで SDP を運ぶ (Vanilla ICE)",
      name: "02 · WebSocket と Vanilla ICE",
      summary: "小さな中継サーバーが SDP を運びます。各側は ICE 候補の収集が終わってから送ります。",
    },
    "03-wss": {
      title: "ラボ 03 · TLS 越しの中継サーバー (wss)",
      name: "03 · TLS 越しの中継サーバー (wss)",
      summary: "同じ中継サーバーを wss:// で使います。LAN 上の別の端末からも届きます。",
    },
    "04-trickle": {
      title: "ラボ 04 · Trickle ICE: 見つけた ICE 候補をすぐに送る",
      name: "04 · Trickle ICE",
      summary: "SDP はすぐに送り、ICE 候補は見つかるたびに送ります。早く着いた候補はキューで待ちます。",
    },
    "05-mesh": {
      title: "ラボ 05 · 3 人か 4 人の通話 (フルメッシュ)",
      name: "05 · 3 人か 4 人の通話 (フルメッシュ)",
      summary: "元の動画の課題です。相手ごとに 1 本の接続を持ち、誰が誰に offer するか、誰が退出したかを扱います。",
    },
    "06-turn": {
      title: "ラボ 06 · TURN サーバー経由で、NAT やファイアウォールを越えるように",
      name: "06 · TURN サーバー経由",
      summary: "ラボ 04 に coturn を加えます。中継サーバーから期限付きの認証情報をもらい、relay 候補と選択された候補ペアを見ます (`?policy=relay` を付けて)。",
    },
    "07-perfect-negotiation": {
      title: "ラボ 07 · 完全なネゴシエーション (Perfect Negotiation): どちらからでも、いつでも、途切れずに",
      name: "07 · 完全なネゴシエーション",
      summary: "Perfect Negotiation です。どちらのタブが offer しても、同時でもかまいません。通話の途中でカメラ、2 本目の映像、チャットが変わり、中継サーバーが落ちても通話は続きます。",
    },
  },

  lab01: {
    sdpToCopy: "text_for_send_sdp (これを相手のタブにコピーします)",
    sdpToPaste: "text_for_recv_sdp (相手のタブの SDP をここに貼り付けます)",
    prepared: "準備完了: カメラがオンになりました",
    notPrepared: { problem: "先に Prepare をクリックしてください。", whatToDo: "Prepare が RTCPeerConnection を作り、カメラをオンにします。" },
    iceFailed: {
      problem: "ICE が失敗しました。2 つのブラウザーの間に通じるネットワーク経路が見つかりません。",
      whatToDo: "両方のタブで Prepare をクリックし、SDP をもう一度やり取りしてください。",
    },
    shownForCopy: "text_for_send_sdp に表示",
    fromPasted: "text_for_recv_sdp から",
    copyOffer: "text_for_send_sdp を相手のタブの text_for_recv_sdp にコピーし、そのタブで Receive SDP をクリックしてください。",
    copyAnswer: "この answer (text_for_send_sdp) を最初のタブの text_for_recv_sdp にコピーし、そのタブで Receive SDP をクリックしてください。",
    ownSdp: { problem: "これはこのタブ自身の SDP です。", whatToDo: "相手のタブの text_for_recv_sdp に貼り付けてください。" },
    alreadyAnswered: { problem: "このタブはすでに offer に応答しています。", whatToDo: "やり直すには、両方のタブで Prepare をクリックしてください。" },
    rejected: (type, error) => ({
      problem: `ブラウザーはこの SDP を ${type} として受け付けませんでした: ${error}`,
      whatToDo: "相手のタブの text_for_send_sdp を、手を加えずに全部貼り付けてください。",
    }),
    empty: { problem: "text_for_recv_sdp が空です。", whatToDo: "先に相手のタブの text_for_send_sdp を貼り付けてください。" },
    notSdp: {
      problem: "このテキストは SDP ではありません。SDP は v=0 の行で始まります。",
      whatToDo: "相手のタブの text_for_send_sdp を最初の行から最後の行まで全部コピーしてください。",
    },
  },

  mesh: {
    youAre: "自分の ID",
    lastSent: "text_for_send_sdp (このタブが最後に送った SDP:",
    lastReceived: "text_for_recv_sdp (このタブが最後に受け取った SDP:",
    toNobody: "まだ送っていません",
    fromNobody: "まだ受け取っていません",
    sentTo: (type, id) => `${id} への ${type}`,
    receivedFrom: (type, id) => `${id} からの ${type}`,
    hint: "同じ `?room=` でこのページを 3 つか 4 つのタブで開き、それぞれで Prepare をクリックすると、互いに発信し合います。",
    websocketTitle: "すべてのタブのメッセージを運ぶ中継サーバーへの接続",
    connections: "ピア接続",
    connectionsHint: "ルームのほかのピアごとに RTCPeerConnection が 1 つ",
    columns: {
      peer: "ピア",
      peerTitle: "そのピアが自分で決めた ID",
      role: "offer する側",
      roleTitle: "この接続で offer を送る側。ID が大きい方です",
      gatheringTitle: "この接続のために、このブラウザーが自分の ICE 候補をまだ収集しているか",
      sent: "送信",
      sentTitle: "このタブがそのピアに送った ICE 候補",
      received: "受信",
      receivedTitle: "そのピアがこのタブに送った ICE 候補",
      queued: "待機",
      queuedTitle: "そのピアの SDP より先に届いたので、SDP が来るまで待たせた ICE 候補",
      ourFingerprint: "自分のフィンガープリント",
      ourFingerprintTitle: "この接続でこのタブが自分の証明として示す DTLS 証明書。自分の SDP から読みます",
      theirFingerprint: "相手のフィンガープリント",
      theirFingerprintTitle: "そのピアが示すはずの証明書。中継サーバー経由で受け取った SDP に書かれたものです",
      codecs: "映像のコーデック",
    },
    noConnectionYet: "まだありません。3 つか 4 つのタブで Prepare をクリックしてください",
    weOffer: "自分",
    theyOffer: "相手",
    to: (id) => `(宛先 ${id})`,
    toEveryone: "(全員宛て)",
    from: (id) => `(送信元 ${id})`,
    prepared: (id) => `準備完了: カメラがオンになり、ルームに参加しました。このタブの ID は ${id} です`,
    joined: (room, peers) => `ルーム "${room}" に参加しました: ${peers} 人`,
    roomChanged: (change, peers) => `${change}: 現在 ${peers} 人`,
    left: (id) => `${id} が通話から退出しました。その接続を閉じ、映像の枠を取り除きました。`,
    met: (id, weOffer) => `${id} と出会いました: ${weOffer ? "このタブが offer します" : "相手が offer します"}`,
    ignoredOffer: (id) => `${id} からの offer を無視しました。この接続では、このタブが offer する側です`,
    ignoredAnswer: (id) => `${id} からの answer を無視しました。answer を待っている offer がありません`,
    queuedCandidate: (id, waiting) => `${id}: 相手の SDP が設定されるまで ICE 候補を待たせます (待機中 ${waiting} 個)`,
    addingQueued: (id, count) => `${id}: 待たせていた ICE 候補 ${count} 個を追加します`,
    noMoreCandidates: (id) => `${id}: 相手の ICE 候補はこれで全部です`,
    cameraOff: { problem: "カメラがオフです。", whatToDo: "Prepare をクリックしてください。" },
    relayClosed: (code) => ({
      problem: `中継サーバーが接続を閉じました (code ${code})。`,
      whatToDo:
        "確立済みの通話は P2P 通信なので続きます。ただし新しい参加者は入れず、退出にも気づけません。" +
        "`npm start` がまだ動いているか確かめ、Prepare をクリックして参加し直してください。",
    }),
    iceFailed: (id) => ({
      problem: `${id} との ICE が失敗しました。2 つのブラウザーの間に通じるネットワーク経路が見つかりません。`,
      whatToDo: "2 台の端末で試しているなら、同じ LAN にいるか確かめてください。2 つのタブのどちらかで Prepare をクリックするとやり直せます。",
    }),
    notUnderstood: (data) => ({
      problem: `中継サーバーから、このラボでは解釈できないメッセージが届きました: ${data}`,
      whatToDo:
        'このメッセージは無視しました。このラボのメッセージは "type" と送信元の ID "from" を持つ JSON です。' +
        'offer、answer、ICE 候補は宛先 "to" も持ち、offer と answer には "sdp" のテキストも入ります。',
    }),
    rejected: (type, id, error) => ({
      problem: `${id} からの ${type} をブラウザーが受け付けませんでした: ${error}`,
      whatToDo: "送る側は createOffer/createAnswer が作った SDP をそのまま全部送る必要があります。2 つのタブのどちらかで Prepare をクリックしてやり直してください。",
    }),
    candidateRefused: (id, error, candidate) => ({
      problem: `${id} からの ICE 候補が拒否されました (${error}): ${candidate}`,
      whatToDo: "ほかの ICE 候補で接続できる場合もあります。接続できなければ、2 つのタブのどちらかで Prepare をクリックしてください。",
    }),
    sdpChangedOnTheWay: (id) => ({
      problem:
        `${id} との接続は、ICE の接続後に DTLS で失敗しました。相手の証明書が、このタブが受け取った SDP のフィンガープリントと一致しません。` +
        "SDP が途中で書き換えられています。悪意のある中継サーバーがするのと同じことです。",
      whatToDo:
        "2 つのタブの状態パネルでフィンガープリントを比べてください。一方の「自分のフィンガープリント」が、もう一方の「相手のフィンガープリント」と同じになるはずです。" +
        "URL に ?tamper=fingerprint があれば、中継サーバーがテスト用にわざと書き換えています。外してからもう一度 Prepare をクリックしてください。",
    }),
  },

  turn: {
    title: "中継サーバーが渡した TURN サーバーと、このタブの認証情報の有効期限",
    selectedPair: "選択された候補ペア",
    selectedPairHint: "getStats() から随時取得。両端が host、srflx、relay のどれかを示します",
    running: (until) => `起動中、認証情報は ${until} まで`,
    expired: (at) => `起動中、認証情報は ${at} に失効`,
    notRunning: "起動していません",
    local: "ローカル",
    remote: "リモート",
    roundTrip: "往復時間",
    notMeasured: "まだ計測していません",
    toTurnOver: (protocol) => `(TURN サーバーまでは ${protocol})`,
    connected: "接続しました。映像がブラウザー間を直接流れるか TURN を経由するかは、状態パネルの「選択された候補ペア」でわかります。",
    noTurnServer: {
      problem: "この中継サーバーは TURN サーバーを渡しません。TURN サーバーなしで起動されています (`npm run relay` で起動しましたか)。",
      whatToDo: "`npm start` ですべてを起動してください。中継サーバーと一緒に coturn も起動します。それからもう一度 Prepare をクリックしてください。",
    },
    turnNotRunning: (why) => ({
      problem: `TURN サーバーが起動していません: ${why}`,
      whatToDo:
        "coturn をインストールし (Debian/Ubuntu は `sudo apt-get install coturn`、macOS は `brew install coturn`)、`npm start` を起動し直してから、" +
        "もう一度 Prepare をクリックしてください。TURN なしでも直接つながる場合はありますが、?policy=relay では接続できません。",
    }),
    iceFailedThroughTurn: {
      problem: "ICE が失敗しました。TURN を経由しても 2 つのブラウザーの間に経路が見つかりません。",
      whatToDo: "理由は coturn のログにあります (ログの場所は `npm start` の出力にあります)。たとえば `403: Forbidden IP` です。両方のタブで Prepare をクリックするとやり直せます。",
    },
    candidateError: (code, url, text) => `icecandidateerror ${code} (${url}): ${text}`,
    connectedWithoutRelay: (turnSaid) => `relay 候補はありませんが、ICE は直接接続しました${turnSaid ? ` (TURN の応答: ${turnSaid})` : ""}`,
    credentialsRefused: (error) => ({
      problem: `TURN サーバーがこのタブの認証情報を拒否しました (${error})。認証情報が間違っているか、期限が切れています。`,
      whatToDo:
        "中継サーバーが渡す認証情報には期限があります (TURN_CREDENTIAL_TTL_S、既定は 1 時間)。Prepare をクリックすると新しいものをもらえます。" +
        "それでも駄目なら、中継サーバーと coturn の共有シークレット (ssl/turn-secret) が一致していません。`npm start` を起動し直してください。",
    }),
    noPortLeft: (error) => ({
      problem: `TURN サーバーに空いている relay 用のポートがありません (${error})。relay 候補は収集できませんでした。`,
      whatToDo:
        "relay 候補は 1 つにつき TURN サーバーのポート (TURN_MIN_PORT から TURN_MAX_PORT) を 1 つ使います。通話が終わるか、" +
        "タブが解放せずに消えてから 1 分たつまで、ポートは空きません。ほかの通話を閉じるか 1 分待つか、範囲を広げてから、もう一度 Prepare をクリックしてください。",
    }),
    turnError: (url, error) => ({
      problem: `${url} の TURN サーバーがエラーを返しました (${error})。relay 候補は収集できませんでした。`,
      whatToDo: "詳しくは TURN サーバーのログにあります (場所は `npm start` の出力にあります)。Prepare をクリックするとやり直せます。",
    }),
    unreachable: (urls) => ({
      problem: `TURN サーバー ${urls} に届きません。応答がないので、relay 候補は収集できませんでした。`,
      whatToDo:
        "turnserver は起動していますか。`npm start` が起動し、`turn` の行を表示します (その行の指示に従って coturn をインストールします)。" +
        "別の端末から使うなら、このマシンのファイアウォールが TURN のポートを通すか確かめてください。それからもう一度 Prepare をクリックしてください。",
    }),
    or: " または ",
  },

  perfect: {
    videos: {
      localSecond: "local_video_2 (自分の 2 本目の映像)",
      remoteSecond: "remote_video_2 (相手の 2 本目の映像)",
    },
    duringCall: "通話中の操作",
    buttons: {
      cameraOff: "カメラをオフ (replaceTrack)",
      cameraOn: "カメラをオン (replaceTrack)",
      cameraRemove: "カメラを外す (removeTrack)",
      cameraBack: "カメラを戻す (direction、replaceTrack)",
      addCanvas: "canvas の映像を追加",
      shareScreen: "画面を共有",
      restartIce: "ICE を再起動",
      send: "送信",
    },
    chat: "チャット",
    chatHint: "DataChannel による P2P 通信。中継サーバーは通りません",
    chatPlaceholder: "メッセージ",
    me: "自分",
    them: "相手",
    role: "役割",
    roleTitle: "両方が同時に offer したときにどちらが譲るか。中継サーバーが参加順で決めます",
    iceLocal: "ICE 認証情報 (自分)",
    iceLocalTitle: "こちら側の ICE のユーザー名フラグメントとパスワード (a=ice-ufrag、a=ice-pwd)。ICE を再起動すると変わります",
    iceRemote: "ICE 認証情報 (相手)",
    iceRemoteTitle: "相手側のもの。最後に受け取った SDP から読みます",
    mine: "自分",
    theirs: "相手",
    iceCredentials: (whose, ufrag, before) => `ICE 認証情報 (${whose}): ufrag ${ufrag}${before ? ` (以前は ${before})` : ""}`,
    relayStatus: (text) => `中継サーバー: ${text}`,
    prepared: (role) => `準備完了: ルームに参加し、カメラがオンになりました。役割は ${role} です`,
    otherIsHere: "相手がルームにいます。どちらのタブで Connect をクリックしてもかまいません",
    noTurn: "中継サーバーから TURN サーバーをもらえませんでした。ラボ 04 と同じく host 候補だけで接続します",
    joined: (room, role, others) => `ルーム "${room}" に ${role} 側として参加しました。ほかのピアは ${others} 人です`,
    peerLeft:
      "相手が中継サーバーのルームから出ました。中継サーバーとの接続が切れただけなら、自動で戻ってきて通話は続きます。" +
      "通話を切ったのなら、相手のチャットが閉じ、このタブは次の通話の準備をします。",
    why: {
      connectClicked: "Connect がクリックされました",
      theirOffer: "相手の offer が届きました",
      restartClicked: "「ICE を再起動」がクリックされました",
      iceFailed: "ICE が失敗しました",
      relayBack: (ice) => `中継サーバーが戻り、ICE は ${ice} です`,
    },
    alreadyInCall: (why) => `すでに通話に参加しています (${why})。追加するものはありません`,
    joiningCall: (why) => `${why}。自分のカメラとチャットのチャネルを通話に追加します`,
    keptForLater: (waiting) => `  (中継サーバーが届けられるようになるまで保留します。待機中 ${waiting} 件)`,
    theirVideo: (isCamera) => (isCamera ? "相手のカメラ" : "相手の 2 本目の映像"),
    track: (video) => `← track: ${video}`,
    muted: (video) => `${video}が止まりました (track muted)`,
    unmuted: (video) => `${video}が届いています (track unmuted)`,
    replaced: (off) => `カメラを${off ? "オフ: replaceTrack(null)" : "オン: replaceTrack(camera)"}。ネゴシエーションは不要です`,
    removed: (off) => `カメラを${off ? "外しました: removeTrack" : "戻しました: direction を sendrecv に、replaceTrack"}。SDP が変わるので negotiationneeded が発火するはずです`,
    secondAlready: "2 本目の映像はすでに通話に入っています",
    secondAdded: "2 本目の映像を追加しました。negotiationneeded が発火するはずです",
    noScreen: (name) => `共有できる画面がありません (${name})。代わりに canvas を使います`,
    chatOpen: "チャットが開きました。P2P 通信で、中継サーバーは通りません",
    chatNotOpen: { problem: "チャットはまだ開いていません。", whatToDo: "通話が接続すると開きます。どちらかのタブで Connect をクリックしてください。" },
    forAnotherCall: (type, to, mine) => `この ${type} を捨てました。別の通話 (${to}) 宛てで、この通話 (${mine}) 宛てではありません`,
    newCallOffered: (from) => `相手側の新しい通話 (${from}) から offer が届きました。この通話を終え、新しい通話で応答します`,
    fromAnotherCall: (type, from, theirs) => `この ${type} を捨てました。別の通話 (${from}) からのもので、この通話の相手 (${theirs}) からではありません`,
    turnExpiresSoon: "TURN の認証情報がもうすぐ期限切れになります。中継サーバーに新しい認証情報を頼みます",
    freshTurn: "中継サーバーから新しい TURN の認証情報が届きました。次の ICE 再起動ではこれで割り当てます",
    callGoesOn: (status) => `${status}。通話は続いています`,
    reconnecting: (status) => `中継サーバーとの接続: ${status}。その間も通話は続きます。映像とチャットはブラウザー間を直接流れています。`,
    relayRefused: (status) => ({ problem: `${status}。`, whatToDo: "Prepare をクリックして参加し直してください。" }),
    backInRoom: (room, waiting) =>
      `中継サーバー経由でルーム "${room}" に戻りました` + (waiting > 0 ? `。相手宛てのメッセージが ${waiting} 件待っています。` : "。"),
    roleNow: (role) => `中継サーバーの指定は ${role} に変わりました。通話が終わるまで今の役割のままなので、2 人の役割は重なりません`,
    restartingIce: (why) => `ICE を再起動します (${why})。restartIce() で、次の offer に新しい ICE 認証情報が入ります`,
    hungUp: "相手が通話を切りました (相手側のチャットが閉じました)。新しい通話の準備ができています。どちらかのタブで Connect をクリックしてください。",
    noCall: { problem: "変更できる通話がまだありません。", whatToDo: "両方のタブで Prepare をクリックし、どちらかのタブで Connect をクリックしてください。" },
    cameraRemoved: { problem: "カメラは通話から外されています。", whatToDo: "先に「カメラを戻す (direction、replaceTrack)」をクリックしてください。" },
    pattern: {
      negotiationNeeded: "negotiationneeded: offer を作ります (makingOffer = true)",
      ignored: "衝突: 自分は impolite なので相手の offer を無視しました (自分の offer を通します)",
      noCollision: "相手の answer を設定中 (srdAnswerPending) に offer が届きました。衝突ではありません",
      rolledBack: "衝突: 自分は polite なので自分の offer をロールバックしました (相手の offer に応答します)",
      droppedCandidate: "無視した offer の ICE 候補を捨てました",
    },
    relay: {
      inRoom: (room) => `ルーム "${room}" に参加中`,
      refused: (reason) => `中継サーバーに拒否されました (${reason})。再接続はしません`,
      roomWasFull: "ルームが満員でした",
      code: (code) => `code ${code}`,
      lost: (why, seconds, attempt) => `切断されました (${why})。${seconds} 秒後に再接続します (${attempt} 回目)`,
    },
  },

  index: {
    title: "WebRTC シグナリングのラボ",
    intro:
      "2 つのブラウザーが P2P 通信でつながります。通話を準備する SDP を、コピー&ペースト、WebSocket の中継サーバー、TLS、" +
      "そして Trickle ICE と、一歩ずつ違う方法で運びます。ラボを 2 つのタブで開き (自分だけのルームにするには両方に `?room=yourname` を付けます)、" +
      "両方で **Prepare** を、片方で **Connect** をクリックしてください。",
    newPrivateRoom: "プライベートルームを作る",
    privateRoomWhy:
      "ルームの名前が唯一の鍵です。名前を知っていれば誰でも参加でき、`default` や `test` はすぐに推測されます。" +
      "プライベートルームには、誰にも推測できないランダムな名前が付きます。",
    privateRoomName: "ルーム",
    shareLink: "このリンクを参加してほしい相手にだけ送ってください:",
    openLabIn: "このルームでラボを開きます:",
    hint:
      "順番に進めてください。各 README には、その段階の目的、動かし方、ラボの動きを表す図、前のラボからの変更点 (コードから生成)、" +
      "試してみること、うまくいかないときの対処があります。`npm test` はすべてのラボを本物のブラウザーで動かします。",
  },

  bot: {
    title: (lab, room, flavour) => `エコーボット · ラボ ${lab} · ルーム ${room} · シグナリング ${flavour}`,
    toStop: "(Ctrl+C で終了)",
    relay: "中継サーバー",
    room: "ルーム",
    noCallYet: "まだ通話はありません。タブで Prepare を、続けて Connect をクリックしてください",
    callWith: (peer) => `${peer} との通話`,
    localCandidates: "ローカルの ICE 候補",
    remoteCandidates: "リモートの ICE 候補",
    noneYet: "まだありません",
    log: "ログ",
    counters: ({ packetsIn, packetsOut, keyframeRequests, textsIn, textsOut }) =>
      `パケット 受信 ${packetsIn} 送信 ${packetsOut}、キーフレーム要求 ${keyframeRequests}` + (textsIn > 0 ? `、テキスト 受信 ${textsIn} 送信 ${textsOut}` : ""),
    candidate: (peer, side, candidate) => `${peer}: ${side === "local" ? "ローカル" : "リモート"}の ICE 候補 ${candidate}`,
    relayLine: (state) => `中継サーバー: ${state}`,
    roomLine: (description) => `ルーム: ${description}`,
    inRoom: (room, peers, size, pageUrl, mesh) =>
      `${room}: ${size} 人中 ${peers} 人。${pageUrl} を開き、Prepare${mesh ? "" : " と Connect"} をクリックしてください`,
    connecting: (url) => `${url} に接続中`,
    open: (room) => `接続しました。中継サーバーがボットをルーム "${room}" に入れるのを待っています`,
    joined: (room, peers, size) => `ルーム "${room}" に参加しました (${size} 人中 ${peers} 人)`,
    closed: (code, reason) => `切断されました (code ${code}${reason ? `、${reason}` : ""})`,
    relayError: (message) => `中継サーバー: ${message}`,
    notJson: (data) => `中継サーバー: "type" を持つ JSON オブジェクトではないメッセージを無視しました: ${data}`,
    error: (message) => `エラー: ${message}`,
    waitingForOffer: (peers) => `${peers} 人: offer を待っています (タブで Connect をクリックしてください)`,
    tabLeft: (peers) => `${peers} 人: タブが退出しました。次の offer を待っています`,
    here: (peers) => `${peers} 人`,
    addingEarly: (peer, count) => `${peer}: SDP より先に届いた ICE 候補 ${count} 個を追加します`,
    noMoreRemote: (peer) => `${peer}: リモートの ICE 候補はこれで全部です`,
    receiving: (peer, kind) => `${peer}: ${kind} を受信し、そのまま送り返します`,
    dataChannel: (peer, label) => `${peer}: DataChannel "${label}" のテキストを送り返します`,
    offerReceived: (peer) => `${peer}: offer を受信しました`,
    renegotiation: " (再ネゴシエーション: 通話の内容が変わりました)",
    answerSent: (peer) => `${peer}: answer を送信しました`,
    answerSentVanilla: "tab: answer を送信しました。ICE 候補はすべて SDP に入っています (Vanilla ICE)",
    answerSentTrickle: "tab: answer を送信しました。ICE 候補は 1 つずつ続けて送ります (Trickle ICE)",
    answerSentMesh: (peer) => `${peer}: answer を送信しました。ICE 候補は 1 つずつ続けて送ります`,
    ignoredVanilla: (type) => `"${type}" メッセージを無視しました。このラボのボットは offer に応答するだけです`,
    ignoredTrickle: (type) => `"${type}" メッセージを無視しました。このラボのボットは offer に応答し、ICE 候補を受け取ります`,
    ignoredType: (type) => `"${type}" メッセージを無視しました`,
    ignoredAnswer: "answer を無視しました。ボットは offer を送っていません",
    mesh: {
      whoAmI: (id) => `メッシュ: このルームでのボットの ID は ${id} です`,
      left: (id) => `${id} が退出しました。その通話を閉じました`,
      relaySays: (message) => `中継サーバーからのエラー: ${message}`,
      noFrom: (type) => `"from" のない "${type}" メッセージを無視しました`,
      otherBot: (id) => `${id} は別のボットです。ボット同士は発信しません`,
      met: (id) => `${id} と出会いました。相手が offer します (相手の ID の方が大きいため)`,
      ignored: (type, from) => `${from} からの "${type}" メッセージを無視しました。ボットは offer に応答し、ICE 候補を受け取るだけです`,
    },
    turn: {
      relayOnly: "ICE: relay 候補だけを使います (--policy relay)。すべてのパケットが TURN を経由します",
      noTurnServer: "TURN: この中継サーバーは TURN サーバーを渡しません (TURN なしで起動されましたか)。ボットは TURN なしで接続します",
      notRunning: (why) => `TURN: 起動していません (${why})。ボットは TURN なしで接続します`,
      noReason: "理由の説明なし",
      server: (urls, username) => `中継サーバーから TURN サーバーを受け取りました: ${urls} (ユーザー名 ${username})`,
    },
    perfect: {
      role: (polite) =>
        `Perfect Negotiation: 中継サーバーはボットを ${polite ? "polite" : "impolite"} にしました。` +
        "どちらの役割でもボットは offer せず、すべての offer に応答します (polite 側の役目です)",
      callOver: (why) => `tab: ${why}。次の通話を待っています`,
      connectionClosed: "接続が閉じました",
      hungUp: "通話が切られました (チャットが閉じました)",
      startedOver: "やり直しました",
      leaving: "ボットが退出します",
      tabLeft: (peers) => `${peers} 人: タブが中継サーバーから退出しました (通話中なら、通話は中継サーバーなしで続きます)`,
      doesNotFit: (error) => `tab: この offer は今の通話に合いません (${error})。新しい通話を始めます`,
    },
    refusedBy: (refusal) => `中継サーバーがボットを拒否しました: ${refusal}`,
    closedBeforeJoining: (code) => `ボットがルームに参加する前に、中継サーバーが接続を閉じました (code ${code})。`,
    lost: (code, reason) => `中継サーバーが接続を閉じました (code ${code}${reason ? `: ${reason}` : ""})。\`npm start\` はまだ動いていますか。`,
    noLocalCa: (path) =>
      `${path} にローカル認証局 (CA) がないので、ボットは中継サーバーの証明書を確認できません。` + "`npm start` が CA を作ります (中継サーバーも起動します)。",
    nothingListens: (where) =>
      `中継サーバー ${where} に接続できません (ECONNREFUSED)。そこでは何も待ち受けていません。別のターミナルで \`npm start\` を起動してから、もう一度ボットを実行してください。`,
    noSuchHost: (where, host) => `中継サーバー ${where} に接続できません (ENOTFOUND)。"${host}" という名前のホストはありません。`,
    notOurCertificate: (where, code) =>
      `${where} の中継サーバーの証明書は、このクローンのローカル認証局 (ssl/ca.crt) が保証するものではありません (${code})。` +
      "このクローンの中継サーバーですか。`npm start` を実行しているフォルダーからボットを実行してください。",
    tooMany: (where) =>
      `${where} の中継サーバーは、このマシンからの新しい接続をしばらく拒否しています。1 秒あたりの接続が多すぎます。数秒待ってから、もう一度ボットを実行してください。`,
    cannotReach: (where, error) => `中継サーバー ${where} に接続できません: ${error}。\`npm start\` は動いていますか。`,
    usage: (labs) => `使い方: npm run bot -- --lab <lab> --room <room> [--relay-host <host>] [--policy relay]

  --lab         ${labs} のどれか (番号だけでも可。例: 04)
  --room        タブがいるルーム。タブの URL の ?room= です (なければラボの名前)
  --relay-host  中継サーバーが動いているホスト (既定: localhost)。ポートは npm start と同じく
                RELAY_WS_PORT と RELAY_WSS_PORT から決まります
  --policy      relay: ラボ 06 だけ。ボットは TURN (relay 候補) だけを使います

例: npm run bot -- --lab 04-trickle --room x   (それから https://localhost:5173/04-trickle/?room=x を開きます)`,
    whichLab: "どのラボですか。--lab を指定してください。",
    notARoom: (room) => `"${room}" はルーム名として使えません。1 文字から 64 文字の英数字、'-' または '_' を使ってください (タブの URL の ?room= です)。`,
    policyOnlyRelay: (policy, lab) => `--policy に指定できるのは relay だけで、ラボ 06-turn でしか使えません (${lab} で "${policy}" が指定されました)。`,
    lab01HasNoRelay: "ラボ 01 には中継サーバーがありません (SDP は自分で運びます)。ボットが参加するルームはありません。",
    noSuchLab: (name) => `ボットが参加できるラボ "${name}" はありません。`,
    knownLabs: (why, labs) => `${why}ボットが知っているのは ${labs} です。`,
  },
  readme: {
    pageTitle: "README · WebRTC シグナリング ラボ",
    allLabs: "← ラボの一覧",
    openLab: "ラボを開く →",
    loading: "README を読み込んでいます…",
    whichLab: "どのラボでしょうか。ラボの一覧からこのページを開いてください。",
    serverDown: "ラボのサーバーが応答しません。npm start は動いていますか。",
    notFound: (path: string) => `${path} が見つかりません。`,
    notTranslated: "このラボの README はまだ日本語になっていません。英語版を表示しています。",
    elsewhere: (path: string) => `リポジトリの ${path}（package.json と同じフォルダーから）`,
    diagramFailed: (why: string) => `mermaid はこの図を描けませんでした：${why}`,
  },
};

const TABLE: Record<Language, Messages> = { en, ja };

export function messagesFor(language: Language): Messages {
  return TABLE[language];
}

/** "ja", "ja-JP", "JA_jp.UTF-8" → "ja"; anything else we do not speak → null. */
export function languageOf(tag: string | null | undefined): Language | null {
  const primary = (tag ?? "").trim().toLowerCase().split(/[-_.]/)[0];
  return LANGUAGES.find((language) => language === primary) ?? null;
}
