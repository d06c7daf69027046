/**
 * The relay and the lab pages for `npm run compare`: what `npm start` runs, but
 * on 127.0.0.1 only and on free ports, so it never clashes with a running
 * `npm start` and nothing listens beyond this machine.
 */
import { fileURLToPath } from "node:url";
import { createServer } from "vite";
import { listen } from "../../server/listen.ts";
import { ensureCertificates, readServerCertificate } from "../certs.ts";

const LOOPBACK = "127.0.0.1";

export interface LabServers {
  /** e.g. https://127.0.0.1:41234/ */
  baseUrl: string;
  close(): Promise<void>;
}

export async function startLabServers(): Promise<LabServers> {
  await ensureCertificates();
  const relay = await listen({ wsPort: 0, wssPort: 0, host: LOOPBACK, tls: readServerCertificate(), log: () => {} });
  const pages = await createServer({
    configFile: fileURLToPath(new URL("../../vite.config.ts", import.meta.url)),
    logLevel: "warn",
    // Overrides vite.config.ts: loopback, a free port, the relay's free ports for the pages, and
    // no live reload: an edit to a lab while the command runs must not reload a page mid-call.
    server: { host: LOOPBACK, port: 0, strictPort: false, hmr: false, watch: null },
    define: {
      __RELAY_WS_PORT__: JSON.stringify(relay.wsPort),
      __RELAY_WSS_PORT__: JSON.stringify(relay.wssPort),
    },
  });
  await pages.listen();
  const address = pages.httpServer?.address();
  if (address === null || typeof address !== "object") throw new Error("The lab pages did not start listening.");
  return {
    baseUrl: `https://${LOOPBACK}:${address.port}/`,
    async close() {
      await Promise.all([pages.close(), relay.close()]);
    },
  };
}
