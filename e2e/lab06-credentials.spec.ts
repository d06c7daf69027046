/**
 * What the relay started by `npm start` (the Playwright webServer) hands each peer for
 * lab 06: TURN URLs on the one address coturn listens on, and TURN REST API credentials that coturn
 * can check with the shared secret. No browser: a plain ws client reads the `joined` notice.
 * (That coturn really accepts them is lab06-turn.spec.ts's job.)
 */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import type { RelayNotice } from "../server/protocol.ts";
import { integerFromEnv, relaySettingsFromEnv } from "../server/settings.ts";
import { turnSecretPath } from "../scripts/turn-secret.ts";
import { lanAddresses } from "../scripts/network.ts";
import { turnSettingsFromEnv } from "../scripts/turn-server.ts";
import { expect, test } from "./support/fixtures.ts";
import { RelayClient } from "./support/relay-client.ts";
import { requireTurnServer } from "./support/turn.ts";

requireTurnServer();

type Joined = Extract<RelayNotice, { type: "joined" }>;
const TURN_PORT = turnSettingsFromEnv().port;
const TTL_S = integerFromEnv(process.env, "TURN_CREDENTIAL_TTL_S", 3600); // as the webServer's relay reads it

/** Joins through the webServer's relay, saying `host` in the Host header as a browser on that address would. */
async function joinAs(host: string, query: string): Promise<Joined> {
  const url = `ws://127.0.0.1:${relaySettingsFromEnv().wsPort}/?${query}`;
  const client = await RelayClient.open("peer", url, { headers: { host } });
  try {
    return (await client.nextJson()) as Joined;
  } finally {
    client.socket.close();
  }
}

test("every peer gets TURN URLs, UDP and TCP, on the one address coturn listens on, whatever host it used", async ({ room }) => {
  // In CI's loopback-only namespace that is 127.0.0.1; on a machine with a LAN address, that address
  // (lab06-lan.spec.ts runs one). A phone and this machine's own tabs then reach the same place.
  const { ip } = turnSettingsFromEnv().address;
  if (lanAddresses().length === 0) expect(ip).toBe("127.0.0.1");
  for (const host of ["localhost:3001", "127.0.0.1:3001", "192.168.1.20:3001"]) {
    const joined = await joinAs(host, `room=${room}-${host.replace(/[.:]/g, "-")}`);
    expect(joined.turn).toMatchObject({ running: true });
    expect(joined.iceServers?.map((server) => server.urls)).toEqual([[`turn:${ip}:${TURN_PORT}?transport=udp`, `turn:${ip}:${TURN_PORT}?transport=tcp`]]);
  }
});

test("the credentials follow the TURN REST API: '<expiry>:<name>' signed with HMAC-SHA1 of the shared secret", async ({ room }) => {
  const before = Math.floor(Date.now() / 1000);
  const joined = await joinAs("localhost:3001", `room=${room}`);
  const after = Math.ceil(Date.now() / 1000);
  const { username, credential } = joined.iceServers![0]!;

  const [expiry, name] = username.split(":");
  expect(name).toMatch(new RegExp(`^${room}-\\d+$`));
  expect(Number(expiry)).toBeGreaterThanOrEqual(before + TTL_S);
  expect(Number(expiry)).toBeLessThanOrEqual(after + TTL_S);
  expect(joined.turn).toEqual({ running: true, expiresAt: Number(expiry), validForS: TTL_S });

  const secret = readFileSync(turnSecretPath, "utf8").trim();
  expect(credential).toBe(createHmac("sha1", secret).update(username).digest("base64"));
});

test("the turnTtl knob only shortens the lifetime: negative gives expired credentials, huge gives the default", async ({ room }) => {
  const now = Math.floor(Date.now() / 1000);
  const expired = await joinAs("localhost:3001", `room=${room}-a&turnTtl=-60`);
  expect(expired.turn).toMatchObject({ running: true });
  expect(Number(expired.iceServers![0]!.username.split(":")[0])).toBeLessThan(now);

  const greedy = await joinAs("localhost:3001", `room=${room}-b&turnTtl=99999999`);
  expect(Number(greedy.iceServers![0]!.username.split(":")[0])).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + TTL_S);
});
