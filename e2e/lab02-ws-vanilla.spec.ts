import { expect, test } from "./support/fixtures.ts";
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
});
