/**
 * Labs 02-04: Prepare replaces the tab's relay connection. A message of the old
 * connection that is handled after that (it was still waiting in the tab's
 * inbox) belongs to the old call, and must not touch the new one: here a late
 * "peer-left" would end a call that is going well, and a malformed message would
 * put an error on the page.
 */
import { expect, test } from "./support/fixtures.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

declare global {
  interface Window {
    /** Every WebSocket the page opened, oldest first (recorded by the test). */
    socketsOpened: WebSocket[];
  }
}

for (const lab of ["02-ws-vanilla", "03-wss", "04-trickle"]) {
  test(`${lab}: a late message from the connection Prepare replaced is ignored`, async ({ openPeer, room }) => {
    const path = `/${lab}/?room=${room}`;
    const alice = await openPeer("alice", path);
    await alice.page.addInitScript(() => {
      window.socketsOpened = [];
      window.WebSocket = class extends WebSocket {
        constructor(...args: ConstructorParameters<typeof WebSocket>) {
          super(...args);
          window.socketsOpened.push(this);
        }
      };
    });
    await alice.page.reload();
    const bob = await openPeer("bob", path);
    const prepared = alice.page.locator("#log li", { hasText: "prepared: in the room" });

    await test.step("Alice clicks Prepare twice (one after the other), Bob once, Alice connects", async () => {
      await alice.page.getByRole("button", { name: "Prepare" }).click();
      await expect(prepared).toHaveCount(1);
      await alice.page.getByRole("button", { name: "Prepare" }).click();
      await expect(prepared).toHaveCount(2);
      await bob.page.getByRole("button", { name: "Prepare" }).click();
      await expect(alice.page.locator("#peers_in_room")).toHaveText("2 here");
      await alice.page.getByRole("button", { name: "Connect" }).click();
      await expectEachSeesTheOther(alice, bob);
    });

    await test.step("the first connection delivers a late peer-left and a malformed message", async () => {
      const relaySockets = await alice.page.evaluate((room) => {
        // (Vite's own live-reload socket is on the list too.)
        const toRelay = window.socketsOpened.filter((socket) => new URL(socket.url).searchParams.get("room") === room);
        for (const data of [JSON.stringify({ type: "peer-left", peers: 1 }), "not json"]) {
          toRelay[0]!.dispatchEvent(new MessageEvent("message", { data }));
        }
        return toRelay.length;
      }, room);
      expect(relaySockets, "Alice's page opened one relay connection per Prepare").toBe(2);
      await expect(alice.page.locator("#log li", { hasText: "ignored a message from the relay connection Prepare replaced" })).toHaveCount(2);
    });

    await test.step("the call goes on, with no error and no notice that Bob left", async () => {
      await expect(alice.page.locator("#peers_in_room")).toHaveText("2 here");
      await expect(alice.page.locator("#error")).toBeHidden();
      await expect(alice.page.locator("#notice")).not.toContainText("left");
      await expect(alice.page.locator("#state_connection")).toHaveText("connected");
      await expectEachSeesTheOther(alice, bob);
    });
  });
}
