/**
 * Proof that a <video> really plays a live picture: it has a size, new frames
 * keep being presented, the picture changes between them, and it is not black.
 * For lab peers (fixtures.ts), also proof of WHOSE picture it is: each Chromium
 * peer's camera films a colour of its own, so the video's dominant colour must be
 * the sender's, and clearly not anyone else's in the test (the viewer's own
 * included). Firefox's fake camera cannot play a picture of ours: it films a
 * flat colour that drifts round the edge of the colour space (Y' fixed, Cb or Cr
 * at an extreme), so one of its red, green and blue is always clipped to 0 or
 * 255, which none of our pictures' colours comes near: such a colour is the
 * Firefox peer's. (It also stamps each frame's capture time in the top row; that
 * stamp reads back in a 320×240 picture, but not in lab 05's smaller one.)
 *
 * Every check runs in the page through Tab.evaluate (tab.ts), so the same code
 * samples a video in Chromium and in Firefox.
 */
import { expect, test } from "@playwright/test";
import type { LabPeer } from "./fixtures.ts";
import { colourDistance, type Rgb } from "./pictures.ts";
import type { Tab } from "./tab.ts";

export interface VideoSample {
  width: number;
  height: number;
  /** presentedFrames from requestVideoFrameCallback, before and after a pause; -1 if no frame came. */
  framesBefore: number;
  framesAfter: number;
  /** Share of sampled pixels whose brightness changed by more than a few levels. */
  changedPixelShare: number;
  meanBrightness: number;
  /** The per-channel median of the last frame: the background colour, whatever moves across it. */
  dominant: Rgb;
}

/** Samples the video twice, 300 ms apart, in the page. */
export function sampleVideo(page: Tab, videoId: string): Promise<VideoSample> {
  return page.evaluate(async (id) => {
    const video = document.getElementById(id) as HTMLVideoElement | null;
    if (video === null || video.videoWidth === 0) {
      // No element yet (a tile still to come) or no frame yet: keep polling.
      const none = { width: 0, height: 0, framesBefore: -1, framesAfter: -1, changedPixelShare: 0, meanBrightness: 0 };
      return { ...none, dominant: { r: 0, g: 0, b: 0 } };
    }
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 48;
    const context = canvas.getContext("2d", { willReadFrequently: true })!;
    const grab = () => {
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      return context.getImageData(0, 0, canvas.width, canvas.height).data;
    };
    const brightness = (rgba: Uint8ClampedArray) => {
      const values: number[] = [];
      for (let i = 0; i < rgba.length; i += 4) values.push((rgba[i]! + rgba[i + 1]! + rgba[i + 2]!) / 3);
      return values;
    };
    const median = (rgba: Uint8ClampedArray, channel: number) => {
      const values: number[] = [];
      for (let i = channel; i < rgba.length; i += 4) values.push(rgba[i]!);
      return values.sort((a, b) => a - b)[values.length >> 1]!;
    };
    const nextFrame = () =>
      new Promise<number>((resolve) => {
        const timeout = setTimeout(() => resolve(-1), 1000);
        video.requestVideoFrameCallback((_now, metadata) => {
          clearTimeout(timeout);
          resolve(metadata.presentedFrames);
        });
      });

    const framesBefore = await nextFrame();
    const before = brightness(grab());
    await new Promise((resolve) => setTimeout(resolve, 300));
    const framesAfter = await nextFrame();
    const last = grab();
    const after = brightness(last);
    const changed = after.filter((value, i) => Math.abs(value - before[i]!) > 4).length;
    return {
      width: video.videoWidth,
      height: video.videoHeight,
      framesBefore,
      framesAfter,
      changedPixelShare: changed / after.length,
      meanBrightness: after.reduce((sum, value) => sum + value, 0) / after.length,
      dominant: { r: median(last, 0), g: median(last, 1), b: median(last, 2) },
    };
  }, videoId);
}

export function judgeVideo(sample: VideoSample) {
  return {
    hasSize: sample.width > 0 && sample.height > 0,
    framesRising: sample.framesBefore >= 0 && sample.framesAfter > sample.framesBefore,
    pictureChanging: sample.changedPixelShare > 0.001,
    notBlack: sample.meanBrightness > 10,
  };
}

/**
 * Whose picture a sample shows, among `candidates`. A colour of Firefox's fake
 * camera is the Firefox peer's. Otherwise the Chromium peer whose colour is
 * nearest, if it is near (video coding shifts colours a little) and every other
 * one is at least twice as far. Or else a description of why not.
 */
