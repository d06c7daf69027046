/**
 * Every bad input gets its own error code; the bad message goes nowhere, and the
 * connection keeps working: the next good message is forwarded as usual.
 */
import { CloseCode, HARD_FRAME_LIMIT_BYTES, MAX_BAD_MESSAGES_IN_A_ROW, MAX_MESSAGE_BYTES } from "../server/protocol.ts";
import { RawWebSocket, RelayClient } from "./support/relay-client.ts";
import { expect, test } from "./support/relay-fixtures.ts";

/** A valid message of exactly `bytes` bytes. */
function messageOfSize(bytes: number): string {
  const empty = JSON.stringify({ type: "offer", sdp: "" });
  return JSON.stringify({ type: "offer", sdp: "a".repeat(bytes - empty.length) });
}

const BAD_MESSAGES: { code: string; what: string; send: (client: RelayClient) => void }[] = [
  { code: "bad-json", what: "plain text", send: (c) => c.sendText("hello relay") },
  { code: "bad-json", what: "JSON cut short", send: (c) => c.sendText('{"type":"offer","sdp":"v=0') },
  { code: "bad-json", what: "an empty frame", send: (c) => c.sendText("") },
  { code: "not-an-object", what: "an array", send: (c) => c.sendText('[{"type":"offer"}]') },
  { code: "not-an-object", what: "a string", send: (c) => c.sendText('"offer"') },
  { code: "not-an-object", what: "a number", send: (c) => c.sendText("42") },
  { code: "not-an-object", what: "null", send: (c) => c.sendText("null") },
  { code: "missing-type", what: "no type", send: (c) => c.send({ sdp: "v=0" }) },
  { code: "missing-type", what: "a type that is a number", send: (c) => c.send({ type: 1 }) },
  { code: "missing-type", what: "a type that is null", send: (c) => c.send({ type: null }) },
  { code: "reserved-type", what: "a fake peer-left", send: (c) => c.send({ type: "peer-left", peers: 1 }) },
  { code: "reserved-type", what: "a fake error", send: (c) => c.send({ type: "error", code: "room-full" }) },
  { code: "binary-frame", what: "a good message as binary", send: (c) => c.sendBinary(Buffer.from('{"type":"offer"}')) },
  { code: "too-large", what: "one byte over the limit", send: (c) => c.sendText(messageOfSize(MAX_MESSAGE_BYTES + 1)) },
];

for (const bad of BAD_MESSAGES) {
  test(`${bad.what} gets "${bad.code}"; the next good message still goes through`, async ({ joinRoom }) => {
    const alice = await joinRoom("alice");
    const bob = await joinRoom("bob");
    await alice.next(); // peer-joined

    bad.send(alice);
    const error = await alice.nextJson();
    expect(error).toMatchObject({ type: "error", code: bad.code });
    expect(String(error.message).length).toBeGreaterThan(20); // a sentence, not just a code
    expect(await bob.framesBeforePong()).toEqual([]);

    alice.send({ type: "offer", sdp: "the good one" });
    expect(await bob.nextJson()).toEqual({ type: "offer", sdp: "the good one" });
  });
}

test("a message of exactly the size limit is forwarded", async ({ joinRoom }) => {
  const alice = await joinRoom("alice");
  const bob = await joinRoom("bob");
  const text = messageOfSize(MAX_MESSAGE_BYTES);
  expect(Buffer.byteLength(text)).toBe(MAX_MESSAGE_BYTES);
  alice.sendText(text);
  expect((await bob.next()).text).toBe(text);
});

test(`${MAX_BAD_MESSAGES_IN_A_ROW} bad messages in a row close the connection with 4003; a good one resets the count`, async ({
  joinRoom,
}) => {
  const alice = await joinRoom("alice");
  const bob = await joinRoom("bob");
  await alice.next(); // peer-joined
  const sendBad = async (count: number) => {
    for (let i = 0; i < count; i++) alice.sendText("not json");
    for (let i = 0; i < count; i++) expect(await alice.nextJson()).toMatchObject({ code: "bad-json" });
  };

  await test.step("one short of the limit, a good message, one short again: still open", async () => {
    await sendBad(MAX_BAD_MESSAGES_IN_A_ROW - 1);
    alice.send({ type: "candidate", ice: null });
    expect(await bob.nextJson()).toEqual({ type: "candidate", ice: null });
    await sendBad(MAX_BAD_MESSAGES_IN_A_ROW - 1);
    expect(await alice.framesBeforePong()).toEqual([]);
  });

  await test.step("one more bad message: too-many-errors, then close 4003, and Bob hears peer-left", async () => {
    alice.sendText("not json");
    expect(await alice.nextJson()).toMatchObject({ code: "bad-json" });
    expect(await alice.nextJson()).toMatchObject({ type: "error", code: "too-many-errors" });
    expect(await alice.closed).toEqual({ code: CloseCode.tooManyErrors, reason: "too-many-errors" });
    expect(await bob.nextJson()).toEqual({ type: "peer-left", peers: 1 });
  });
});

