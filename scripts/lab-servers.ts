/**
 * The relay and the lab pages, started together: `npm start` (scripts/serve.ts)
 * and `npm run compare` both run them through here. The pages are told the ports
 * the relay really got, so port 0 ("any free one") works too.
 */
import { fileURLToPath } from "node:url";
import { createServer, type LogLevel, type ServerOptions } from "vite";
import { listen, type ListenOptions, type RunningRelay } from "../server/listen.ts";
import { ensureCertificates, readServerCertificate } from "./certs.ts";

export interface LabServerOptions {
  /** Where the relay listens (ports of 0 pick free ones); the certificate is added here. */
  relay: Omit<ListenOptions, "tls">;
  /** What to change in vite.config.ts's `server` section (host, port, live reload). */
  pages?: ServerOptions;
  logLevel?: LogLevel;
}

export interface LabServers {
  relay: RunningRelay;
  /** The port the lab pages listen on. */
  pagesPort: number;
  close(): Promise<void>;
}

export async function startLabServers(options: LabServerOptions): Promise<LabServers> {
  await ensureCertificates();
  const relay = await listen({ ...options.relay, tls: readServerCertificate() });
  const pages = await createServer({
    configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)),
    logLevel: options.logLevel,
    server: options.pages,
    define: {
      __RELAY_WS_PORT__: JSON.stringify(relay.wsPort),
      __RELAY_WSS_PORT__: JSON.stringify(relay.wssPort),
    },
  });
  await pages.listen();
  const address = pages.httpServer?.address();
  if (address === null || typeof address !== "object") throw new Error("The lab pages did not start listening.");
  // The relay lets in only the lab pages' origins; with port 0 only now is their port known.
  relay.relay.origins.addLabsPort(address.port);
  return {
    relay,
    pagesPort: address.port,
    async close() {
      await Promise.all([pages.close(), relay.close()]);
    },
  };
}
