/** Room capacity: two by default, more with ?size= (up to a maximum), set by the first peer. */
import { CloseCode, MAX_ROOM_SIZE } from "../server/protocol.ts";
import { RelayClient } from "./support/relay-client.ts";
import { expect, test } from "./support/relay-fixtures.ts";

test("a third peer gets room-full and close 4001; the two inside keep talking", async ({ relay, room, joinRoom }) => {
  const alice = await joinRoom("alice");
  const bob = await joinRoom("bob");
  await alice.next(); // peer-joined

  const carol = await RelayClient.open("carol", relay.url({ room }));
  const refusal = await carol.nextJson();
  expect(refusal).toMatchObject({ type: "error", code: "room-full" });
  expect(refusal.message).toContain(room);
  expect(await carol.closed).toEqual({ code: CloseCode.roomFull, reason: "room-full" });

  alice.send({ type: "offer", sdp: "for bob" });
  expect(await bob.nextJson()).toEqual({ type: "offer", sdp: "for bob" });
  // Carol's visit was never announced to them.
  expect(await alice.framesBeforePong()).toEqual([]);
  expect(await bob.framesBeforePong()).toEqual([]);
});

test("?size=3 makes a room for three: all hear each other, a fourth gets room-full", async ({ relay, room, joinRoom }) => {
  const peers = [await joinRoom("alice", { size: 3 }), await joinRoom("bob", { size: 3 }), await joinRoom("carol", { size: 3 })];
  const [alice, bob, carol] = peers as [RelayClient, RelayClient, RelayClient];

  const dave = await RelayClient.open("dave", relay.url({ room, size: 3 }));
  expect(await dave.nextJson()).toMatchObject({ code: "room-full" });
  expect((await dave.closed).code).toBe(CloseCode.roomFull);

  for (const peer of peers) await peer.framesBeforePong(); // the peer-joined notices
  alice.send({ type: "offer", sdp: "to everyone" });
  expect(await bob.nextJson()).toEqual({ type: "offer", sdp: "to everyone" });
  expect(await carol.nextJson()).toEqual({ type: "offer", sdp: "to everyone" });
  expect(await alice.framesBeforePong()).toEqual([]);
});

test(`the largest room holds ${MAX_ROOM_SIZE}`, async ({ relay, room, joinRoom }) => {
  for (let i = 1; i <= MAX_ROOM_SIZE; i++) await joinRoom(`peer${i}`, { size: MAX_ROOM_SIZE });
  const oneTooMany = await RelayClient.open("one too many", relay.url({ room, size: MAX_ROOM_SIZE }));
  expect(await oneTooMany.nextJson()).toMatchObject({ code: "room-full" });
});

test("the first peer sets the size; a later ?size= does not change it", async ({ relay, room, joinRoom }) => {
  const alice = await joinRoom("alice"); // size 2
  const bob = await joinRoom("bob", { size: 4 });
  expect(JSON.parse(bob.frames[0]!.text)).toEqual({ type: "joined", room, peers: 2, size: 2, polite: true });
  await alice.next(); // peer-joined

  const carol = await RelayClient.open("carol", relay.url({ room, size: 4 }));
  expect(await carol.nextJson()).toMatchObject({ code: "room-full" });
});

test("an empty room is forgotten: it can be made again, with another size", async ({ relay, room, joinRoom }) => {
  const alice = await joinRoom("alice");
  const bob = await joinRoom("bob");
  expect(await alice.nextJson()).toEqual({ type: "peer-joined", peers: 2 });
  bob.close();
  expect(await alice.nextJson()).toEqual({ type: "peer-left", peers: 1 });
  alice.close();

  // Alice's leaving is not announced to anyone; retry until the relay has seen it.
  await expect
    .poll(async () => {
      const carol = await RelayClient.join("carol", relay.url({ room, size: 3 }));
      carol.close();
      await carol.closed;
      return (JSON.parse(carol.frames[0]!.text) as { size: number }).size;
    })
    .toBe(3);
});
