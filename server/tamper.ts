/**
 * A test-only knob that plays a malicious relay: `?tamper=fingerprint` in a
 * client's URL changes the DTLS fingerprint (`a=fingerprint:`) in every offer
 * and answer that client sends. The SDP still parses, so setRemoteDescription
 * accepts it and ICE connects; then DTLS finds that the other browser's
 * certificate does not match, and the call fails. Nothing else can catch it:
 * the fingerprint is how the two browsers know they talk to each other and
 * not to whoever carried their SDP.
 */
export type Tamper = "fingerprint";

/** Reads `?tamper=`; anything but `fingerprint` means no tampering. */
export function tamperFromParams(params: URLSearchParams): Tamper | null {
  return params.get("tamper") === "fingerprint" ? "fingerprint" : null;
}

/** `data` with its SDP's fingerprints changed, if it is an offer or answer with an `sdp`; otherwise unchanged. */
export function tamperWith(data: Buffer, type: string): Buffer {
  if (type !== "offer" && type !== "answer") return data;
  const message = JSON.parse(data.toString("utf8")) as { sdp?: unknown };
  if (typeof message.sdp !== "string") return data;
  message.sdp = message.sdp.replace(/^(a=fingerprint:\S+ )([0-9A-Fa-f:]+)/gm, (_line, prefix: string, hex: string) => prefix + invertHex(hex));
  return Buffer.from(JSON.stringify(message));
}

/** "AB:01" → "54:FE": every hex digit changed, the format kept. */
function invertHex(hex: string): string {
  return hex.replace(/[0-9A-Fa-f]/g, (digit) => (15 - parseInt(digit, 16)).toString(16).toUpperCase());
}
