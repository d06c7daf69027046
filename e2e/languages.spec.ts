/**
 * Every page in Japanese and in English (labs/shared/language.ts, messages.ts).
 * A browser whose language is ja-JP gets every lab page in Japanese: lang="ja",
 * each static text, the switch; a call works and is checked as every other call
 * is, while the state panel, the log and the notices speak Japanese; what goes
 * wrong (a refused camera, a relay that is down) is explained in Japanese with
 * the browser's own English name for it, so it can be searched. English pages
 * stay English, and the language is chosen in this order: ?lang=, the choice
 * remembered from the switch, the browser's languages, English.
 */
import type { Page } from "@playwright/test";
import { labFolders } from "../scripts/labs.ts";
import { expect, test, type Peer, type PeerOptions } from "./support/fixtures.ts";
import { englishLeftIn, expectPageIn, words } from "./support/languages.ts";
import { turnServerMissingOutsideCI } from "./support/turn.ts";
import { expectEachSeesTheOther, expectSeesPeer } from "./support/video.ts";

const ja = words.ja;
const JAPANESE: PeerOptions = { locale: "ja-JP" };

/** A Japanese text with one value left open (`open` stands for it), as a pattern: "起動中、認証情報は 12:34:56 まで有効". */
function patternOf(text: string, open: string, value: string): RegExp {
  const [before, after] = text.split(open).map((part) => part!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`${before}${value}${after}`);
}

/** Both click Prepare and meet in their room ("2 人"), then Alice clicks Connect. */
async function prepareBothThenAliceConnects(alice: Peer, bob: Peer): Promise<void> {
  await test.step("both click Prepare, Alice clicks Connect", async () => {
    for (const peer of [alice, bob]) await peer.page.locator("#prepare").click();
    for (const peer of [alice, bob]) await expect(peer.page.locator("#peers_in_room")).toHaveText(ja.page.here(2));
    await expect(alice.page.locator("#prepare")).toBeEnabled(); // Prepare has finished
    await alice.page.locator("#connect").click();
  });
}

/** After a call: the panel, the log and the notice spoke Japanese, and nothing in English was left. */
async function expectCallShownInJapanese(peers: Peer[], { connected, prepared }: { connected: string; prepared: (peer: Peer) => Promise<string> }) {
  await test.step("the notice, the log and the timeline speak Japanese", async () => {
    for (const peer of peers) {
      await expect(peer.page.locator("#notice")).toHaveText(connected);
      await expect(peer.page.locator("#log")).toContainText(await prepared(peer));
      expect(await englishLeftIn(peer.page), `${peer.name}: English sentences on the Japanese page`).toEqual([]);
    }
  });
}

async function openInJapanese(openPeer: (name: string, path: string, options?: PeerOptions) => Promise<Peer>, path: string): Promise<[Peer, Peer]> {
  const alice = await openPeer("alice", path, JAPANESE);
  const bob = await openPeer("bob", path, JAPANESE);
  await test.step("both pages are in Japanese", async () => {
    for (const peer of [alice, bob]) await expectPageIn(peer.page, "ja");
  });
  return [alice, bob];
}

// --- A call in Japanese, in every lab --------------------------------------------------------

test("01-copy-paste in Japanese: two tabs connect by copy and paste, both see the other's moving camera", async ({ openPeer }) => {
  const [alice, bob] = await openInJapanese(openPeer, "/01-copy-paste/");
  const copySdp = async (from: Page, to: Page) => {
    await expect(from.locator("#text_for_send_sdp")).toHaveValue(/^v=0/);
    await to.locator("#text_for_recv_sdp").fill(await from.locator("#text_for_send_sdp").inputValue());
    await to.getByRole("button", { name: "Receive SDP" }).click(); // the button keeps its name, like Prepare and Connect
  };
  await test.step("both click Prepare, Alice clicks Connect and is told in Japanese what to copy", async () => {
    for (const peer of [alice, bob]) await peer.page.getByRole("button", { name: "Prepare" }).click();
    await alice.page.getByRole("button", { name: "Connect" }).click();
    await expect(alice.page.locator("#notice")).toHaveText(ja.lab01.copyOffer);
  });
  await test.step("Alice's offer is pasted into Bob's tab, his answer back into hers", async () => {
    await copySdp(alice.page, bob.page);
    await expect(bob.page.locator("#notice")).toHaveText(ja.lab01.copyAnswer);
    await copySdp(bob.page, alice.page);
  });
  await test.step("both see the other's camera, moving", () => expectEachSeesTheOther(alice, bob));
  await expectCallShownInJapanese([alice, bob], { connected: ja.panel.connected, prepared: async () => ja.lab01.prepared });
});

