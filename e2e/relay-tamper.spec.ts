/**
 * `?tamper=fingerprint`: the relay plays a malicious relay for what that client
 * sends, changing the DTLS fingerprints in its offers and answers and nothing
 * else, for members whose URL has the knob too. (lab04-tamper.spec.ts shows what
 * a real call then does.) A link that carries it breaks no one else's call.
 */
import { expect, test } from "./support/relay-fixtures.ts";

const FINGERPRINT = "sha-256 0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9";
const SDP = ["v=0", `a=fingerprint:${FINGERPRINT}`, "m=video 9 UDP/TLS/RTP/SAVPF 96", `a=fingerprint:${FINGERPRINT}`, "a=setup:actpass", ""].join("\r\n");

function fingerprintsIn(sdp: string): string[] {
  return sdp.split("\r\n").filter((line) => line.startsWith("a=fingerprint:"));
}

test("tamper=fingerprint changes every fingerprint in the client's offers and answers, and nothing else", async ({ joinRoom }) => {
  const mallory = await joinRoom("mallory", { tamper: "fingerprint" });
  const bob = await joinRoom("bob", { tamper: "fingerprint" }); // the lesson: both tabs open the link with the knob
  await mallory.next(); // peer-joined

  for (const type of ["offer", "answer"]) {
    mallory.send({ type, sdp: SDP, from: "m-1" });
    const received = (await bob.nextJson()) as { type: string; sdp: string; from: string };
    expect(received.type).toBe(type);
    expect(received.from).toBe("m-1");
    const changed = fingerprintsIn(received.sdp);
    expect(changed).toHaveLength(2);
    for (const line of changed) {
      expect(line).toMatch(/^a=fingerprint:sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$/); // still a well-formed fingerprint
      expect(line).not.toBe(`a=fingerprint:${FINGERPRINT}`);
    }
    // Everything but the fingerprints arrives as sent.
    expect(received.sdp.split("\r\n").filter((line) => !line.startsWith("a=fingerprint:"))).toEqual(
      SDP.split("\r\n").filter((line) => !line.startsWith("a=fingerprint:")),
    );
  }

  const candidate = '{"type":"candidate","ice":{"candidate":"a=fingerprint:sha-256 AA","sdpMid":"0"}}';
  mallory.sendText(candidate);
  expect((await bob.next()).text).toBe(candidate); // not an SDP: byte for byte
});

test("without tamper, and from the other peer, the SDP arrives byte for byte", async ({ joinRoom }) => {
  const mallory = await joinRoom("mallory", { tamper: "fingerprint" });
  const bob = await joinRoom("bob", { tamper: "nonsense" });
  await mallory.next(); // peer-joined
  const answer = JSON.stringify({ type: "answer", sdp: SDP });
  bob.sendText(answer);
  expect((await mallory.next()).text).toBe(answer);
});

test("a member whose URL has no tamper knob gets the tamperer's SDP byte for byte: a shared link breaks no one else's call", async ({ joinRoom }) => {
  const mallory = await joinRoom("mallory", { tamper: "fingerprint", size: 3 });
  const bob = await joinRoom("bob", { size: 3 });
  const carol = await joinRoom("carol", { tamper: "fingerprint", size: 3 });
  await mallory.next(); // peer-joined (bob)
  await mallory.next(); // peer-joined (carol)
  await bob.next(); // peer-joined (carol)
  const offer = JSON.stringify({ type: "offer", sdp: SDP });
  mallory.sendText(offer);
  expect((await bob.next()).text, "Bob did not ask: as sent").toBe(offer);
  expect(fingerprintsIn(String((await carol.nextJson()).sdp)), "Carol asked too: changed").not.toContain(`a=fingerprint:${FINGERPRINT}`);
});
