/**
 * Labs 02 and 05: Prepare is one at a time. Two clicks that land together (here
 * dispatched in one task, faster than any hand) must run one Prepare: one
 * camera, one seat in the room. And a Prepare clicked again once the first is
 * done must give back what the first took: its camera and its seat.
 */
import { expect, test, type Peer } from "./support/fixtures.ts";

declare global {
  interface Window {
    /** Every camera stream getUserMedia gave the page, oldest first (recorded by the test). */
    camerasOpened: MediaStream[];
  }
}

for (const lab of ["02-ws-vanilla", "05-mesh"]) {
  test(`${lab}: a double click on Prepare runs one Prepare; Prepare again gives back the first camera and seat`, async ({ openPeer, room }) => {
    const path = `/${lab}/?room=${room}`;
    const bob = await openPeer("bob", path);
    await bob.page.getByRole("button", { name: "Prepare" }).click();
    await expect(bob.page.locator("#peers_in_room")).toHaveText("1 here");
    const alice = await openPeer("alice", path);
    await recordCameras(alice);
    const prepared = alice.page.locator("#log li", { hasText: "prepared:" });

    await test.step("Alice's Prepare is clicked twice in one go", async () => {
      await alice.page.evaluate(() => {
        const prepare = document.getElementById("prepare")!;
        prepare.click();
        prepare.click();
      });
      await expect(prepared).toHaveCount(1);
      await expect(bob.page.locator("#peers_in_room")).toHaveText("2 here");
      expect(await camerasOpened(alice), "Alice's page opened one camera").toEqual([{ live: true, shown: true }]);
    });

    await test.step("Alice clicks Prepare again: the first camera is stopped, and the first seat given back", async () => {
      await alice.page.getByRole("button", { name: "Prepare" }).click();
      await expect(prepared).toHaveCount(2);
      expect(await camerasOpened(alice)).toEqual([
        { live: false, shown: false },
        { live: true, shown: true },
      ]);
      await expect(bob.page.locator("#log li", { hasText: /peer.joined/ })).toHaveCount(2); // Alice came twice...
      await expect(bob.page.locator("#peers_in_room")).toHaveText("2 here"); // ...and holds one seat
      await expect(alice.page.locator("#peers_in_room")).toHaveText("2 here");
    });

    for (const peer of [alice, bob]) await expect(peer.page.locator("#error")).toBeHidden();
  });
}

/** From now on, the page records every camera stream getUserMedia gives it. */
async function recordCameras(peer: Peer): Promise<void> {
  await peer.page.addInitScript(() => {
    window.camerasOpened = [];
    const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await getUserMedia(constraints);
      window.camerasOpened.push(stream);
      return stream;
    };
  });
  await peer.page.reload();
}

/** Each camera the page opened: is a track of it still live, and is it the one local_video shows? */
function camerasOpened(peer: Peer): Promise<{ live: boolean; shown: boolean }[]> {
  return peer.page.evaluate(() => {
    const shown = (document.getElementById("local_video") as HTMLVideoElement).srcObject;
    return window.camerasOpened.map((stream) => ({
      live: stream.getTracks().some((track) => track.readyState === "live"),
      shown: stream === shown,
    }));
  });
}