export function whosePicture(sample: VideoSample, candidates: readonly LabPeer[]): string {
  const rgb = `rgb(${sample.dominant.r}, ${sample.dominant.g}, ${sample.dominant.b})`;
  if (isFirefoxFakeCameraColour(sample.dominant)) {
    const firefoxes = candidates.filter((peer) => peer.colour === null);
    if (firefoxes.length !== 1) return `unclear: ${rgb} is a colour of Firefox's fake camera, and there are ${firefoxes.length} Firefox peers in the test`;
    return firefoxes[0]!.name;
  }
  const ranked = candidates
    .flatMap((peer) => (peer.colour === null ? [] : [{ name: peer.name, distance: colourDistance(sample.dominant, peer.colour) }]))
    .sort((a, b) => a.distance - b.distance);
  const [nearest, next] = ranked;
  if (nearest === undefined) return "(no peers to compare with)";
  if (nearest.distance > MAX_DISTANCE_TO_SENDER) return `nobody's: ${rgb} is not any peer's colour`;
  if (next !== undefined && next.distance < 2 * nearest.distance) return `unclear: ${rgb} is between ${nearest.name} and ${next.name}`;
  return nearest.name;
}

/**
 * Firefox's fake camera films Y' = 128 with Cb or Cr at 16 or 240: converted to
 * RGB, at least one channel falls ~50 units beyond 0 or 255 and is clipped, so
 * video coding cannot pull it back in, and with Y' at mid-grey the brightest
 * channel is never dark (black, also "clipped", is not Firefox's). Our pictures'
 * channels stay in 32..223 (pictures.ts).
 */
function isFirefoxFakeCameraColour({ r, g, b }: Rgb): boolean {
  return Math.max(r, g, b) >= 128 && [r, g, b].some((channel) => channel <= 8 || channel >= 247);
}

/** How far coding may move a colour (measured: a few units; the peers' colours are >= 100 apart). */
const MAX_DISTANCE_TO_SENDER = 45;

/** Polls until `videoId` on `page` passes every check at once (and, with `sender`, shows sender's picture). */
async function expectVideo(page: Tab, videoId: string, sender?: { peer: LabPeer; candidates: readonly LabPeer[] }): Promise<void> {
  let last: VideoSample | undefined;
  const wanted = { hasSize: true, framesRising: true, pictureChanging: true, notBlack: true };
  await expect
    .poll(
      async () => {
        last = await sampleVideo(page, videoId);
        const picture = sender ? { picture: whosePicture(last, sender.candidates) } : {};
        return { ...judgeVideo(last), ...picture, sample: last };
      },
      {
        message: sender ? `${videoId} should play ${sender.peer.name}'s moving camera` : `${videoId} should play the other peer's moving camera`,
        timeout: 20_000,
        // Sample again soon: a sample already takes 300 ms, and the default back-off (up to 1 s
        // between samples) only adds waiting once the video starts.
        intervals: [100],
      },
    )
    .toMatchObject(sender ? { ...wanted, picture: sender.peer.name } : wanted);
  test.info().annotations.push({ type: `${videoId} sample`, description: JSON.stringify(last) });
}

/** `viewer`'s `videoId` plays `sender`'s own camera, moving (not anyone else's in the test, not the viewer's own). */
export async function expectSeesPeer(viewer: LabPeer, sender: LabPeer, videoId = "remote_video"): Promise<void> {
  await expectVideo(viewer.page, videoId, { peer: sender, candidates: viewer.everyone });
}

/** Each of the two plays the other one's camera in remote_video (both checked at once: each mostly waits for frames). */
export async function expectEachSeesTheOther(a: LabPeer, b: LabPeer): Promise<void> {
  await Promise.all([expectSeesPeer(a, b), expectSeesPeer(b, a)]);
}

/** `peer` gets its own picture back (an echo: the bot sends what it receives). */
export async function expectSeesOwnPicture(peer: LabPeer, videoId = "remote_video"): Promise<void> {
  await expectSeesPeer(peer, peer, videoId);
}

/**
 * Only that the page's video plays a moving, non-black picture, not whose it is.
 * For pages that are not lab peers of the fixture; a lab spec uses expectSeesPeer.
 */
export async function expectRemoteVideoPlaying(page: Tab, videoId = "remote_video"): Promise<void> {
  await expectVideo(page, videoId);
}
