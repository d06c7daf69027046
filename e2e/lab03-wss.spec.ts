import { expect, test } from "./support/fixtures.ts";
import { aPortNothingListensOn } from "./support/ports.ts";
import { prepareAndConnect } from "./support/timing-call.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

test("two peers join a room over wss, Alice connects, both see the other's moving camera", async ({ openPeer, room }) => {
  const alice = await openPeer("alice", `/03-wss/?room=${room}`);
  const bob = await openPeer("bob", `/03-wss/?room=${room}`);

  await expect(alice.page.locator("#relay_url")).toHaveText(/^wss:\/\/localhost:\d+\//);

  await test.step("both click Prepare, Alice clicks Connect", () => prepareAndConnect(alice.page, bob.page));

  await test.step("the offer and the answer went through the relay, over TLS", async () => {
    await expect(bob.page.locator("#text_for_recv_sdp")).toHaveValue(/^v=0/);
    await expect(alice.page.locator("#text_for_recv_sdp")).toHaveValue(/^v=0/);
  });

  await test.step("both see the other's camera, moving", async () => {
    await expectEachSeesTheOther(alice, bob);
  });
});

test("a wss relay that cannot be reached is reported with both causes and what to do", async ({ openPeer, room }) => {
  const port = await aPortNothingListensOn();
  const alice = await openPeer("alice", `/03-wss/?room=${room}&relay=wss://localhost:${port}/`);
  alice.allowErrorShown();

  await alice.page.getByRole("button", { name: "Prepare" }).click();

  const error = alice.page.locator("#error");
  await expect(error).toBeVisible();
  await expect(error).toContainText(`Cannot reach the relay at wss://localhost:${port} (WebSocket closed, code 1006):`);
  await expect(error).toContainText("not running");
  await expect(error).toContainText("does not trust its certificate");
  await expect(error).toContainText("npm start");
  await expect(error).toContainText(`open https://localhost:${port}/ once and accept the certificate`);
  await expect(error).toContainText("trust the local CA");
  await expect(alice.page.locator("#state_websocket")).toHaveText("closed");
});
