/**
 * "Alone? Call the echo bot": the command that brings the echo bot (npm run bot,
 * scripts/bot.ts in the repo) into this tab's room, with a copy button. The page
 * only shows the command. It never starts a process itself: a page that could
 * would let any web site start programs on this machine.
 * Every lab from 02 on carries the same copy of this file.
 */

/** Fills in <p id="bot_hint">: the command for this lab and `room`, and its copy button. */
export function showBotHint(room: string): void {
  const command = `npm run bot -- --lab ${labFolder()} --room ${room}`;
  const shown = document.getElementById("bot_command") as HTMLElement;
  const copy = document.getElementById("bot_copy") as HTMLButtonElement;
  shown.textContent = command;
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(command);
      copy.textContent = "Copied";
    } catch {
      // No clipboard (refused, or an http:// page): select it, for Ctrl+C.
      getSelection()?.selectAllChildren(shown);
      copy.textContent = "Selected: press Ctrl+C";
    }
    setTimeout(() => (copy.textContent = "Copy"), 2000);
  });
}

/** "/04-trickle/" (or "/04-trickle/index.html") gives "04-trickle", the name the bot takes. */
function labFolder(): string {
  return location.pathname.split("/").filter((part) => part !== "" && !part.endsWith(".html")).at(-1) ?? "";
}
