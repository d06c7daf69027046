/**
 * Vite serves the lab pages over HTTPS with the generated certificate:
 * `/` is the index, `/<lab-folder>/` each lab. HTTPS matters because browsers
 * only allow the camera on secure origins, and a second device on the LAN
 * reaches this machine by IP address, not as localhost.
 *
 * `npm start` serves them as they are (each module its own request, reloaded
 * when you save); the tests serve them built (scripts/lab-servers.ts): the same
 * code, bundled, which a page loads with far less work.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, type Plugin } from "vite";
import { readServerCertificate } from "./scripts/certs.ts";
import { labFolders, labsDir } from "./scripts/labs.ts";
import { labsPortFromEnv, relaySettingsFromEnv } from "./server/settings.ts";

const relay = relaySettingsFromEnv();
const https = readServerCertificate();
/** Where the pages listen, served as they are or built: the same in both. */
const listen = { https, host: true, port: labsPortFromEnv(), strictPort: true }; // host: every interface, so the LAN URL works too

export default defineConfig({
  root: "labs",
  clearScreen: false,
  // The relay's ports, for the lab pages (3000 and 3001 unless RELAY_WS_PORT / RELAY_WSS_PORT say otherwise).
  define: {
    __RELAY_WS_PORT__: JSON.stringify(relay.wsPort),
    __RELAY_WSS_PORT__: JSON.stringify(relay.wssPort),
  },
  server: listen,
  preview: listen,
  build: {
    outDir: "../dist", // `npx vite build` by hand: the tests build into a folder of their own
    emptyOutDir: true,
    rolldownOptions: { input: everyPage() },
    // mermaid's own chunks (about 660 kB the largest): loaded only by a README page that has a diagram.
    chunkSizeWarningLimit: 700,
  },
  plugins: [labMarkdownFiles()],
});

/** Every HTML page: the index, the README viewer, and each lab. */
function everyPage(): Record<string, string> {
  const labs = Object.fromEntries(labFolders().map((lab) => [lab, join(labsDir, lab, "index.html")]));
  return { index: join(labsDir, "index.html"), readme: join(labsDir, "readme.html"), ...labs };
}

/** The README viewer (labs/readme.ts) fetches each lab's Markdown files: a build copies them beside the lab's page. */
function labMarkdownFiles(): Plugin {
  return {
    name: "lab-markdown-files",
    apply: "build",
    generateBundle() {
      for (const lab of labFolders()) {
        for (const file of readdirSync(join(labsDir, lab)).filter((name) => name.endsWith(".md"))) {
          this.emitFile({ type: "asset", fileName: `${lab}/${file}`, source: readFileSync(join(labsDir, lab, file)) });
        }
      }
    },
  };
}
