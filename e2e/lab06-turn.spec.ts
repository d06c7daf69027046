import { expect, test } from "./support/fixtures.ts";
import { prepareAndConnect } from "./support/timing-call.ts";
import { requireTurnServer, selectedPair, turnServerLog } from "./support/turn.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

requireTurnServer();

test("with ?policy=relay both peers connect through TURN over UDP, and each sees the other's camera", async ({ openPeer, room }) => {
  // transport=udp: with the TCP URL too, a busy machine sometimes settles on the TCP allocation, which connected first.
  const alice = await openPeer("alice", `/06-turn/?room=${room}&policy=relay&transport=udp`);
  const bob = await openPeer("bob", `/06-turn/?room=${room}&policy=relay&transport=udp`);

  await test.step("both click Prepare, Alice clicks Connect", () => prepareAndConnect(alice.page, bob.page));

  await test.step("each sees the other's own picture, moving", async () => {
    await expectEachSeesTheOther(alice, bob);
  });

  await test.step("the selected pair is relay/relay on both sides, reaching TURN over UDP", async () => {
    for (const peer of [alice, bob]) {
      await expect.poll(() => selectedPair(peer.page), { message: `${peer.name}'s selected candidate pair` }).toMatchObject({
        local: { candidateType: "relay", protocol: "udp", relayProtocol: "udp" },
        remote: { candidateType: "relay", protocol: "udp" },
      });
    }
  });

  await test.step("coturn itself allocated a relayed address for this room's credentials", () => {
    expect(allocationsFor(room)).toBeGreaterThanOrEqual(2);
  });
});

test("with ?transport=tcp both peers reach TURN over TCP (relayProtocol tcp)", async ({ openPeer, room }) => {
  const alice = await openPeer("alice", `/06-turn/?room=${room}&policy=relay&transport=tcp`);
  const bob = await openPeer("bob", `/06-turn/?room=${room}&policy=relay&transport=tcp`);

  await test.step("both click Prepare, Alice clicks Connect", () => prepareAndConnect(alice.page, bob.page));

  await test.step("each sees the other's own picture, moving", async () => {
    await expectEachSeesTheOther(alice, bob);
  });

  await test.step("the selected pair is relay/relay, and each browser reaches TURN over TCP", async () => {
    for (const peer of [alice, bob]) {
      await expect.poll(() => selectedPair(peer.page), { message: `${peer.name}'s selected candidate pair` }).toMatchObject({
        local: { candidateType: "relay", relayProtocol: "tcp" },
        remote: { candidateType: "relay" },
      });
    }
  });
});

/** coturn's log lines for allocations it granted to this room's peers (usernames "<expiry>:<room>-<id>"). */
function allocationsFor(room: string): number {
  return turnServerLog()
    .split("\n")
    .filter((line) => line.includes(`:${room}-`) && /ALLOCATE processed, success/.test(line)).length;
}
