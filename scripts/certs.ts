/**
 * Makes the local certificates the labs need, with the `mkcert` npm package:
 * a certificate authority for this clone, and a server certificate signed by it
 * for localhost and this machine's LAN addresses. Nothing here is committed.
 *
 * Run alone with `npm run certs`; `npm start` and the Playwright config call
 * `ensureCertificates()` first.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCA, createCert } from "mkcert";
import { lanAddresses } from "./network.ts";

export const sslDir = join(dirname(fileURLToPath(import.meta.url)), "..", "ssl");

export const certificatePaths = {
  caCert: join(sslDir, "ca.crt"),
  caKey: join(sslDir, "ca.key"),
  serverCert: join(sslDir, "server.crt"),
  serverKey: join(sslDir, "server.key"),
  /** The host names the server certificate was made for, to notice a new LAN address. */
  hosts: join(sslDir, "hosts.json"),
};

const VALIDITY_DAYS = 365;

export function hostsToCover(): string[] {
  return ["localhost", "127.0.0.1", "::1", ...lanAddresses()];
}

function coveredHosts(): string[] {
  if (!existsSync(certificatePaths.hosts)) return [];
  return JSON.parse(readFileSync(certificatePaths.hosts, "utf8")) as string[];
}

/** Creates whatever is missing; makes a new server certificate when the LAN addresses changed. */
export async function ensureCertificates(): Promise<void> {
  mkdirSync(sslDir, { recursive: true });

  if (!existsSync(certificatePaths.caCert) || !existsSync(certificatePaths.caKey)) {
    const ca = await createCA({
      organization: "WebRTC signaling labs (local CA)",
      countryCode: "ZZ",
      state: "Local",
      locality: "This machine",
      validity: VALIDITY_DAYS,
    });
    writeFileSync(certificatePaths.caCert, ca.cert);
    writeFileSync(certificatePaths.caKey, ca.key, { mode: 0o600 });
    console.log(`certs: created a local CA in ${certificatePaths.caCert}`);
  }

  const hosts = hostsToCover();
  const alreadyCovered = new Set(coveredHosts());
  const serverCertIsCurrent =
    existsSync(certificatePaths.serverCert) &&
    existsSync(certificatePaths.serverKey) &&
    hosts.every((host) => alreadyCovered.has(host));
  if (serverCertIsCurrent) return;

  const server = await createCert({
    ca: {
      cert: readFileSync(certificatePaths.caCert, "utf8"),
      key: readFileSync(certificatePaths.caKey, "utf8"),
    },
    domains: hosts,
    validity: VALIDITY_DAYS,
  });
  writeFileSync(certificatePaths.serverCert, server.cert);
  writeFileSync(certificatePaths.serverKey, server.key, { mode: 0o600 });
  writeFileSync(certificatePaths.hosts, JSON.stringify(hosts, null, 2));
  console.log(`certs: created a server certificate for ${hosts.join(", ")}`);
}

export function readServerCertificate(): { cert: Buffer; key: Buffer } {
  return {
    cert: readFileSync(certificatePaths.serverCert),
    key: readFileSync(certificatePaths.serverKey),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await ensureCertificates();
  console.log(`certs: ${sslDir} is ready`);
}
