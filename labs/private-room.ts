/**
 * "New private room" on the index page. The relay has no passwords: a room's
 * name is its only key, and whoever knows it can join. So a private room is a
 * name nobody can guess: `p-` and 22 random characters (128 bits) from
 * crypto.getRandomValues. The lab pages recognise the `p-` form and say so.
 * `/?room=<name>` (the link to share) shows the same room's links.
 * It is the index page's script, so it also puts the page into its language.
 */
import { addLanguageSwitch, t, translatePage } from "./shared/language.ts";

translatePage();
addLanguageSwitch(document.querySelector("header")!);

const RANDOM_BYTES = 16;
/** What newPrivateRoom() makes; the labs' shared/panel.ts uses the same rule for its badge. */
const PRIVATE_ROOM = /^p-[A-Za-z0-9_-]{22,62}$/;

const section = document.getElementById("private_room") as HTMLElement;
const button = section.querySelector("button") as HTMLButtonElement;
const result = document.getElementById("private_room_links") as HTMLElement;

/** `p-` and 16 random bytes in base64url: letters, digits, `-` and `_`, as the relay's room names allow. */
function newPrivateRoom(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(RANDOM_BYTES));
  const base64 = btoa(String.fromCharCode(...bytes));
  return `p-${base64.replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "")}`;
}

/** Every lab the index lists, as [folder link, title]. */
function labsOnThisPage(): [string, string][] {
  return [...document.querySelectorAll<HTMLAnchorElement>("ol.labs li > a:first-child")].map((link) => [
    link.getAttribute("href")!,
    link.textContent ?? "",
  ]);
}

function link(href: string, text: string): HTMLAnchorElement {
  const anchor = document.createElement("a");
  anchor.href = href;
  anchor.textContent = text;
  return anchor;
}

function showRoom(room: string): void {
  const share = new URL(`/?room=${room}`, location.origin).href;
  const name = document.createElement("p");
  name.append(`${t.index.privateRoomName} `, Object.assign(document.createElement("code"), { id: "private_room_name", textContent: room }));
  const shareLine = document.createElement("p");
  shareLine.append(`${t.index.shareLink} `, link(share, share));
  shareLine.lastElementChild!.id = "private_room_share";
  const labs = document.createElement("ul");
  for (const [path, title] of labsOnThisPage()) {
    const item = document.createElement("li");
    item.append(link(`${path}?room=${room}`, title));
    labs.append(item);
  }
  result.replaceChildren(name, shareLine, t.index.openLabIn, labs);
  result.hidden = false;
}

button.addEventListener("click", () => showRoom(newPrivateRoom()));

// Opened from a shared link: the same room's links, without making a new one.
const shared = new URLSearchParams(location.search).get("room");
if (shared !== null && PRIVATE_ROOM.test(shared)) showRoom(shared);
