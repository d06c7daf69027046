import { expect, test } from "./support/fixtures.ts";
import { countFrames } from "./support/relay-traffic.ts";
import { expectPanelShowsCodecs } from "./support/stats.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

test("two peers join a room, Alice connects, both see the other's moving camera", async ({ openPeer, room }) => {
  const alice = await openPeer("alice", `/02-ws-vanilla/?room=${room}`);
  const bob = await openPeer("bob", `/02-ws-vanilla/?room=${room}`);

  await test.step("both click Prepare", async () => {
    await alice.page.getByRole("button", { name: "Prepare" }).click();
    await bob.page.getByRole("button", { name: "Prepare" }).click();
    await expect(alice.page.locator("#peers_in_room")).toHaveText("2 here");
  });

  await test.step("Alice clicks Connect", async () => {
    await alice.page.getByRole("button", { name: "Connect" }).click();
  });

  await test.step("the offer and the answer went through the relay", async () => {
    await expect(bob.page.locator("#text_for_recv_sdp")).toHaveValue(/^v=0/);
    await expect(alice.page.locator("#text_for_recv_sdp")).toHaveValue(/^v=0/);
  });

  await test.step("both see the other's camera, moving", async () => {
    await expectEachSeesTheOther(alice, bob);
  });

  await test.step("both panels show the codec getStats() says the call uses", async () => {
    await expectPanelShowsCodecs(alice.page, bob.page);
    await expectPanelShowsCodecs(bob.page, alice.page);
  });
});

test("an offer that arrives while the camera is still starting is answered once it is on, with video", async ({ openPeer, room }) => {
  const alice = await openPeer("alice", `/02-ws-vanilla/?room=${room}`);
  const bob = await openPeer("bob", `/02-ws-vanilla/?room=${room}`);
  await alice.page.getByRole("button", { name: "Prepare" }).click();

  await test.step("Bob's camera starts only when the test says so (the lab's own getUserMedia, held back)", async () => {
    await bob.page.evaluate(() => {
      const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      const released = new Promise<void>((resolve) => ((window as unknown as { releaseCamera: () => void }).releaseCamera = resolve));
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        await released;
        return getUserMedia(constraints);
      };
    });
    await bob.page.getByRole("button", { name: "Prepare" }).click();
    await expect(alice.page.locator("#peers_in_room")).toHaveText("2 here"); // Bob is in the room, his camera is not on
  });

  await test.step("Alice connects: her offer reaches Bob before his camera is on", async () => {
    await alice.page.getByRole("button", { name: "Connect" }).click();
    await expect.poll(() => countFrames(bob.relayFrames, "received", "offer")).toBe(1);
    const cameraOn = await bob.page.evaluate(() => (document.getElementById("local_video") as HTMLVideoElement).srcObject !== null);
    expect(cameraOn, "Bob's camera is still held back").toBe(false);
  });

  await test.step("Bob's camera comes on: he answers with video, both see the other", async () => {
    await bob.page.evaluate(() => (window as unknown as { releaseCamera: () => void }).releaseCamera());
    await expectEachSeesTheOther(alice, bob);
  });
});
