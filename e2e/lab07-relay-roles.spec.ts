/**
 * Lab 07's roles for perfect negotiation come from the relay's `joined` notice:
 * the two peers of a room must always have different ones, whoever leaves.
 */
import { expect, test } from "./support/relay-fixtures.ts";
import type { RelayClient } from "./support/relay-client.ts";

function politeOf(client: RelayClient): boolean {
  return (JSON.parse(client.frames[0]!.text) as { polite: boolean }).polite;
}

test("the first in a room is impolite, the second polite", async ({ joinRoom }) => {
  const alice = await joinRoom("alice");
  const bob = await joinRoom("bob");
  expect(politeOf(alice)).toBe(false);
  expect(politeOf(bob)).toBe(true);
});

test("when the impolite peer leaves, the next one to join is impolite: the roles still differ", async ({ joinRoom }) => {
  const alice = await joinRoom("alice");
  const bob = await joinRoom("bob");
  expect(await alice.nextJson()).toEqual({ type: "peer-joined", peers: 2 });

  alice.close();
  expect(await bob.nextJson()).toEqual({ type: "peer-left", peers: 1 });
  const carol = await joinRoom("carol");
  expect([politeOf(bob), politeOf(carol)]).toEqual([true, false]);

  await test.step("and when the polite one leaves, the next one is polite", async () => {
    bob.close();
    expect(await carol.nextJson()).toEqual({ type: "peer-left", peers: 1 });
    const dave = await joinRoom("dave");
    expect([politeOf(carol), politeOf(dave)]).toEqual([false, true]);
  });
});
