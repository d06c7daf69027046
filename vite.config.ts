/**
 * Vite serves the lab pages over HTTPS with the generated certificate:
 * `/` is the index, `/<lab-folder>/` each lab. HTTPS matters because browsers
 * only allow the camera on secure origins, and a second device on the LAN
 * reaches this machine by IP address, not as localhost.
 */
import { defineConfig } from "vite";
import { readServerCertificate } from "./scripts/certs.ts";
import { integerFromEnv } from "./server/settings.ts";

export default defineConfig({
  root: "labs",
  clearScreen: false,
  server: {
    https: readServerCertificate(),
    host: true, // every interface, so the LAN URL works too
    port: integerFromEnv(process.env, "LABS_PORT", 5173),
    strictPort: true,
  },
});
