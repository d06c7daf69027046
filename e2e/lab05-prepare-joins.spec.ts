/**
 * Lab 05: Prepare is done only when the relay has let the tab into the room,
 * not when the socket opens. A tab the relay refuses says why, and keeps
 * nothing of its Prepare (camera off), ready for another try.
 */
import { expect, test } from "./support/fixtures.ts";

test("Prepare ends once the relay has let the tab in; a full room refuses it, camera off", async ({ openPeer, room }) => {
  // A room of two, so that the third tab finds it full.
  const path = `/05-mesh/?room=${room}&size=2`;
  const alice = await openPeer("alice", path);
  const bob = await openPeer("bob", path);
  for (const peer of [alice, bob]) {
    await peer.page.getByRole("button", { name: "Prepare" }).click();
    await expect(peer.page.locator("#log li", { hasText: "prepared:" })).toHaveCount(1);
  }

  await test.step("Alice's Prepare was done after the relay said she was in, not before", async () => {
    const log = await alice.page.locator("#log li").allInnerTexts();
    const joined = log.findIndex((line) => line.includes(`joined room "${room}"`));
    const prepared = log.findIndex((line) => line.includes("prepared:"));
    expect(joined, "the relay's joined notice is in the log").toBeGreaterThanOrEqual(0);
    expect(prepared, "Prepare finished after the relay let the tab in").toBeGreaterThan(joined);
  });

  await test.step("Carol finds the room full: she is told why, her Prepare never finishes, her camera is off", async () => {
    const carol = await openPeer("carol", path);
    carol.allowErrorShown();
    await carol.page.getByRole("button", { name: "Prepare" }).click();
    const error = carol.page.locator("#error");
    await expect(error).toContainText(`The relay did not let this tab into room "${room}" (room-full).`);
    await expect(error).toContainText("close the others in it, or use another ?room=");
    await expect(carol.page.getByRole("button", { name: "Prepare" })).toBeEnabled();
    await expect(carol.page.locator("#log li", { hasText: "prepared:" })).toHaveCount(0);
    expect(await carol.page.evaluate(() => (document.getElementById("local_video") as HTMLVideoElement).srcObject)).toBeNull();
    await expect(alice.page.locator("#peers_in_room")).toHaveText("2 here");
  });
});
