/**
 * Each test peer's own camera picture: a flat colour of its own with a white
 * bar sweeping across it, written as a Y4M file for Chromium's fake camera
 * (--use-file-for-fake-video-capture). A remote video can then be traced back
 * to whoever sent it (video.ts compares colours). Generated on first use and
 * cached in the OS temp folder, never committed.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** The usual cast of a test gets hues far apart; any other name gets one from its hash. */
const HUES: Record<string, number> = {
  alice: 0, // red
  bob: 225, // blue
  carol: 120, // green
  dave: 45, // orange
  eve: 300, // magenta
  frank: 180, // cyan
  grace: 270, // violet
  heidi: 80, // yellow-green
};

export function colourOf(name: string): Rgb {
  const hue = HUES[name] ?? createHash("sha256").update(name).digest().readUInt16BE(0) % 360;
  return fromHsl(hue, 0.75, 0.5);
}

/** Euclidean distance in RGB: how far apart two colours look (0 to 441). */
export function colourDistance(a: Rgb, b: Rgb): number {
  return Math.hypot(a.r - b.r, a.g - b.g, a.b - b.b);
}

// Small, because every call encodes and decodes it on a CPU-bound machine; colours and the moving
// bar read back as well as at 320×240. Measured: four call specs alone, CPU 152 s → 125-135 s with
// two workers; the whole suite's time moved less than its run-to-run noise.
const WIDTH = 160;
const HEIGHT = 120;
/** Frames a second: what lab 05 asks for; fewer frames to encode on a busy machine. */
export const CAMERA_FPS = 15;
const FRAMES = 30; // a 2 s loop: the bar crosses the picture once
const BAR_WIDTH = WIDTH / 8;
const FORMAT_VERSION = 4; // bump when the picture changes, so cached files are remade

/** The path of `name`'s camera file, made now if it is not cached yet. */
export function cameraFileFor(name: string): string {
  const folder = join(tmpdir(), "webrtc-labs-cameras");
  const safeName = name.replace(/[^a-z0-9-]/gi, "_").slice(0, 32);
  const id = createHash("sha256").update(name).digest("hex").slice(0, 8);
  const file = join(folder, `v${FORMAT_VERSION}-${safeName}-${id}.y4m`);
  if (!existsSync(file)) {
    mkdirSync(folder, { recursive: true });
    // Written beside it, then renamed: a parallel worker never reads half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, y4m(colourOf(name)));
    renameSync(partial, file);
  }
  return file;
}

/** A Y4M video (planar YUV 4:2:0): the colour, with a white bar moving left to right. */
function y4m(colour: Rgb): Buffer {
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F${CAMERA_FPS}:1 Ip A1:1 C420mpeg2\n`);
  const background = toYuv(colour);
  const bar = toYuv({ r: 255, g: 255, b: 255 });
  const lumaSize = WIDTH * HEIGHT;
  const chromaSize = lumaSize / 4;
  const frames: Buffer[] = [header];
  for (let frame = 0; frame < FRAMES; frame++) {
    const barStart = Math.round((frame * WIDTH) / FRAMES);
    const inBar = (x: number) => (x - barStart + WIDTH) % WIDTH < BAR_WIDTH; // wraps around the edge
    const picture = Buffer.alloc(lumaSize + 2 * chromaSize);
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) picture[y * WIDTH + x] = inBar(x) ? bar.y : background.y;
    }
    for (let y = 0; y < HEIGHT / 2; y++) {
      for (let x = 0; x < WIDTH / 2; x++) {
        const at = y * (WIDTH / 2) + x;
        const pixel = inBar(2 * x) ? bar : background;
        picture[lumaSize + at] = pixel.u;
        picture[lumaSize + chromaSize + at] = pixel.v;
      }
    }
    frames.push(Buffer.from("FRAME\n"), picture);
  }
  return Buffer.concat(frames);
}

/** BT.601, limited range: what Chromium assumes for a camera's YUV. */
function toYuv({ r, g, b }: Rgb): { y: number; u: number; v: number } {
  const [R, G, B] = [r / 255, g / 255, b / 255];
  return {
    y: Math.round(16 + 65.481 * R + 128.553 * G + 24.966 * B),
    u: Math.round(128 - 37.797 * R - 74.203 * G + 112.0 * B),
    v: Math.round(128 + 112.0 * R - 93.786 * G - 18.214 * B),
  };
}

function fromHsl(hue: number, saturation: number, lightness: number): Rgb {
  const amplitude = saturation * Math.min(lightness, 1 - lightness);
  const part = (n: number) => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (lightness - amplitude * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return { r: part(0), g: part(8), b: part(4) };
}
