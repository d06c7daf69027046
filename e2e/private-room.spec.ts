/**
 * "New private room" on the index page: a room name nobody can guess, links to
 * each lab in it and a link to share; the labs show when they run in one.
 */
import { expect, test } from "./support/fixtures.ts";
import { prepareAndConnect } from "./support/timing-call.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

const PRIVATE_ROOM = /^p-[A-Za-z0-9_-]{22}$/;

test("the index makes a new random room each time, with a link to each lab in it and a link to share", async ({ page }) => {
  await page.goto("/");
  const labs = await page.locator("ol.labs li > a:first-child").evaluateAll((links) => links.map((link) => link.getAttribute("href")!));
  expect(labs.length).toBeGreaterThanOrEqual(5);

  await page.getByRole("button", { name: "New private room" }).click();
  const room = (await page.locator("#private_room_name").textContent())!;
  expect(room).toMatch(PRIVATE_ROOM);
  const links = page.locator("#private_room_links li a");
  expect(await links.evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute("href")))).toEqual(
    labs.map((lab) => `${lab}?room=${room}`),
  );
  const share = await page.locator("#private_room_share").getAttribute("href");
  expect(share).toBe(new URL(`/?room=${room}`, page.url()).href);

  await page.getByRole("button", { name: "New private room" }).click();
  await expect(page.locator("#private_room_name")).not.toHaveText(room); // 128 random bits each time

  await test.step("the shared link shows the same room's links", async () => {
    await page.goto(share!);
    await expect(page.locator("#private_room_name")).toHaveText(room);
    await expect(page.locator("#private_room_links li a").first()).toHaveAttribute("href", `${labs[0]}?room=${room}`);
  });
});

test("two people who open lab 04 from the private room's link see the badge and get their call", async ({ page, openPeer }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "New private room" }).click();
  const link = (await page.locator('#private_room_links a[href^="/04-trickle/"]').getAttribute("href"))!;

  const alice = await openPeer("alice", link);
  const bob = await openPeer("bob", link);
  for (const peer of [alice, bob]) await expect(peer.page.locator("#private_room_badge")).toHaveText("private room");
  await prepareAndConnect(alice.page, bob.page);
  await expectEachSeesTheOther(alice, bob);
});

test("a lab in a room with a chosen name, or in the mesh lab's private room, says which it is", async ({ openPeer, room }) => {
  const ordinary = await openPeer("alice", `/02-ws-vanilla/?room=${room}`);
  await expect(ordinary.page.locator("#room_name")).toHaveText(room);
  await expect(ordinary.page.locator("#private_room_badge")).toHaveCount(0);

  const mesh = await openPeer("bob", `/05-mesh/?room=p-${"a1B2c3D4e5F6g7H8i9J0k_"}`);
  await expect(mesh.page.locator("#private_room_badge")).toHaveText("private room");
});
