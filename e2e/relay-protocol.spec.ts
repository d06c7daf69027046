/**
 * The relay's core promise, with real ws clients against a real relay process:
 * a message reaches the others in its room unchanged, and nobody else.
 */
import { readFileSync } from "node:fs";
import { certificatePaths } from "../scripts/certs.ts";
import { RelayClient } from "./support/relay-client.ts";
import { expect, test } from "./support/relay-fixtures.ts";

test("a message reaches the other peer unchanged, as a text frame, and never comes back", async ({ joinRoom }) => {
  const alice = await joinRoom("alice");
  const bob = await joinRoom("bob");
  expect(await alice.nextJson()).toEqual({ type: "peer-joined", peers: 2 });

  // Odd spacing, escapes and non-ASCII: forwarded byte for byte, not re-encoded.
  const text = '{ "type":"offer",\n "sdp":"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n", "note":"caméra 📷", "n":1.50 }';
  alice.sendText(text);
  expect(await bob.next()).toEqual({ text, isBinary: false });
  expect(await alice.framesBeforePong()).toEqual([]);

  bob.send({ type: "answer", sdp: "v=0" });
  expect(await alice.nextJson()).toEqual({ type: "answer", sdp: "v=0" });
  expect(await bob.framesBeforePong()).toEqual([]);
});

test("the relay keeps rooms apart: a client in another room receives nothing", async ({ joinRoom, room }) => {
  // Names that share a prefix with the room, to catch matching by prefix.
  const carol = await joinRoom("carol", { room: `${room}x` });
  const dave = await joinRoom("dave", { room: `${room}-2` });
  const alice = await joinRoom("alice");
  const bob = await joinRoom("bob");
  expect(await alice.nextJson()).toEqual({ type: "peer-joined", peers: 2 });

  await test.step("Alice and Bob talk; each message reaches the other", async () => {
    alice.send({ type: "offer", sdp: "from alice" });
    expect(await bob.nextJson()).toEqual({ type: "offer", sdp: "from alice" });
    bob.send({ type: "answer", sdp: "from bob" });
    expect(await alice.nextJson()).toEqual({ type: "answer", sdp: "from bob" });
  });

  await test.step("Carol and Dave, in other rooms, got nothing: not the messages, not the joins", async () => {
    // Bob and Alice already received them, so anything written to Carol or Dave came before their pong.
    expect(await carol.framesBeforePong()).toEqual([]);
    expect(await dave.framesBeforePong()).toEqual([]);
  });

  await test.step("and what Carol sends stays in her room", async () => {
    carol.send({ type: "offer", sdp: "from carol" });
    expect(await carol.framesBeforePong()).toEqual([]); // the relay has read it by now
    expect(await alice.framesBeforePong()).toEqual([]);
    expect(await bob.framesBeforePong()).toEqual([]);
    expect(await dave.framesBeforePong()).toEqual([]);
  });
});

test("notices count the peers in the room: joined, peer-joined, peer-left", async ({ joinRoom, room }) => {
  const alice = await joinRoom("alice", { size: 3 });
  expect(JSON.parse(alice.frames[0]!.text)).toEqual({ type: "joined", room, peers: 1, size: 3, polite: false });

  const bob = await joinRoom("bob", { size: 3 });
  expect(JSON.parse(bob.frames[0]!.text)).toEqual({ type: "joined", room, peers: 2, size: 3, polite: true });
  expect(await alice.nextJson()).toEqual({ type: "peer-joined", peers: 2 });
  const carol = await joinRoom("carol", { size: 3 });
  expect(await alice.nextJson()).toEqual({ type: "peer-joined", peers: 3 });
  expect(await bob.nextJson()).toEqual({ type: "peer-joined", peers: 3 });

  carol.close();
  expect(await alice.nextJson()).toEqual({ type: "peer-left", peers: 2 });
  expect(await bob.nextJson()).toEqual({ type: "peer-left", peers: 2 });
  bob.kill(); // no close frame: the relay notices the TCP connection end
  expect(await alice.nextJson()).toEqual({ type: "peer-left", peers: 1 });
});

test("no room in the URL means the room named default", async ({ startRelay }) => {
  const relay = await startRelay();
  const alice = await RelayClient.open("alice", `ws://127.0.0.1:${relay.wsPort}/`);
  expect(await alice.nextJson()).toEqual({ type: "joined", room: "default", peers: 1, size: 2, polite: false });
  const bob = await RelayClient.join("bob", relay.url({ room: "default" }));
  expect(await alice.nextJson()).toEqual({ type: "peer-joined", peers: 2 });
  bob.send({ type: "offer", sdp: "x" });
  expect(await alice.nextJson()).toEqual({ type: "offer", sdp: "x" });
});

test("a ws peer and a wss peer in the same room talk to each other", async ({ relay, room, joinRoom }) => {
  const alice = await joinRoom("alice");
  const tls = { ca: readFileSync(certificatePaths.caCert) }; // the local CA, as a browser that trusts it
  const bob = await RelayClient.join("bob", `wss://127.0.0.1:${relay.wssPort}/?room=${room}`, tls);
  try {
    expect(await alice.nextJson()).toEqual({ type: "peer-joined", peers: 2 });
    alice.send({ type: "offer", sdp: "over ws" });
    expect(await bob.nextJson()).toEqual({ type: "offer", sdp: "over ws" });
    bob.send({ type: "answer", sdp: "over wss" });
    expect(await alice.nextJson()).toEqual({ type: "answer", sdp: "over wss" });
  } finally {
    bob.close();
  }
});