for (const lab of ["02-ws-vanilla", "03-wss", "04-trickle"]) {
  test(`${lab} in Japanese: two peers join a room, Alice connects, both see the other's moving camera`, async ({ openPeer, room }) => {
    const [alice, bob] = await openInJapanese(openPeer, `/${lab}/?room=${room}`);
    await prepareBothThenAliceConnects(alice, bob);
    await test.step("both see the other's camera, moving", () => expectEachSeesTheOther(alice, bob));
    await expectCallShownInJapanese([alice, bob], { connected: ja.panel.connected, prepared: async () => ja.log.prepared });
    await expect(alice.page.locator("#log")).toContainText(`→ ${ja.marks["offer-sent"]}`);
    await expect(alice.page.locator("#timeline")).toContainText(ja.marks["connect-clicked"]);
  });
}

test("05-mesh in Japanese: two peers in a room each see the other, and each row of the panel says who offers", async ({ openPeer, room }) => {
  test.setTimeout(90_000); // as lab05-mesh.spec.ts: the mesh page asks for a room of four
  const [alice, bob] = await openInJapanese(openPeer, `/05-mesh/?room=${room}`);
  await test.step("both click Prepare", async () => {
    for (const peer of [alice, bob]) await peer.page.locator("#prepare").click();
    for (const peer of [alice, bob]) await expect(peer.page.locator("#peers_in_room")).toHaveText(ja.page.here(2));
  });
  const idOf = async (peer: Peer) => {
    await expect(peer.page.locator("#my_id")).toHaveText(/^[a-z0-9]+-[a-z0-9]+$/);
    return (await peer.page.locator("#my_id").textContent())!;
  };
  const [aliceId, bobId] = [await idOf(alice), await idOf(bob)];
  await test.step("each tile plays the other's camera, moving", async () => {
    await Promise.all([expectSeesPeer(alice, bob, `remote_video_${bobId}`), expectSeesPeer(bob, alice, `remote_video_${aliceId}`)]);
  });
  await test.step("the row of each connection says who offers, in Japanese", async () => {
    const roleShown = (peer: Peer, other: string) => peer.page.locator(`#peer_rows tr[data-peer="${other}"] td[data-field="role"]`);
    // The larger id offers: its row says "this tab", the other's says "the other one".
    const aliceOffers = aliceId > bobId;
    await expect(roleShown(alice, bobId)).toHaveText(aliceOffers ? ja.mesh.weOffer : ja.mesh.theyOffer);
    await expect(roleShown(bob, aliceId)).toHaveText(aliceOffers ? ja.mesh.theyOffer : ja.mesh.weOffer);
  });
  await test.step("the log speaks Japanese", async () => {
    await expect(alice.page.locator("#log")).toContainText(ja.mesh.prepared(aliceId));
    await expect(alice.page.locator("#log")).toContainText(ja.mesh.met(bobId, aliceId > bobId));
    for (const peer of [alice, bob]) expect(await englishLeftIn(peer.page), `${peer.name}: English sentences on the Japanese page`).toEqual([]);
  });
});

test("06-turn in Japanese: the TURN state and the selected pair are shown in Japanese, and the call connects", async ({ openPeer, room }) => {
  const skipped = turnServerMissingOutsideCI();
  test.skip(skipped !== undefined, skipped);
  const [alice, bob] = await openInJapanese(openPeer, `/06-turn/?room=${room}`);
  await prepareBothThenAliceConnects(alice, bob);
  await test.step("both see the other's camera, moving", () => expectEachSeesTheOther(alice, bob));
  await expectCallShownInJapanese([alice, bob], { connected: ja.turn.connected, prepared: async () => ja.log.prepared });
  await test.step("the TURN row and the selected pair speak Japanese", async () => {
    await expect(alice.page.locator("#state_turn")).toHaveText(patternOf(ja.turn.running("@"), "@", "\\d\\d:\\d\\d:\\d\\d"));
    await expect(alice.page.locator("#selected_pair li").first()).toContainText(ja.turn.local);
  });
});

test("07-perfect-negotiation in Japanese: Alice connects, both see each other, and the chat and the relay's status speak Japanese", async ({ openPeer, room }) => {
  test.setTimeout(90_000); // as lab07-tamper.spec.ts: perfect negotiation, then the chat
  const [alice, bob] = await openInJapanese(openPeer, `/07-perfect-negotiation/?room=${room}`);
  await prepareBothThenAliceConnects(alice, bob);
  await test.step("both see the other's camera, moving", () => expectEachSeesTheOther(alice, bob));
  await expectCallShownInJapanese([alice, bob], {
    connected: ja.turn.connected,
    prepared: async (peer) => ja.perfect.prepared((await peer.page.locator("#state_role").textContent())!),
  });
  await test.step("the relay's status and the chat speak Japanese", async () => {
    await expect(alice.page.locator("#relay_status")).toHaveText(ja.perfect.relayStatus(ja.perfect.relay.inRoom(room)));
    await expect(alice.page.locator("#chat_input")).toBeEnabled({ timeout: 15_000 });
    await alice.page.locator("#chat_input").fill("こんにちは");
    await alice.page.locator("#chat_send").click();
    await expect(bob.page.locator("#chat_log li.them")).toHaveText([`${ja.perfect.them}: こんにちは`]);
    await expect(alice.page.locator("#chat_log li.me")).toHaveText([`${ja.perfect.me}: こんにちは`]);
  });
});

