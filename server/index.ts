/** The relay's entry point: `npm run relay`. Ports from RELAY_WS_PORT / RELAY_WSS_PORT. */
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
