/**
 * Lab 05's mesh, as the specs check it: every tab plays every other tab's own
 * camera in the tile remote_video_<their id>. In Chromium or Firefox (tab.ts).
 */
import { expect } from "@playwright/test";
import type { LabPeer } from "./fixtures.ts";
import { textOf } from "./tab.ts";
import { expectSeesPeer } from "./video.ts";

/** No waiting between the clicks: the tabs join the room in whatever order the relay sees them. */
export async function clickPrepareInAll(peers: LabPeer[]): Promise<void> {
  await Promise.all(peers.map((peer) => peer.page.click("#prepare")));
}

/**
 * Every tab plays every other tab's own camera, moving, in its tile remote_video_<their id>.
 * All tiles at once: each check mostly waits for frames, and one at a time they took 12 waits.
 */
export async function everyoneSeesEveryone(peers: LabPeer[]): Promise<void> {
  await Promise.all(pairs(peers.length).flatMap(([i, j]) => [expectTileShows(peers[i]!, peers[j]!), expectTileShows(peers[j]!, peers[i]!)]));
}

/** The tile for `sender` appears on `viewer`'s page when the two meet; then it must play sender's own picture. */
export async function expectTileShows(viewer: LabPeer, sender: LabPeer): Promise<void> {
  const senderId = await idOf(sender);
  await expect
    .poll(() => viewer.page.evaluate((id) => document.querySelector(`figure[data-peer="${id}"] video`) !== null, senderId), { timeout: 15_000 })
    .toBe(true);
  await expectSeesPeer(viewer, sender, `remote_video_${senderId}`);
}

/** Every pair [i, j] with i < j: the connections of a full mesh of n. */
export function pairs(n: number): [number, number][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n - i - 1 }, (_, k) => [i, i + 1 + k] as [number, number])).flat();
}

/** Each tab's id, once read from its page. */
const idsShown = new WeakMap<LabPeer, string>();

/** The id a tab made up for itself, shown once it has its camera (read once: it never changes). */
export async function idOf(peer: LabPeer): Promise<string> {
  let id = idsShown.get(peer);
  if (id === undefined) {
    await expect.poll(() => textOf(peer.page, "#my_id"), { timeout: 15_000 }).toMatch(/^[a-z0-9]+-[a-z0-9]+$/);
    id = await textOf(peer.page, "#my_id");
    idsShown.set(peer, id);
  }
  return id;
}