// --- What goes wrong, in Japanese, with the browser's own name for it ---------------------------

for (const lab of labFolders()) {
  const hasRelay = lab !== "01-copy-paste";
  test(`${lab} in Japanese: a refused camera${hasRelay ? " and a relay that is down are" : " is"} explained, with the browser's own name`, async ({ openPeer, room }) => {
    const alice = await openPeer("alice", `/${lab}/?room=${room}`, { ...JAPANESE, camera: "refused" });
    alice.allowErrorShown();
    await expectPageIn(alice.page, "ja");
    await test.step("a refused camera: NotAllowedError, in Japanese", async () => {
      await alice.page.locator("#prepare").click();
      const refused = ja.advice.cameraRefused("NotAllowedError");
      await expect(alice.page.locator("#error")).toContainText(refused.problem);
      await expect(alice.page.locator("#error")).toContainText(refused.whatToDo);
      await expect(alice.page.locator("#error")).toContainText("(NotAllowedError)"); // the browser's name, kept in Latin letters
    });
    if (!hasRelay) return;

    const relay = lab === "02-ws-vanilla" ? "ws://127.0.0.1:9" : "wss://127.0.0.1:9"; // port 9: nothing listens there
    const bob = await openPeer("bob", `/${lab}/?room=${room}&relay=${relay}/`, JAPANESE);
    bob.allowErrorShown();
    await test.step("a relay that is down: the WebSocket's close code 1006, in Japanese", async () => {
      await bob.page.locator("#prepare").click();
      const down = lab === "02-ws-vanilla" ? ja.advice.relayDown(relay, "code 1006") : ja.advice.relayDownOrUntrusted(relay, "code 1006", "https://127.0.0.1:9/");
      await expect(bob.page.locator("#error")).toContainText(down.problem);
      await expect(bob.page.locator("#error")).toContainText(down.whatToDo);
      await expect(bob.page.locator("#error")).toContainText("(WebSocket closed, code 1006)");
    });
  });
}

// --- English stays English, and the order the language is chosen in --------------------------------

test("an English browser gets every page in English, and so does a Japanese one with ?lang=en", async ({ openPeer }) => {
  const pages = ["/", ...labFolders().map((lab) => `/${lab}/`)];
  const english = await openPeer("alice", pages[0]!);
  const japanese = await openPeer("bob", `${pages[0]!}?lang=en`, JAPANESE);
  for (const path of pages) {
    await english.page.goto(path);
    await expectPageIn(english.page, "en");
    await japanese.page.goto(`${path}?lang=en`);
    await expectPageIn(japanese.page, "en");
  }
});

test("the language: ?lang= first, then the switch's remembered choice, then the browser's languages, then English", async ({ openPeer }) => {
  const lab = "/04-trickle/?room=x";
  const peer = await openPeer("alice", lab, JAPANESE);
  const { page } = peer;

  await test.step("a Japanese browser: Japanese", () => expectPageIn(page, "ja"));
  await test.step("?lang=en wins over the browser's language", async () => {
    await page.goto(`${lab}&lang=en`);
    await expectPageIn(page, "en");
  });
  await test.step("the switch: 日本語 reloads the page in Japanese, without ?lang=, keeping the room", async () => {
    await page.locator(".language-switch a", { hasText: "日本語" }).click();
    await page.waitForURL((url) => !url.searchParams.has("lang") && url.searchParams.get("room") === "x");
    await expectPageIn(page, "ja");
  });
  await test.step("English chosen with the switch is remembered, and wins over the browser's language", async () => {
    await page.locator(".language-switch a", { hasText: "English" }).click();
    await page.waitForURL((url) => !url.searchParams.has("lang"));
    await expectPageIn(page, "en");
    await page.goto("/"); // another page, no ?lang=: still the remembered choice
    await expectPageIn(page, "en");
  });
  await test.step("?lang=ja wins over the remembered choice", async () => {
    await page.goto("/?lang=ja");
    await expectPageIn(page, "ja");
  });
  await test.step("a browser in a language the labs do not speak (French) gets English", async () => {
    const french = await openPeer("carol", "/", { locale: "fr-FR" });
    await expectPageIn(french.page, "en");
  });
});

test("the index page in Japanese, and its private room", async ({ openPeer }) => {
  const { page } = await openPeer("alice", "/", JAPANESE);
  await expectPageIn(page, "ja");
  await page.getByRole("button", { name: ja.index.newPrivateRoom }).click();
  await expect(page.locator("#private_room_links")).toContainText(ja.index.shareLink);
  await expect(page.locator("#private_room_links")).toContainText(ja.index.openLabIn);
  await expect(page.locator("#private_room_links li").first()).toHaveText(ja.labs["01-copy-paste"].name);
});
