/**
 * Lab 06 on a LAN: `npm start` on a learner's machine that has a LAN address, and
 * another host on the same network (lan.ts: two network namespaces and a veth pair).
 *
 * Any host on the LAN can read TURN credentials from the relay: a phone needs them,
 * and a script can pretend to be one. So coturn itself must be safe to hand them to:
 * from the other host, an allocation works, but coturn refuses to relay to the
 * learner's loopback (where a database or a dev server listens, trusting that no other
 * host can reach it), to its other private networks, and refuses TCP relays outright.
 * And a real call from the other host still goes through TURN, on the LAN address.
 */
import { chromium, type Browser } from "@playwright/test";
import { chromiumWithCamera } from "./support/chromium.ts";
import { chromiumExecutable } from "./support/find-chromium.ts";
import { expect, test } from "./support/fixtures.ts";
import { Lan, LEARNER_IP, requireLan, type AttackResult } from "./support/lan.ts";
import { cameraFileFor } from "./support/pictures.ts";
import { requireTurnServer, selectedPair } from "./support/turn.ts";
import { expectEachSeesTheOther } from "./support/video.ts";
import type { CapturedProcess } from "./support/captured-process.ts";

requireTurnServer();
requireLan();
// A second `npm start`, two browsers in namespaces, a call through TURN. The tests share that LAN and
// its `npm start` (beforeAll): run one after the other in one worker, it is made once, not once per test.
test.describe.configure({ mode: "default", timeout: 120_000 });

const PORTS = { labs: 5173, ws: 3000, wss: 3001, turn: 3478 }; // npm start's own: the learner's namespace is empty

let lan: Lan;
let serve: CapturedProcess;
/** Browsers in the namespaces: closed after all, once the fixture has closed their pages (and read them on a failure). */
const browsers: Browser[] = [];

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(90_000);
  lan = await Lan.make();
  // npm start, as the learner runs it, in the learner's namespace (its TMPDIR its own: coturn's state folder).
  serve = lan.run("learner", process.execPath, ["--import", "tsx", "scripts/serve.ts"], { TMPDIR: testInfo.outputPath("learner-tmp") });
  await serve.waitForOutput({ who: "npm start (learner)", isReady: (text) => text.includes("are running"), waitingFor: "say it is running", timeoutMs: 60_000 });
});

test.afterAll(async () => {
  await Promise.all(browsers.map((browser) => browser.close()));
  await lan?.close();
});

test("npm start on a machine with a LAN address: coturn listens and relays only there", () => {
  const turnLine = serve.text.split("\n").find((line) => /^\s*turn\s/.test(line));
  expect(turnLine, serve.text).toContain(`turn:${LEARNER_IP}:${PORTS.turn}`);
  expect(turnLine).not.toContain("127.0.0.1");
});

test("another host gets an allocation, but never reaches the learner's loopback or other private networks through TURN", async () => {
  const listener = lan.run("learner", process.execPath, ["--import", "tsx", "e2e/support/lan-probe.ts", "listen"]);
  await listener.waitForOutput({ who: "the loopback service", isReady: (text) => text.includes("listening"), waitingFor: "listen", timeoutMs: 30_000 });
  const services = JSON.parse(/listening (.*)/.exec(listener.text)![1]!) as { udp: number; tcp: number };

  const relayUrl = `ws://${LEARNER_IP}:${PORTS.ws}/?room=lan-attack`;
  const probe = lan.run("other", process.execPath, ["--import", "tsx", "e2e/support/lan-probe.ts", "attack", relayUrl, String(services.udp), String(services.tcp)]);
  await probe.waitForOutput({ who: "the other host's TURN client", isReady: (text) => text.includes("result "), waitingFor: "report", timeoutMs: 60_000 });
  const result = JSON.parse(/result (.*)/.exec(probe.text)![1]!) as AttackResult;
  test.info().annotations.push({ type: "what coturn answered the other host", description: JSON.stringify(result) });

  await test.step("a script from another host reads credentials from the relay, as a phone's page does: TURN on the LAN address", () => {
    expect(result.iceServers[0]?.urls).toEqual([`turn:${LEARNER_IP}:${PORTS.turn}?transport=udp`, `turn:${LEARNER_IP}:${PORTS.turn}?transport=tcp`]);
  });

  await test.step("it gets a UDP allocation, relayed from the LAN address (not 127.0.0.1)", () => {
    expect(result.udp.allocation).toMatchObject({ ok: true, address: { address: LEARNER_IP } });
  });

  await test.step("CreatePermission to the learner's loopback, link-local and other private networks: 403", () => {
    const { loopback, linkLocal, otherPrivateNetwork } = result.udp.permissions;
    for (const answer of [loopback, linkLocal, otherPrivateNetwork]) expect(answer).toEqual({ ok: false, code: 403, reason: "Forbidden IP" });
  });

  await test.step("to its own LAN and to the public internet: allowed, and a packet really goes through", () => {
    expect(result.udp.permissions.sameLan).toEqual({ ok: true });
    expect(result.udp.permissions.publicInternet).toEqual({ ok: true });
    expect(result.udp.packetToSameLanArrived).toBe(true);
  });

  await test.step("a TCP relay (RFC 6062) is refused at the allocation: no permission, no TCP connection to loopback", () => {
    expect(result.tcp).toEqual({ allocation: { ok: false, code: 442, reason: "TCP Transport is not allowed by the TURN Server configuration" } });
  });

  await test.step("the loopback service heard nothing (its packet was sent before the one that came back)", () => {
    expect(listener.text.split("\n").filter((line) => /^(udp got|tcp connection)/.test(line))).toEqual([]);
  });
});

test("a call between this machine and the other host relays through TURN on the LAN address, and each sees the other", async ({ openPeer, room }, testInfo) => {
  const launchIn = async (host: "learner" | "other", name: string) => {
    const options = chromiumWithCamera(cameraFileFor(name), { headless: true });
    const browser = await chromium.launch({ ...options, executablePath: lan.chromiumIn(host, chromiumExecutable({ headless: true }), testInfo.outputPath()) });
    browsers.push(browser);
    return browser;
  };
  const query = `?room=${room}&policy=relay&transport=udp`;
  const alice = await openPeer("alice", `https://localhost:${PORTS.labs}/06-turn/${query}`, { browser: await launchIn("learner", "alice") });
  const bob = await openPeer("bob", `https://${LEARNER_IP}:${PORTS.labs}/06-turn/${query}`, { browser: await launchIn("other", "bob") });

  await test.step("both click Prepare, Alice (this machine) clicks Connect", async () => {
    for (const peer of [alice, bob]) await peer.page.getByRole("button", { name: "Prepare" }).click();
    for (const peer of [alice, bob]) await expect(peer.page.locator("#peers_in_room")).toHaveText("2 here");
    await alice.page.getByRole("button", { name: "Connect" }).click();
  });
  await expectEachSeesTheOther(alice, bob);

  await test.step("both use relay candidates on the LAN address, never 127.0.0.1", async () => {
    for (const peer of [alice, bob]) {
      await expect.poll(() => selectedPair(peer.page), { message: `${peer.name}'s selected candidate pair` }).toMatchObject({
        local: { candidateType: "relay", address: LEARNER_IP },
        remote: { candidateType: "relay", address: LEARNER_IP },
      });
    }
  });
});
