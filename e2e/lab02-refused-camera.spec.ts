/**
 * Labs 02-04: a Prepare that fails halfway (here the camera is refused) must
 * not leave the tab sitting in the room: the other tab would see "2 here",
 * click Connect, and wait for an answer that never comes.
 */
import { expect, test } from "./support/fixtures.ts";

for (const lab of ["02-ws-vanilla", "03-wss", "04-trickle"]) {
  test(`${lab}: a refused camera leaves the room, and the other tab is told`, async ({ openPeer, room }) => {
    const path = `/${lab}/?room=${room}`;
    const bob = await openPeer("bob", path);
    bob.allowErrorShown(); // Connect with nobody there
    await bob.page.getByRole("button", { name: "Prepare" }).click();
    await expect(bob.page.locator("#peers_in_room")).toHaveText("1 here");

    const alice = await openPeer("alice", path, { camera: "refused" });
    alice.allowErrorShown(); // the refused camera

    await test.step("Alice's camera is refused: her page says so, and she is out of the room", async () => {
      await alice.page.getByRole("button", { name: "Prepare" }).click();
      await expect(alice.page.locator("#error")).toContainText("The camera was refused (NotAllowedError).");
      await expect(alice.page.locator("#error")).toContainText("Allow it for this site");
      await expect(alice.page.locator("#peers_in_room")).toHaveText("not joined");
      await expect(alice.page.locator("#state_websocket")).toHaveText("closed");
    });

    await test.step("Bob saw her come and go, and Connect tells him nobody is there", async () => {
      await expect(bob.page.locator("#log li", { hasText: "another peer joined the room" })).toHaveCount(1);
      await expect(bob.page.locator("#peers_in_room")).toHaveText("1 here");
      await bob.page.getByRole("button", { name: "Connect" }).click();
      await expect(bob.page.locator("#error")).toContainText(`Nobody else is in room "${room}" yet`);
      await expect(bob.page.locator("#state_signaling")).toHaveText("stable"); // no offer was sent
    });
  });
}
