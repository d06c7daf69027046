/**
 * The lossy STUN server of the lossy-stun scenario, spoken to as a browser
 * would (a Binding Request over UDP, the same request again when no answer
 * comes): it loses the first copy of each transaction and answers the
 * retransmission with the address the request came from.
 */
import { randomBytes } from "node:crypto";
import { createSocket, type Socket } from "node:dgram";
import { startLossyStunServer } from "../scripts/compare/stun-servers.ts";
import { expect, test } from "./support/fixtures.ts";

const MAGIC_COOKIE = 0x2112a442;

function bindingRequest(transactionId: Buffer): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt16BE(0x0001, 0); // Binding Request, no attributes
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(header, 8);
  return header;
}

/** The port in a Binding Success Response's XOR-MAPPED-ADDRESS (its only attribute here). */
function mappedPort(response: Buffer): number {
  return response.readUInt16BE(26) ^ (MAGIC_COOKIE >>> 16);
}

test("the lossy STUN server loses the first copy of each request and answers the retransmission", async () => {
  const server = await startLossyStunServer();
  const client: Socket = createSocket("udp4");
  const responses: Buffer[] = [];
  client.on("message", (message) => responses.push(message));
  await new Promise<void>((bound) => client.bind(0, "127.0.0.1", bound));
  const send = async (request: Buffer, requestsSoFar: number) => {
    client.send(request, server.port, "127.0.0.1");
    await expect.poll(() => server.requests, "the server read it").toBe(requestsSoFar);
  };
  try {
    const first = randomBytes(12);
    await send(bindingRequest(first), 1);
    expect(server.dropped, "the first copy is lost").toBe(1);

    await send(bindingRequest(first), 2); // the browser's retransmission: same transaction id
    await expect.poll(() => responses.length, "the retransmission is answered").toBe(1);
    expect(responses[0]!.readUInt16BE(0), "a Binding Success Response").toBe(0x0101);
    expect(responses[0]!.subarray(8, 20).equals(first), "to that transaction").toBe(true);
    expect(mappedPort(responses[0]!), "telling the client its own address").toBe(client.address().port);
    expect(server.retransmissionGapsMs).toHaveLength(1);

    await send(bindingRequest(randomBytes(12)), 3); // a new transaction loses its first copy too
    expect(server.dropped).toBe(2);
    expect(responses, "nothing answered the lost copies").toHaveLength(1);
  } finally {
    client.close();
    await server.close();
  }
});
