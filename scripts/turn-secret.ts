/**
 * The TURN REST API secret of this clone: coturn (`use-auth-secret`) and the relay
 * share it, the relay to sign short-lived credentials, coturn to check them. Made
 * once, like the local CA, and kept beside the certificates in ssl/ (never committed).
 * A browser never sees it: it only gets credentials that expire.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sslDir } from "./certs.ts";

export const turnSecretPath = join(sslDir, "turn-secret");

/** Reads ssl/turn-secret, creating it (32 random bytes, hex) on first use. */
export function ensureTurnSecret(): string {
  if (!existsSync(turnSecretPath)) {
    mkdirSync(sslDir, { recursive: true });
    writeFileSync(turnSecretPath, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
    console.log(`turn: created a TURN secret for this clone in ${turnSecretPath}`);
  }
  const secret = readFileSync(turnSecretPath, "utf8").trim();
  if (!/^[0-9a-f]{32,}$/.test(secret)) {
    throw new Error(`${turnSecretPath} is not a secret this project made (hex, 32+ characters). Delete it to make a new one.`);
  }
  return secret;
}
