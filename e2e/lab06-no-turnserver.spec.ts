/**
 * Without coturn, `npm start` still runs every lab and says in one line how to install
 * it, and lab 06 says on the page that TURN is not running. Simulated with a second
 * `npm start` (scripts/serve.ts) on free ports whose TURNSERVER points at nothing.
 * And a relay started on its own (`npm run relay`) hands out no TURN at all: lab 06
 * says so, and a call without ?policy=relay still connects directly.
 * Needs no turnserver, so it runs everywhere.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { CapturedProcess } from "./support/captured-process.ts";
import { expect, test } from "./support/relay-fixtures.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

const repoRoot = fileURLToPath(new URL("../", import.meta.url));

/** `npm start` with TURNSERVER pointing at nothing, on ports the system picks. */
function startWithoutTurnserver(): CapturedProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    cwd: repoRoot,
    env: { ...process.env, TURNSERVER: "/nonexistent/turnserver", LABS_PORT: "0", RELAY_WS_PORT: "0", RELAY_WSS_PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new CapturedProcess(child);
}

/** Where `serve`'s lab pages are, once it says it is running; if it exits or stays silent first, it is killed and this fails. */
async function pagesUrlOf(serve: CapturedProcess): Promise<string> {
  await serve.waitForOutput({ who: "npm start", isReady: (printed) => printed.includes("are running"), waitingFor: "say it is running", timeoutMs: 30_000 });
  const pagesPort = /labs\s+https:\/\/localhost:(\d+)\//.exec(serve.text)?.[1];
  expect(pagesPort, `npm start's output:\n${serve.text}`).toBeDefined();
  return `https://localhost:${pagesPort}`;
}

test("without turnserver, npm start still runs and says how to install coturn; lab 06 says TURN is not running", async ({ openPeer, room }) => {
  const serve = startWithoutTurnserver();
  try {
    const pagesUrl = await pagesUrlOf(serve);
    await test.step("npm start says, in one line, that TURN is not running and how to install coturn", () => {
      const turnLines = serve.text.split("\n").filter((line) => /^\s*turn\s/.test(line));
      expect(turnLines).toHaveLength(1);
      expect(turnLines[0]).toContain("not running, lab 06 needs it");
      expect(turnLines[0]).toContain("sudo apt-get install coturn");
      expect(turnLines[0]).toContain("brew install coturn");
    });

    const alice = await openPeer("alice", `${pagesUrl}/06-turn/?room=${room}&policy=relay`);
    alice.allowErrorShown();
    await test.step("Alice clicks Prepare: she is in the room, and the page says TURN is not running and what to do", async () => {
      await alice.page.getByRole("button", { name: "Prepare" }).click();
      await expect(alice.page.locator("#peers_in_room")).toHaveText("1 here");
      await expect(alice.page.locator("#state_turn")).toHaveText("not running");
      await expect(alice.page.locator("#error")).toContainText("TURN is not running: turnserver (coturn) is not installed");
      await expect(alice.page.locator("#error")).toContainText("sudo apt-get install coturn");
    });
  } finally {
    await serve.stop("SIGTERM"); // serve.ts closes its servers, then exits: none outlives the test
  }
});

test("a relay started without TURN (npm run relay): lab 06 says so, and the call still connects directly", async ({ openPeer, room, startRelay }) => {
  const relay = await startRelay(); // server/index.ts alone, as `npm run relay` starts it
  const path = `/06-turn/?room=${room}&relay=wss://localhost:${relay.wssPort}/`;
  const alice = await openPeer("alice", path);
  const bob = await openPeer("bob", path);
  const peers = [alice, bob];
  for (const peer of peers) peer.allowErrorShown(); // the missing TURN server

  await test.step("both click Prepare: each page says the relay hands out no TURN server, and what to run", async () => {
    for (const peer of peers) await peer.page.getByRole("button", { name: "Prepare" }).click();
    for (const peer of peers) {
      await expect(peer.page.locator("#peers_in_room")).toHaveText("2 here");
      await expect(peer.page.locator("#error")).toContainText("This relay hands out no TURN server: it was started without one (`npm run relay`?)");
      await expect(peer.page.locator("#error")).toContainText("Start everything with `npm start`");
    }
  });

  await test.step("Alice clicks Connect: without TURN the call goes direct, and both see the other", async () => {
    await alice.page.getByRole("button", { name: "Connect" }).click();
    await expectEachSeesTheOther(alice, bob);
  });
});
