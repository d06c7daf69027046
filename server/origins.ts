/**
 * Which web pages may open a WebSocket to the relay. A browser tells the server
 * the origin of the page that opens a WebSocket (the `Origin` header), and any
 * page the learner has open, on any site, may try: the relay would hand it the
 * next call's SDP, local addresses included. So only the lab pages' own origins
 * get in: `https://<host>:<LABS_PORT>` for every host the certificate covers.
 * A client that sends no Origin is not a web page (wscat, Node, the tests) and
 * gets in too: the check keeps out other sites' pages, not other programs.
 */
import { hostsToCover } from "../scripts/certs.ts";

export class AllowedOrigins {
  private readonly origins = new Set<string>();

  /** `labsPort`: where Vite serves the lab pages. `extra`: RELAY_ALLOWED_ORIGINS, already read. */
  constructor(labsPort: number, extra: readonly string[] = [], private readonly hosts = hostsToCover()) {
    this.addLabsPort(labsPort);
    for (const origin of extra) this.origins.add(origin);
  }

  /** Lets in the lab pages served on `port` (npm run compare only learns the port once Vite listens). */
  addLabsPort(port: number): void {
    // Normalised as the Origin header will be: on 443, https's own port, a browser sends no port at all.
    for (const host of this.hosts) this.origins.add(normalizeOrigin(`https://${host.includes(":") ? `[${host}]` : host}:${port}`)!);
  }

  /** True for no Origin at all, or one of the allowed origins. */
  allows(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    const normalized = normalizeOrigin(origin);
    return normalized !== null && this.origins.has(normalized);
  }
}

/**
 * RELAY_ALLOWED_ORIGINS, e.g. `https://lab.example:8443,https://192.168.1.50:5173`.
 * A malformed entry stops the relay with its name, rather than being silently ignored.
 */
export function parseOriginList(list: string | undefined): string[] {
  if (!list) return [];
  return list
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const origin = normalizeOrigin(entry);
      if (origin === null) throw new Error(`RELAY_ALLOWED_ORIGINS: "${entry}" is not an origin such as https://host:5173`);
      return origin;
    });
}

/** "HTTPS://LocalHost:5173" → "https://localhost:5173"; null for "null", a path, or garbage. */
function normalizeOrigin(text: string): string | null {
  try {
    const url = new URL(text);
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    if (url.pathname !== "/" || url.search || url.hash || url.username) return null;
    return url.origin;
  } catch {
    return null;
  }
}
