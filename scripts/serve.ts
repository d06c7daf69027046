/**
 * `npm start`: makes the certificates if needed, starts coturn (lab 06), the relay
 * (ws + wss) and the lab pages (Vite over HTTPS), and prints where to open them.
 * The Playwright config starts the same thing before the tests.
 */
import { relaySettingsFromEnv } from "../server/settings.ts";
import { pagesServedFromEnv, startLabServers } from "./lab-servers.ts";
import { labFolders } from "./labs.ts";
import { lanAddresses } from "./network.ts";
import { turnSettingsFromEnv } from "./turn-server.ts";

const pagesServed = pagesServedFromEnv();
const servers = await startLabServers({ relay: relaySettingsFromEnv(), turn: turnSettingsFromEnv(), pagesServed });
const { relay, pagesPort, turn } = servers;

const hosts = ["localhost", ...lanAddresses()];
console.log(`
WebRTC signaling labs are running.

  relay   ws://localhost:${relay.wsPort}   wss://localhost:${relay.wssPort}
  turn    ${describeTurn()}
  labs    ${hosts.map((host) => `https://${host}:${pagesPort}/`).join("\n          ")}${pagesServed === "built" ? "\n          (built, as LAB_PAGES=built asks: saving a file changes nothing until a restart)" : ""}
${labFolders().map((lab) => `    ${lab.padEnd(16)} https://localhost:${pagesPort}/${lab}/`).join("\n")}

Open a lab in two tabs (or on two devices: use the LAN address), click Prepare in both,
then Connect in one. Add ?room=<name> to use your own room. Ctrl+C stops everything.
`);

/** One line when coturn runs or is not installed; its log's last lines when it failed to start. */
function describeTurn(): string {
  if (turn?.running) {
    const { server } = turn;
    const where = server.address.loopback ? "this machine only: no LAN address" : "loopback never relayed to";
    return `turn:${server.address.ip}:${server.port}   (coturn ${server.version}, UDP and TCP; ${where}; log: ${server.logPath})`;
  }
  return `not running, lab 06 needs it: ${turn?.why.replaceAll("\n", "\n          ")}`;
}

// A turnserver that dies while the labs run: say so here too (lab 06 pages say it at their next Prepare).
let closing = false;
if (turn?.running) {
  void turn.server.exited.then((reason) => {
    if (!closing) console.log(`turn: turnserver ${reason}; lab 06 needs it: restart \`npm start\`. Its log: ${turn.server.logPath}`);
  });
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    closing = true;
    await servers.close();
    process.exit(0);
  });
}
