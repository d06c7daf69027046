/**
 * The relay lets in only the lab pages (and clients that are not web pages), on
 * ws and wss alike: any other page the learner has open could otherwise join a
 * room and read the next call's SDP.
 */
import { readFileSync } from "node:fs";
import type { ClientOptions } from "ws";
import { certificatePaths } from "../scripts/certs.ts";
import { lanAddresses } from "../scripts/network.ts";
import { RelayClient } from "./support/relay-client.ts";
import type { RelayProcess } from "./support/relay-process.ts";
import { expect, test } from "./support/relay-fixtures.ts";

/** A port no lab page uses in this run, so the test does not depend on LABS_PORT. */
const LABS_PORT = 5999;
const EXTRA_ORIGIN = "https://lab.example:8443";

const schemes = ["ws", "wss"] as const;
type Scheme = (typeof schemes)[number];

function urlOf(relay: RelayProcess, scheme: Scheme, room: string): string {
  return scheme === "ws" ? relay.url({ room }) : `wss://127.0.0.1:${relay.wssPort}/?room=${room}`;
}

/** What a browser tab on `origin` sends; wss trusts the local CA, as a browser that accepted it. */
function asPageFrom(scheme: Scheme, origin?: string): ClientOptions {
  return {
    ...(origin === undefined ? {} : { origin }),
    ...(scheme === "wss" ? { ca: readFileSync(certificatePaths.caCert) } : {}),
  };
}

function refusalLines(relay: RelayProcess): string[] {
  return relay.output.join("").split("\n").filter((line) => line.includes("is not a lab page"));
}

for (const scheme of schemes) {
  test(`${scheme}: the lab pages' own origins, RELAY_ALLOWED_ORIGINS and clients without an Origin get in`, async ({ startRelay, room }) => {
    const relay = await startRelay({ env: { LABS_PORT: String(LABS_PORT), RELAY_ALLOWED_ORIGINS: ` ${EXTRA_ORIGIN} , ` } });
    const origins = [
      `https://localhost:${LABS_PORT}`,
      `https://127.0.0.1:${LABS_PORT}`,
      `https://[::1]:${LABS_PORT}`,
      ...lanAddresses().map((address) => `https://${address}:${LABS_PORT}`),
      EXTRA_ORIGIN,
      undefined, // wscat, Node, the tests
    ];
    for (const [i, origin] of origins.entries()) {
      const client = await RelayClient.join(`page ${origin ?? "(no Origin)"}`, urlOf(relay, scheme, `${room}-${i}`), asPageFrom(scheme, origin));
      client.close();
    }
    expect(refusalLines(relay)).toEqual([]);
  });

  test(`${scheme}: a page from any other origin is refused with HTTP 403 and one log line`, async ({ startRelay, room }) => {
    const relay = await startRelay({ env: { LABS_PORT: String(LABS_PORT) } });
    const alice = await RelayClient.join("alice", urlOf(relay, scheme, room), asPageFrom(scheme, `https://localhost:${LABS_PORT}`));
    const foreign = [
      "https://evil.example",
      `https://evil.example:${LABS_PORT}`,
      `http://localhost:${LABS_PORT}`, // not the lab pages: they are served over https
      "https://localhost:5998", // another port on this machine is another site
      `https://localhost.evil.example:${LABS_PORT}`,
      "null", // a sandboxed frame or a file:// page
    ];
    for (const origin of foreign) {
      await expect(RelayClient.open(`page ${origin}`, urlOf(relay, scheme, room), asPageFrom(scheme, origin))).rejects.toThrow(
        /the relay answered HTTP 403/,
      );
    }
    await expect.poll(() => refusalLines(relay).length).toBe(foreign.length);
    expect(refusalLines(relay)[0]).toContain('origin "https://evil.example" is not a lab page (403)');

    // None of them reached the room: Alice heard of no one, and a lab page still joins.
    expect(await alice.framesBeforePong()).toEqual([]);
    const bob = await RelayClient.join("bob", urlOf(relay, scheme, room), asPageFrom(scheme, `https://127.0.0.1:${LABS_PORT}`));
    expect(await alice.nextJson()).toEqual({ type: "peer-joined", peers: 2 });
    alice.close();
    bob.close();
  });
}

test("a malformed RELAY_ALLOWED_ORIGINS stops the relay with a sentence that names it", async ({ startRelay }) => {
  await expect(startRelay({ env: { RELAY_ALLOWED_ORIGINS: "lab.example" } })).rejects.toThrow(
    /RELAY_ALLOWED_ORIGINS: "lab.example" is not an origin/,
  );
});

test("LABS_PORT=443: the pages' origin is https://host with no port, as browsers send it (and with :443 too)", async ({ startRelay, room }) => {
  const relay = await startRelay({ env: { LABS_PORT: "443", RELAY_ALLOWED_ORIGINS: "https://lab.example:443" } });
  const origins = ["https://localhost", "https://127.0.0.1", "https://localhost:443", "https://lab.example"];
  for (const [i, origin] of origins.entries()) {
    const client = await RelayClient.join(`page ${origin}`, urlOf(relay, "ws", `${room}-${i}`), asPageFrom("ws", origin));
    client.close();
  }
  expect(refusalLines(relay)).toEqual([]);
  await expect(RelayClient.open("another port", urlOf(relay, "ws", room), asPageFrom("ws", "https://localhost:5173"))).rejects.toThrow(/HTTP 403/);
});
