/**
 * Reading an SDP the way the cross-browser specs compare them: which part is
 * session-level, which media-level, and which codecs an m-section lists.
 */

/** The session-level lines (before the first m=) and the first media section's. */
export function sdpParts(sdp: string): { session: string[]; media: string[] } {
  const lines = sdp.split(/\r?\n/).filter((line) => line !== "");
  const firstMedia = lines.findIndex((line) => line.startsWith("m="));
  return firstMedia < 0 ? { session: lines, media: [] } : { session: lines.slice(0, firstMedia), media: lines.slice(firstMedia) };
}

/** The codecs of the first m-section in the order it lists them: payload type and name ("96 VP8"). */
export function codecsOffered(sdp: string): { payloadType: number; name: string }[] {
  const { media } = sdpParts(sdp);
  const order = media[0]?.split(" ").slice(3).map(Number) ?? [];
  const names = new Map(
    media.flatMap((line) => {
      const rtpmap = /^a=rtpmap:(\d+) ([^/]+)\//.exec(line);
      return rtpmap ? [[Number(rtpmap[1]), rtpmap[2]!] as const] : [];
    }),
  );
  return order.map((payloadType) => ({ payloadType, name: names.get(payloadType) ?? "?" }));
}

/** The candidate lines' component: 1 is RTP, 2 is RTCP (RFC 8445: "candidate:<foundation> <component> <transport> ..."). */
export function componentOf(candidate: string): number {
  return Number(candidate.replace(/^a=/, "").split(" ")[1]);
}
