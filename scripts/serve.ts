/**
 * `npm start`: makes the certificates if needed, starts the relay (ws + wss) and
 * the lab pages (Vite over HTTPS), and prints where to open them.
 * The Playwright config starts the same thing before the tests.
 */
import { relaySettingsFromEnv } from "../server/settings.ts";
import { startLabServers } from "./lab-servers.ts";
import { labFolders } from "./labs.ts";
import { lanAddresses } from "./network.ts";

const servers = await startLabServers({ relay: relaySettingsFromEnv() });
const { relay, pagesPort } = servers;

const hosts = ["localhost", ...lanAddresses()];
console.log(`
WebRTC signaling labs are running.

  relay   ws://localhost:${relay.wsPort}   wss://localhost:${relay.wssPort}
  labs    ${hosts.map((host) => `https://${host}:${pagesPort}/`).join("\n          ")}
${labFolders().map((lab) => `    ${lab.padEnd(16)} https://localhost:${pagesPort}/${lab}/`).join("\n")}

Open a lab in two tabs (or on two devices: use the LAN address), click Prepare in both,
then Connect in one. Add ?room=<name> to use your own room. Ctrl+C stops everything.
`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await servers.close();
    process.exit(0);
  });
}
