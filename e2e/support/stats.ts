/**
 * What getStats() says about a lab page's call, in Chromium or Firefox: the
 * page's RTCPeerConnection is the one fixtures.ts keeps (window.labTestPeerConnections).
 */
import type { Tab } from "./tab.ts";

/** The codec each way of the video uses now, as getStats() names it ("video/VP8"); null before any packet. */
export function codecsInUse(page: Tab): Promise<{ sending: string | null; receiving: string | null }> {
  return page.evaluate(async () => {
    const pc = (window as unknown as { labTestPeerConnections: RTCPeerConnection[] }).labTestPeerConnections.at(-1);
    if (pc === undefined) return { sending: null, receiving: null };
    const stats = await pc.getStats();
    const reports = [...stats.values()] as Array<Record<string, unknown>>;
    // An RTP stream report points at the codec report its packets use (codecId).
    const codecOf = (type: string) => {
      const stream = reports.find((report) => report.type === type && report.kind === "video" && report.codecId);
      return (stream && (stats.get(stream.codecId as string)?.mimeType as string | undefined)) ?? null;
    };
    return { sending: codecOf("outbound-rtp"), receiving: codecOf("inbound-rtp") };
  });
}

/** The video codecs this browser can send, as its RTCRtpSender says ("VP8", "AV1", "rtx", ...). */
export function videoCodecsOf(page: Tab): Promise<string[]> {
  return page.evaluate(() => [...new Set(RTCRtpSender.getCapabilities("video")?.codecs.map((codec) => codec.mimeType.replace(/^video\//, "")) ?? [])]);
}
