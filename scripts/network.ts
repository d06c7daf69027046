import { networkInterfaces } from "node:os";

/** This machine's IPv4 addresses other than loopback: what a phone or a second laptop on the LAN would use. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .filter((address) => address.family === "IPv4" && !address.internal)
    .map((address) => address.address);
}
