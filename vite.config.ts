/**
 * Vite serves the lab pages over HTTPS with the generated certificate:
 * `/` is the index, `/<lab-folder>/` each lab. HTTPS matters because browsers
 * only allow the camera on secure origins, and a second device on the LAN
 * reaches this machine by IP address, not as localhost.
 */
import { defineConfig } from "vite";
import { readServerCertificate } from "./scripts/certs.ts";
import { labsPortFromEnv, relaySettingsFromEnv } from "./server/settings.ts";

const relay = relaySettingsFromEnv();

export default defineConfig({
  root: "labs",
  clearScreen: false,
  // The relay's ports, for the lab pages (3000 and 3001 unless RELAY_WS_PORT / RELAY_WSS_PORT say otherwise).
  define: {
    __RELAY_WS_PORT__: JSON.stringify(relay.wsPort),
    __RELAY_WSS_PORT__: JSON.stringify(relay.wssPort),
  },
  server: {
    https: readServerCertificate(),
    host: true, // every interface, so the LAN URL works too
    port: labsPortFromEnv(),
    strictPort: true,
  },
});
