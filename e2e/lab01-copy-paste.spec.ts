import { copySdp } from "./support/copy-paste.ts";
import { expect, test } from "./support/fixtures.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

test("two tabs connect by copy and paste, both see the other's moving camera", async ({ openPeer }) => {
  const alice = await openPeer("alice", "/01-copy-paste/");
  const bob = await openPeer("bob", "/01-copy-paste/");

  await test.step("both click Prepare, Alice clicks Connect", async () => {
    await alice.page.getByRole("button", { name: "Prepare" }).click();
    await bob.page.getByRole("button", { name: "Prepare" }).click();
    await alice.page.getByRole("button", { name: "Connect" }).click();
  });

  await test.step("Alice's offer is pasted into Bob's tab", () => copySdp(alice.page, bob.page));
  await test.step("Bob's answer is pasted back into Alice's tab", () => copySdp(bob.page, alice.page));

  await test.step("both see the other's camera, moving", async () => {
    await expectEachSeesTheOther(alice, bob);
  });
  await expect(alice.page.locator("#error")).toBeHidden();
  await expect(bob.page.locator("#error")).toBeHidden();
});

test("anything but the other tab's SDP gets a clear message on the page", async ({ openPeer }) => {
  const alice = await openPeer("alice", "/01-copy-paste/");
  const bob = await openPeer("bob", "/01-copy-paste/");
  bob.allowErrorShown(); // each mistake below is answered with an error on Bob's page
  const error = bob.page.locator("#error");
  const receive = () => bob.page.getByRole("button", { name: "Receive SDP" }).click();

  await test.step("Receive SDP before Prepare", async () => {
    await receive();
    await expect(error).toContainText("Click Prepare first");
  });

  await bob.page.getByRole("button", { name: "Prepare" }).click();

  await test.step("an empty box", async () => {
    await receive();
    await expect(error).toContainText("text_for_recv_sdp is empty");
  });

  await test.step("text that is not an SDP", async () => {
    await bob.page.locator("#text_for_recv_sdp").fill("hello, this is not an SDP");
    await receive();
    await expect(error).toContainText("not an SDP");
  });

  await test.step("half of a real offer", async () => {
    await alice.page.getByRole("button", { name: "Prepare" }).click();
    await alice.page.getByRole("button", { name: "Connect" }).click();
    const offer = alice.page.locator("#text_for_send_sdp");
    await expect(offer).toHaveValue(/^v=0/);
    const text = await offer.inputValue();
    await bob.page.locator("#text_for_recv_sdp").fill(text.slice(0, text.length / 3));
    await receive();
    await expect(error).toContainText("The browser rejected this SDP");
  });

  await test.step("the whole offer still works after the mistakes", async () => {
    await copySdp(alice.page, bob.page);
    await copySdp(bob.page, alice.page);
    await expectEachSeesTheOther(alice, bob);
  });
});
