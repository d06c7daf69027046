/**
 * Lab 07's perfect-negotiation.ts on its own, in a real Chromium: two RTCPeerConnections
 * in one page, each with the pattern, and a "relay" between them that the test controls,
 * so a case a call meets only by bad luck happens every time.
 *
 * The case: an answer that setRemoteDescription refuses (a stray or stale one). The
 * pattern's srdAnswerPending ("an answer is being set") must not stay true after it,
 * or the impolite side takes the next colliding offer for none and gives way too:
 * both answer, and neither offer is ignored.
 */
import { fileURLToPath } from "node:url";
import { build, type Rolldown } from "vite";
import { expect, test } from "./support/fixtures.ts";
import { CAMERA_GRANTED } from "./support/chromium.ts";
import { LAB07 } from "./support/lab07.ts";

const PATTERN_FILE = fileURLToPath(new URL("../labs/07-perfect-negotiation/perfect-negotiation.ts", import.meta.url));

interface Outcome {
  strayAnswer: string;
  logs: { impolite: string[]; polite: string[] };
  failures: string[];
}

// Chromium gathers host candidates only for a page allowed the camera: without them, the two
// connections would never connect.
test.use(CAMERA_GRANTED);

test("after a refused answer, the impolite side still ignores a colliding offer, and the polite one rolls back", async ({ page }) => {
  await page.goto(LAB07); // the lab's own origin, its language and secure context
  const outcome: Outcome = await page.evaluate(async (source) => {
    const { PerfectNegotiation } = await import(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
    const names = ["impolite", "polite"] as const;
    type Name = (typeof names)[number];
    const logs: Record<Name, string[]> = { impolite: [], polite: [] };
    const failures: string[] = [];
    const pcs = { impolite: new RTCPeerConnection(), polite: new RTCPeerConnection() };
    const other = (name: Name): Name => (name === "impolite" ? "polite" : "impolite");
    // The "relay": delivers each message a moment later; while `crossing`, it holds the first offer until the second comes.
    let crossing = false;
    const heldOffers: [Name, { type: string }][] = [];
    const negotiations = Object.fromEntries(
      names.map((name) => [
        name,
        new PerfectNegotiation(pcs[name], name === "polite", {
          send: (message: { type: string }) => deliver(other(name), message),
          log: (text: string) => logs[name].push(text),
          beforeAnswer: () => {},
          fail: (error: unknown) => failures.push(`${name}: ${String(error)}`),
        }),
      ]),
    );
    function deliver(to: Name, message: { type: string }): void {
      if (crossing && message.type === "offer") {
        heldOffers.push([to, message]);
        if (heldOffers.length < 2) return;
        crossing = false;
        for (const [receiver, offer] of heldOffers.splice(0)) setTimeout(() => receive(receiver, offer));
        return;
      }
      setTimeout(() => receive(to, message));
    }
    function receive(to: Name, message: { type: string; ice?: unknown }): void {
      const negotiation = negotiations[to];
      const done = message.type === "candidate" ? negotiation.receiveCandidate(message.ice) : negotiation.receiveDescription(message);
      done.catch((error: Error) => failures.push(`${to} could not take a ${message.type}: ${error.name}`));
    }
    /** Until both are stable and connected, and no offer waits in the "relay" (at most 10 s, or it is a failure). */
    const settled = async (step: string) => {
      const done = () => !crossing && names.every((name) => pcs[name].signalingState === "stable" && pcs[name].connectionState === "connected");
      for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      const states = names.map((name) => `${name} ${pcs[name].signalingState}, ${pcs[name].connectionState}`).join("; ");
      if (!done()) failures.push(`${step}: not stable and connected after 10 s (${states})`);
    };

    // A call: the impolite side adds a chat channel, one offer and one answer.
    pcs.impolite.createDataChannel("chat");
    await settled("the call");
    // A stray answer reaches the impolite side while it is stable: setRemoteDescription refuses it.
    const strayAnswer = await negotiations.impolite
      .receiveDescription({ type: "answer", sdp: pcs.impolite.localDescription!.sdp })
      .then(() => "accepted", (error: Error) => error.name);
    // Both change the call at once; the "relay" makes their offers cross.
    crossing = true;
    for (const name of names) pcs[name].addTransceiver("audio");
    await settled("the crossing offers");
    for (const name of names) pcs[name].close();
    return { strayAnswer, logs, failures };
  }, await bundled(PATTERN_FILE));
  test.info().annotations.push({ type: "what each side logged", description: JSON.stringify(outcome.logs) });

  expect(outcome.strayAnswer, "the stray answer is refused: the impolite side was stable").toBe("InvalidStateError");
  expect(outcome.logs.impolite.filter((line) => line.startsWith("collision"))).toEqual(["collision: ignored the other peer's offer, I am impolite (my own offer stands)"]);
  expect(outcome.logs.polite.filter((line) => line.startsWith("collision"))).toEqual(["collision: rolled back my offer, I am polite (answering theirs instead)"]);
  expect(outcome.failures, "nothing else went wrong: no answer arrived where none was expected").toEqual([]);
});

/**
 * `file` and what it imports as one ES module, for the page to import: the lab server
 * the tests start serves its pages built (scripts/lab-servers.ts), not module by module.
 */
async function bundled(file: string): Promise<string> {
  const result = await build({ configFile: false, logLevel: "silent", build: { write: false, minify: false, lib: { entry: file, formats: ["es"] } } });
  const [output] = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  return output!.output[0].code;
}
