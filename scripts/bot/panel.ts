/**
 * The bot's state panel, in the terminal: the same things a lab page's panel
 * shows (relay, signaling, ICE and connection states, candidates), plus the
 * packets the bot received and echoed back.
 *
 * In a terminal it redraws itself in place twice a second. When its output is
 * a pipe or a file (a test reads it), it prints one line per event instead,
 * and a counters line every second while packets flow:
 *   bot  12.3s  tab: packets in 1042 out 1040, keyframe requests 12
 */
import { t } from "./language.ts";

export interface Counters {
  /** RTP packets that arrived from the peer (decrypted by SRTP). */
  packetsIn: number;
  /** RTP packets werift encrypted and sent back to it. */
  packetsOut: number;
  /** Picture loss indications the bot sent to the peer: "send me a keyframe". */
  keyframeRequests: number;
  /** DataChannel messages received, and echoed back. */
  textsIn: number;
  textsOut: number;
}

/** One call the bot is in: one RTCPeerConnection, one row of the panel. */
export interface CallView {
  /** Who is at the other end: "tab", or a mesh peer's id. */
  peer: string;
  states: { signaling: string; gathering: string; ice: string; connection: string };
  localCandidates: string[];
  remoteCandidates: string[];
  counters: Counters;
}

const REDRAW_MS = 500;
const COUNTERS_EVERY_MS = 1000;
const LOG_LINES_SHOWN = 12;

export class TerminalPanel {
  private readonly startedAt = Date.now();
  private readonly calls = new Map<string, CallView>();
  private readonly recentLog: string[] = [];
  private relayState = t.panel.notConnected;
  private roomLine = "";
  private readonly timer: NodeJS.Timeout;
  private lastCountersPrinted = new Map<string, string>();

  constructor(
    private readonly title: string,
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly live = out.isTTY === true,
  ) {
    this.timer = this.live
      ? setInterval(() => this.redraw(), REDRAW_MS)
      : setInterval(() => this.printCounters(), COUNTERS_EVERY_MS);
    this.timer.unref();
  }

  log(line: string): void {
    const stamped = `${this.elapsed()}  ${line}`;
    this.recentLog.push(stamped);
    if (this.recentLog.length > LOG_LINES_SHOWN) this.recentLog.shift();
    if (!this.live) this.out.write(`bot  ${stamped}\n`);
  }

  relay(state: string): void {
    this.relayState = state;
    this.log(t.bot.relayLine(state));
  }

  room(description: string): void {
    this.roomLine = description;
    this.log(t.bot.roomLine(description));
  }

  /** A new call's row; its states and counters are written into it directly. */
  addCall(peer: string): CallView {
    const view: CallView = {
      peer,
      states: { signaling: "stable", gathering: "new", ice: "new", connection: "new" },
      localCandidates: [],
      remoteCandidates: [],
      counters: { packetsIn: 0, packetsOut: 0, keyframeRequests: 0, textsIn: 0, textsOut: 0 },
    };
    this.calls.set(peer, view);
    return view;
  }

  state(view: CallView, name: keyof CallView["states"], value: string): void {
    view.states[name] = value;
    const label = { signaling: "signalingState", gathering: "iceGatheringState", ice: "iceConnectionState", connection: "connectionState" }[name];
    this.log(`${view.peer}: ${label} ${value}`);
  }

  candidate(view: CallView, side: "local" | "remote", candidate: string): void {
    const short = describeCandidate(candidate);
    (side === "local" ? view.localCandidates : view.remoteCandidates).push(short);
    this.log(t.bot.candidate(view.peer, side, short));
  }

  removeCall(view: CallView): void {
    this.printCountersOf(view); // its last numbers stay in the output
    this.calls.delete(view.peer);
    this.lastCountersPrinted.delete(view.peer);
  }

  /** The last words: counters of every call, then the panel stops redrawing. */
  stop(): void {
    clearInterval(this.timer);
    if (this.live) this.redraw();
    else this.printCounters();
  }

  private printCounters(): void {
    for (const view of this.calls.values()) this.printCountersOf(view);
  }

  private printCountersOf(view: CallView): void {
    const line = countersLine(view.counters);
    if (this.lastCountersPrinted.get(view.peer) === line) return; // nothing moved
    this.lastCountersPrinted.set(view.peer, line);
    this.log(`${view.peer}: ${line}`);
  }

  private redraw(): void {
    const { bot } = t;
    const [relay, room] = labelled([bot.relay, bot.room], 11);
    const [local, remote] = labelled([bot.localCandidates, bot.remoteCandidates], 19);
    const lines = [`\x1b[1m${this.title}\x1b[0m   ${bot.toStop}`, `${relay}${this.relayState}`, `${room}${this.roomLine || "-"}`, ""];
    if (this.calls.size === 0) lines.push(bot.noCallYet, "");
    for (const view of this.calls.values()) {
      const { signaling, gathering, ice, connection } = view.states;
      lines.push(
        `\x1b[1m${bot.callWith(view.peer)}\x1b[0m`,
        `  signalingState ${signaling}   iceGatheringState ${gathering}   iceConnectionState ${ice}   connectionState ${connection}`,
        `  ${local}${view.localCandidates.join(", ") || bot.noneYet}`,
        `  ${remote}${view.remoteCandidates.join(", ") || bot.noneYet}`,
        `  ${countersLine(view.counters)}`,
        "",
      );
    }
    lines.push(`\x1b[1m${bot.log}\x1b[0m`, ...this.recentLog);
    // Home, clear, draw: the panel stays in one place instead of scrolling.
    this.out.write(`\x1b[H\x1b[2J${lines.join("\n")}\n`);
  }

  private elapsed(): string {
    return `${((Date.now() - this.startedAt) / 1000).toFixed(1)}s`.padStart(7);
  }
}

function countersLine(counters: Counters): string {
  return t.bot.counters(counters);
}

/** Labels padded to one width of terminal columns (a Japanese character takes two), at least `width`, so the values after them line up. */
function labelled(labels: string[], width: number): string[] {
  const columns = (label: string) => [...label].reduce((sum, character) => sum + (/[\u3000-\u9fff\uff00-\uffef]/.test(character) ? 2 : 1), 0);
  const column = Math.max(width, ...labels.map((label) => columns(label) + 2));
  return labels.map((label) => label + " ".repeat(column - columns(label)));
}

/** "candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host" → "host udp 127.0.0.1:50000". */
function describeCandidate(candidate: string): string {
  const fields = candidate.replace(/^a=/, "").split(" ");
  const [, , protocol, , address, port, , type] = fields;
  return address && port && type ? `${type} ${protocol?.toLowerCase()} ${address}:${port}` : candidate;
}
