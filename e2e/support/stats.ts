/**
 * What getStats() says about a lab page's call, in Chromium or Firefox: the
 * page's RTCPeerConnection is the one fixtures.ts keeps (window.labTestPeerConnections).
 */
import { expect } from "@playwright/test";
import { textOf, type Tab } from "./tab.ts";

/** The codec each way of one connection's video, as getStats() names it ("video/VP8"); null before any packet. */
export interface Codecs {
  sending: string | null;
  receiving: string | null;
}

/** The codecs the page's last RTCPeerConnection uses now. */
export async function codecsInUse(page: Tab): Promise<Codecs> {
  return (await codecsOfEach(page, "last"))[0] ?? { sending: null, receiving: null };
}

/** The codecs of the page's connections: its last one, or every one that is connected (lab 05 has one per peer). */
function codecsOfEach(page: Tab, which: "last" | "connected"): Promise<Codecs[]> {
  return page.evaluate(async (which) => {
    const made = (window as unknown as { labTestPeerConnections: RTCPeerConnection[] }).labTestPeerConnections;
    const chosen = which === "last" ? made.slice(-1) : made.filter((pc) => pc.connectionState === "connected");
    return Promise.all(
      chosen.map(async (pc) => {
        const stats = await pc.getStats();
        const reports = [...stats.values()] as Array<Record<string, unknown>>;
        // An RTP stream report points at the codec report its packets use (codecId).
        const codecOf = (type: string) => {
          const stream = reports.find((report) => report.type === type && report.kind === "video" && report.codecId);
          return (stream && (stats.get(stream.codecId as string)?.mimeType as string | undefined)) ?? null;
        };
        return { sending: codecOf("outbound-rtp"), receiving: codecOf("inbound-rtp") };
      }),
    );
  }, which);
}

/** The state panel's words for `codecs` in an English page: "sending VP8 · receiving VP8". */
export function panelWordsFor({ sending, receiving }: Codecs): string {
  const name = (codec: string | null) => codec?.replace(/^video\//, "") ?? "–";
  return `sending ${name(sending)} · receiving ${name(receiving)}`;
}

/**
 * Once the page's 1:1 call sends and receives video: the state panel's codec row
 * says what getStats() says, and each way uses a codec both browsers can send. Returns it.
 */
export async function expectPanelShowsCodecs(page: Tab, other: Tab): Promise<Codecs> {
  await expect.poll(async () => Object.values(await codecsInUse(page)).includes(null), { message: "getStats() names a codec each way" }).toBe(false);
  const codecs = await codecsInUse(page);
  await expect.poll(() => textOf(page, "#codecs_in_use"), { message: "the panel's codec row" }).toBe(panelWordsFor(codecs));
  await expectBothCanSend(codecs, page, other);
  return codecs;
}

/** Lab 05: the codec column of each row says what getStats() says for a connected connection, and both peers can send it. */
export async function expectMeshPanelShowsCodecs(page: Tab, peerCount: number): Promise<void> {
  const fromStats = async () => (await codecsOfEach(page, "connected")).map(panelWordsFor).sort();
  await expect.poll(async () => (await fromStats()).filter((words) => !words.includes("–")).length, { message: "getStats() names a codec each way on every connection" }).toBe(peerCount - 1);
  const expected = await fromStats();
  const shown = () => page.evaluate(() => [...document.querySelectorAll('#peer_rows td[data-field="codecs"]')].map((cell) => cell.textContent ?? "").sort());
  await expect.poll(shown, { message: "the panel's codec column" }).toEqual(expected);
}

async function expectBothCanSend(codecs: Codecs, ...pages: Tab[]): Promise<void> {
  for (const page of pages) {
    const canSend = await videoCodecsOf(page);
    for (const codec of Object.values(codecs)) expect(canSend, `${page.url()} can send ${codec}`).toContain(codec!.replace(/^video\//, ""));
  }
}

/** The video codecs this browser can send, as its RTCRtpSender says ("VP8", "AV1", "rtx", ...). */
export function videoCodecsOf(page: Tab): Promise<string[]> {
  return page.evaluate(() => [...new Set(RTCRtpSender.getCapabilities("video")?.codecs.map((codec) => codec.mimeType.replace(/^video\//, "")) ?? [])]);
}
