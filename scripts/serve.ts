/**
 * `npm start`: makes the certificates if needed, starts the relay (ws + wss) and
 * the lab pages (Vite over HTTPS), and prints where to open them.
 * The Playwright config starts the same thing before the tests.
 */
import { fileURLToPath } from "node:url";
import { createServer } from "vite";
import { listen } from "../server/listen.ts";
import { relaySettingsFromEnv } from "../server/settings.ts";
import { ensureCertificates, readServerCertificate } from "./certs.ts";
import { labFolders } from "./labs.ts";
import { lanAddresses } from "./network.ts";

await ensureCertificates();

const relay = await listen({ ...relaySettingsFromEnv(), tls: readServerCertificate() });
const pages = await createServer({ configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)) });
await pages.listen();
const labsPort = pages.config.server.port;

const hosts = ["localhost", ...lanAddresses()];
console.log(`
WebRTC signaling labs are running.

  relay   ws://localhost:${relay.wsPort}   wss://localhost:${relay.wssPort}
  labs    ${hosts.map((host) => `https://${host}:${labsPort}/`).join("\n          ")}
${labFolders().map((lab) => `    ${lab.padEnd(16)} https://localhost:${labsPort}/${lab}/`).join("\n")}

Open a lab in two tabs (or on two devices: use the LAN address), click Prepare in both,
then Connect in one. Add ?room=<name> to use your own room. Ctrl+C stops everything.
`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await Promise.all([relay.close(), pages.close()]);
    process.exit(0);
  });
}