test("a frame over the hard limit closes with 1009, the room hears peer-left", async ({ joinRoom }) => {
  const alice = await joinRoom("alice");
  const bob = await joinRoom("bob");
  await alice.next(); // peer-joined
  alice.sendText("x".repeat(HARD_FRAME_LIMIT_BYTES + 1));
  expect((await alice.closed).code).toBe(CloseCode.messageTooBig);
  expect(await bob.nextJson()).toEqual({ type: "peer-left", peers: 1 });
});

test("a text frame that is not UTF-8 closes with 1007, the room hears peer-left", async ({ joinRoom }) => {
  const alice = await joinRoom("alice");
  const bob = await joinRoom("bob");
  await alice.next(); // peer-joined
  alice.sendText(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])); // "{", two bytes UTF-8 never uses, "}"
  expect((await alice.closed).code).toBe(CloseCode.invalidText);
  expect(await bob.nextJson()).toEqual({ type: "peer-left", peers: 1 });
});

test("a frame that breaks the WebSocket protocol closes with 1002; the relay keeps running", async ({ relay, room, joinRoom }) => {
  const raw = await RawWebSocket.open(relay.wsPort, `/?room=${room}`);
  raw.write(Buffer.from([0x83, 0x80, 1, 2, 3, 4])); // opcode 3 is reserved
  await raw.closed;
  expect(raw.said().at(-1)).toBe(`close ${CloseCode.protocolError}`);
  expect(await (await joinRoom("bob")).framesBeforePong()).toEqual([]); // still serving
});

test("a refused client that then sends a broken frame does not crash the relay", async ({ relay, room, joinRoom }) => {
  const alice = await joinRoom("alice");
  const bob = await joinRoom("bob");
  await alice.next(); // peer-joined
  const raw = await RawWebSocket.open(relay.wsPort, `/?room=${room}`); // third in a room of two
  raw.write(Buffer.from([0x8f, 0x80, 1, 2, 3, 4])); // opcode 15 is reserved
  await raw.closed;
  expect(raw.said()[0]).toContain('"code":"room-full"');

  alice.send({ type: "offer", sdp: "still here" });
  expect(await bob.nextJson()).toEqual({ type: "offer", sdp: "still here" });
  expect(relay.isRunning).toBe(true);
});

test("a URL the relay cannot read gets bad-url and close 4002; the relay keeps running", async ({ relay, joinRoom }) => {
  const raw = await RawWebSocket.open(relay.wsPort, "http://[");
  await expect.poll(() => raw.said().length).toBe(2);
  expect(JSON.parse(raw.said()[0]!)).toMatchObject({ type: "error", code: "bad-url" });
  expect(raw.said()[1]).toBe(`close ${CloseCode.badRoom}`);
  raw.socket.destroy();
  expect(await (await joinRoom("bob")).framesBeforePong()).toEqual([]);
  expect(relay.isRunning).toBe(true);
});

const BAD_JOINS: { code: string; query: string }[] = [
  { code: "bad-room-name", query: "room=" },
  { code: "bad-room-name", query: "room=two%20words" },
  { code: "bad-room-name", query: "room=caf%C3%A9" },
  { code: "bad-room-name", query: `room=${"r".repeat(65)}` },
  { code: "bad-room-name", query: "room=..%2F..%2Fetc" },
  { code: "bad-room-size", query: "room=ok&size=1" },
  { code: "bad-room-size", query: "room=ok&size=9" },
  { code: "bad-room-size", query: "room=ok&size=2.5" },
  { code: "bad-room-size", query: "room=ok&size=many" },
];

for (const bad of BAD_JOINS) {
  test(`joining with ?${bad.query.slice(0, 30)} gets "${bad.code}" and close 4002`, async ({ relay }) => {
    const client = await RelayClient.open("alice", `ws://127.0.0.1:${relay.wsPort}/?${bad.query}`);
    expect(await client.nextJson()).toMatchObject({ type: "error", code: bad.code });
    expect(await client.closed).toEqual({ code: CloseCode.badRoom, reason: bad.code });
  });
}
