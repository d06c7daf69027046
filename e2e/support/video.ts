/**
 * Proof that a <video> really plays a live picture: it has a size, new frames
 * keep being presented, the picture changes between them, and it is not black.
 */
import { expect, test, type Page } from "@playwright/test";

export interface VideoSample {
  width: number;
  height: number;
  /** presentedFrames from requestVideoFrameCallback, before and after a pause; -1 if no frame came. */
  framesBefore: number;
  framesAfter: number;
  /** Share of sampled pixels whose brightness changed by more than a few levels. */
  changedPixelShare: number;
  meanBrightness: number;
}

/** Samples the video twice, 300 ms apart, in the page. */
export function sampleVideo(page: Page, videoId: string): Promise<VideoSample> {
  return page.evaluate(async (id) => {
    const video = document.getElementById(id) as HTMLVideoElement | null;
    if (video === null || video.videoWidth === 0) {
      // No element yet (a tile still to come) or no frame yet: keep polling.
      return { width: 0, height: 0, framesBefore: -1, framesAfter: -1, changedPixelShare: 0, meanBrightness: 0 };
    }
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 48;
    const context = canvas.getContext("2d", { willReadFrequently: true })!;
    const brightness = () => {
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const values: number[] = [];
      for (let i = 0; i < rgba.length; i += 4) values.push((rgba[i]! + rgba[i + 1]! + rgba[i + 2]!) / 3);
      return values;
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
    const before = brightness();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const framesAfter = await nextFrame();
    const after = brightness();
    const changed = after.filter((value, i) => Math.abs(value - before[i]!) > 4).length;
    return {
      width: video.videoWidth,
      height: video.videoHeight,
      framesBefore,
      framesAfter,
      changedPixelShare: changed / after.length,
      meanBrightness: after.reduce((sum, value) => sum + value, 0) / after.length,
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

/** Waits until the page's remote_video passes every check at once. */
export async function expectRemoteVideoPlaying(page: Page, videoId = "remote_video"): Promise<void> {
  let last: VideoSample | undefined;
  await expect
    .poll(
      async () => {
        last = await sampleVideo(page, videoId);
        return { ...judgeVideo(last), sample: last };
      },
      { message: `${videoId} should play the other peer's moving camera`, timeout: 20_000 },
    )
    .toMatchObject({ hasSize: true, framesRising: true, pictureChanging: true, notBlack: true });
  test.info().annotations.push({ type: `${videoId} sample`, description: JSON.stringify(last) });
}

/** Every page's remote_video plays the other peer's moving camera. */
export async function expectEachSeesTheOther(...pages: Page[]): Promise<void> {
  for (const page of pages) await expectRemoteVideoPlaying(page);
}
