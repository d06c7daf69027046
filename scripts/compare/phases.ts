/**
 * `npm run compare -- --phases`: where each call spends its time after the
 * offer, read from Chromium's own log (libwebrtc writes it with the flags
 * below), on the same clock as the pages' marks. Per call and side:
 * - ICE writable (the first connectivity check answered), and how often the
 *   selected candidate pair changed;
 * - DTLS: when the handshake started and ended, the ClientHellos that arrived
 *   before this side could answer them (Chromium keeps them), retransmissions;
 * - media: the first RTP packet of the first video frame sent, the first RTP
 *   packet received, the first frame decoded, keyframes asked for again (PLI).
 * The log lines are those of Chromium 156 (libwebrtc's own messages): another
 * version may word them differently; the table then says what it did not find.
 */
import type { Readable } from "node:stream";
import { formatMs, median } from "../../e2e/support/timing-report.ts";

/** Only libwebrtc's files whose lines are read here: a full WebRTC log would cost the calls CPU. */
export const PHASE_LOG_FLAGS = [
  "--enable-logging=stderr",
  "--log-level=0",
  "--vmodule=" +
    [
      "p2p_transport_channel",
      "wrapping_active_ice_controller",
      "dtls_transport",
      "openssl_stream_adapter",
      "sdp_offer_answer",
      "rtp_sender_video",
      "rtp_video_stream_receiver2",
      "generic_decoder",
      "rtcp_receiver",
    ]
      .map((file) => `${file}=1`)
      .join(","),
];

/** One libwebrtc log line: when (epoch ms), which process (one renderer per tab), what. */
interface LogLine {
  at: number;
  pid: string;
  message: string;
}

/** What a side's log says about one call, in ms after Connect; counts are numbers of lines. */
export interface SidePhases {
  iceWritable?: number;
  dtlsStarted?: number;
  dtlsRole?: string;
  dtlsDone?: number;
  firstRtpSent?: number;
  firstRtpReceived?: number;
  firstFrameDecoded?: number;
  pairChanges: number;
  clientHellosKept: number;
  dtlsRetransmissions: number;
  plisReceived: number;
}

const MOMENTS: [keyof SidePhases, RegExp][] = [
  ["iceWritable", /Changed writable_ to 1/],
  ["dtlsStarted", /Start DTLS handshake active=1 role=(\w+)/],
  ["dtlsDone", /DTLS handshake complete/],
  ["firstRtpSent", /Sent first RTP packet of the first video frame/],
  ["firstRtpReceived", /Packet received on SSRC/],
  ["firstFrameDecoded", /Decoder implementation/],
];
const COUNTS: [keyof SidePhases, RegExp][] = [
  ["pairChanges", /Switching selected connection/],
  ["clientHellosKept", /Caching DTLS ClientHello packet/],
  ["dtlsRetransmissions", /DTLS retransmission/],
  ["plisReceived", /Incoming PLI/],
];

/** "[pid:tid:MMDD/HHMMSS.micro:LEVEL:third_party/webrtc/...] message", Chromium's log prefix (local time). */
const PREFIX = /\[(\d+):\d+:(\d{2})(\d{2})\/(\d{2})(\d{2})(\d{2})\.(\d{6}):[A-Z0-9]+:third_party\/webrtc\/[^\]]*\] (.*)/;

/** Collects the libwebrtc lines a browser process writes to stderr (its renderers' included). */
export class ChromiumLog {
  private lines: LogLine[] = [];
  private partial = "";

  constructor(stderr: Readable) {
    stderr.setEncoding("utf8");
    stderr.on("data", (chunk: string) => {
      const text = this.partial + chunk;
      const complete = text.split("\n");
      this.partial = complete.pop() ?? "";
      for (const line of complete) this.add(line);
    });
  }

