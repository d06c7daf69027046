/**
 * "Alone? Call the echo bot": the command that brings the echo bot (npm run bot,
 * scripts/bot.ts in the repo) into this tab's room, with a copy button. The page
 * only shows the command. It never starts a process itself: a page that could
 * would let any web site start programs on this machine.
 * Every lab from 02 on shows it.
 */
import { labFolder } from "./advice.ts";
import { t } from "./language.ts";

/** Fills in <p id="bot_hint">: the command for this lab and `room`, and its copy button. */
export function showBotHint(room: string): void {
  const command = `npm run bot -- --lab ${labFolder()} --room ${room}`;
  const shown = document.getElementById("bot_command") as HTMLElement;
  const copy = document.getElementById("bot_copy") as HTMLButtonElement;
  shown.textContent = command;
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(command);
      copy.textContent = t.page.botHint.copied;
    } catch {
      // No clipboard (refused, or an http:// page): select it, for Ctrl+C.
      getSelection()?.selectAllChildren(shown);
      copy.textContent = t.page.botHint.selected;
    }
    setTimeout(() => (copy.textContent = t.page.botHint.copy), 2000);
  });
}
