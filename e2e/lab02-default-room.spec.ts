/**
 * Without ?room=, each lab has a room of its own (its folder's name): two tabs
 * of one lab meet, and tabs of two labs never do (a lab 04 tab and a lab 05 tab
 * used to land together in "default", and the first one set the room's size).
 */
import { ROOM_NAME_PATTERN } from "../server/protocol.ts";
import { labFolders } from "../scripts/labs.ts";
import { expect, test, type Peer } from "./support/fixtures.ts";
import { RelayProcess } from "./support/relay-process.ts";

const labsWithRelay = labFolders().filter((lab) => !lab.startsWith("01-"));

test("every lab page without ?room= names a room of its own, one the relay accepts, and asks the relay for it", async ({ page }) => {
  const rooms: string[] = [];
  for (const lab of labsWithRelay) {
    await page.goto(`/${lab}/`);
    const room = await page.locator("#room_name").innerText();
    expect(room, `${lab}: the room must be a name the relay accepts`).toMatch(ROOM_NAME_PATTERN);
    const relayUrl = new URL(await page.locator("#relay_url").innerText());
    expect(relayUrl.searchParams.get("room"), `${lab}: the relay must be asked for the room the page shows`).toBe(room);
    rooms.push(room);
  }
  expect(new Set(rooms).size, `two labs share a default room: ${rooms.join(", ")}`).toBe(rooms.length);
});

test("two lab 04 tabs without ?room= meet; a lab 05 tab without ?room= does not join them", async ({ openPeer }) => {
  // A relay of this test's own: the labs' default rooms are shared by every
  // tab without ?room=, so on the shared relay another test could be in them.
  const relay = await RelayProcess.start();
  const peers: Peer[] = [];
  try {
    const relayParam = `relay=wss://127.0.0.1:${relay.wssPort}/`;
    const alice = await openPeer("alice", `/04-trickle/?${relayParam}`);
    const bob = await openPeer("bob", `/04-trickle/?${relayParam}`);
    const carol = await openPeer("carol", `/05-mesh/?${relayParam}`);
    peers.push(alice, bob, carol);

    for (const peer of peers) await peer.page.getByRole("button", { name: "Prepare" }).click();
    await expect(alice.page.locator("#peers_in_room")).toHaveText("2 here");
    await expect(bob.page.locator("#peers_in_room")).toHaveText("2 here");
    await expect(carol.page.locator("#peers_in_room")).toHaveText("1 here");
    await expect(carol.page.locator("#error")).toBeHidden();
  } finally {
    for (const peer of peers) await peer.page.close(); // before the relay goes, or each page would say it went
    await relay.stop();
  }
});