  private add(line: string): void {
    const match = PREFIX.exec(line);
    if (!match) return;
    const [, pid, month, day, hour, minute, second, micro, message] = match;
    const at = new Date(new Date().getFullYear(), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)).getTime() + Number(micro) / 1000;
    this.lines.push({ at, pid: pid!, message: message! });
  }

  /**
   * One side of the call whose Connect was clicked at `connectAt` (epoch ms) and
   * that was over by `endAt`. Each tab has a renderer process of its own: the
   * caller's is the one that set a local offer, the callee's the one that got it.
   */
  sideOf(role: "caller" | "callee", connectAt: number, endAt: number): SidePhases | undefined {
    const window = this.lines.filter((line) => line.at >= connectAt - 50 && line.at <= endAt);
    const state = role === "caller" ? /New state: have-local-offer/ : /New state: have-remote-offer/;
    const pid = window.find((line) => state.test(line.message))?.pid;
    if (!pid) return undefined;
    const mine = window.filter((line) => line.pid === pid);
    const phases: SidePhases = { pairChanges: 0, clientHellosKept: 0, dtlsRetransmissions: 0, plisReceived: 0 };
    for (const [key, pattern] of MOMENTS) {
      const first = mine.find((line) => pattern.test(line.message));
      if (!first) continue;
      (phases[key] as number) = first.at - connectAt;
      if (key === "dtlsStarted") phases.dtlsRole = pattern.exec(first.message)![1];
    }
    for (const [key, pattern] of COUNTS) (phases[key] as number) = mine.filter((line) => pattern.test(line.message)).length;
    return phases;
  }
}

/** One call's phases, with the lab it was. */
export interface CallPhases {
  lab: string;
  caller: SidePhases;
  callee: SidePhases;
  /** The caller page's own marks, ms after Connect. */
  iceConnected?: number;
  firstFrame?: number;
}

/** The moments in the order a call goes through them (side, key, words). */
const ROWS: ["caller" | "callee" | "page", keyof SidePhases | "iceConnected" | "firstFrame", string][] = [
  ["callee", "iceWritable", "callee: ICE writable (its first check answered)"],
  ["caller", "iceWritable", "caller: ICE writable"],
  ["page", "iceConnected", "caller: iceConnectionState connected (page)"],
  ["callee", "dtlsStarted", "callee: DTLS handshake starts"],
  ["caller", "dtlsStarted", "caller: DTLS handshake starts"],
  ["callee", "dtlsDone", "callee: DTLS done"],
  ["caller", "dtlsDone", "caller: DTLS done"],
  ["callee", "firstRtpSent", "callee: first RTP packet of its first (key)frame sent"],
  ["caller", "firstRtpReceived", "caller: first RTP packet received"],
  ["caller", "firstFrameDecoded", "caller: first frame decoded"],
  ["page", "firstFrame", "caller: first remote frame painted (page)"],
];

/** A Markdown table: median ms after Connect of each moment, per lab, then the counts. */
export function phasesTable(calls: CallPhases[], labs: readonly [string, string]): string {
  const valueOf = (call: CallPhases, [where, key]: (typeof ROWS)[number]) =>
    where === "page" ? call[key as "iceConnected" | "firstFrame"] : (call[where][key as keyof SidePhases] as number | undefined);
  const lines = [`| ms after Connect (median) | ${labs.join(" | ")} | vanilla − trickle |`, "| --- | --- | --- | --- |"];
  for (const row of ROWS) {
    const [v, t] = labs.map((lab) => calls.filter((call) => call.lab === lab).map((call) => valueOf(call, row)).filter((value) => value !== undefined));
    const cell = (values: number[]) => (values.length ? formatMs(median(values)) : "not in the log");
    const lead = v!.length && t!.length ? formatMs(median(v!) - median(t!)) : "–";
    lines.push(`| ${row[2]} | ${cell(v!)} | ${cell(t!)} | ${lead} |`);
  }
  const counts: [keyof SidePhases, "caller" | "callee", string][] = [
    ["pairChanges", "caller", "caller: selected-pair changes"],
    ["pairChanges", "callee", "callee: selected-pair changes"],
    ["clientHellosKept", "caller", "caller: DTLS ClientHellos kept until it could answer"],
    ["dtlsRetransmissions", "callee", "callee: DTLS retransmissions"],
    ["dtlsRetransmissions", "caller", "caller: DTLS retransmissions"],
    ["plisReceived", "callee", "callee: keyframe requests (PLI) received"],
  ];
  for (const [key, side, words] of counts) {
    const list = (lab: string) =>
      calls
        .filter((call) => call.lab === lab)
        .map((call) => call[side][key])
        .join(" ");
    lines.push(`| ${words} (per call) | ${list(labs[0])} | ${list(labs[1])} | |`);
  }
  return lines.join("\n");
}
