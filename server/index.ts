/**
 * The relay's entry point: `npm run relay`. Settings from the environment (settings.ts).
 * Its first line, `relay: ws://localhost:<port>  wss://localhost:<port>`, says where it
 * listens (the tests read the ports from it when they ask for port 0).
 */
import { ensureCertificates, readServerCertificate } from "../scripts/certs.ts";
import { listen } from "./listen.ts";
import { relaySettingsFromEnv } from "./settings.ts";

await ensureCertificates();
const running = await listen({ ...relaySettingsFromEnv(), tls: readServerCertificate() });
console.log(`relay: ws://localhost:${running.wsPort}  wss://localhost:${running.wssPort}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    console.log(`relay: ${signal}, closing all connections`);
    await running.close();
    process.exit(0);
  });
}
