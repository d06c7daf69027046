/**
 * The NAT check (scripts/nat/probe.ts) must refuse a testbed whose NAT is not
 * what it claims: a matrix built on it would report results that lie. Each test
 * builds a one-home testbed (no servers) whose router has its kind's rules with
 * one thing removed, and expects startTestbed to refuse it with the measurement.
 * The matrix's own testbed (nat-matrix.spec.ts) is the other half: the real
 * rules pass the same check.
 */
import { natRules } from "../scripts/nat/kinds.ts";
import { startTestbed } from "../scripts/nat/testbed.ts";
import { expect, requireTestbed, test } from "./support/nat.ts";

requireTestbed();

test("a symmetric NAT without fully-random is refused: it maps like a cone", async () => {
  const rules = natRules("symmetric").replace("masquerade fully-random", "masquerade");
  await expect(startTestbed({ servers: false, homes: [{ name: "home", nat: "symmetric", rules }] })).rejects.toThrow(
    /"home" claims symmetric \(mapping address-and-port-dependent, filtering address-and-port-dependent\), but measures mapping endpoint-independent/,
  );
});

test("a cone without its `ct state new` drop is refused: a packet that came first takes its port", async () => {
  const rules = natRules("cone").replace(/\n.*ct state new drop/, "");
  await expect(startTestbed({ servers: false, homes: [{ name: "home", nat: "cone", rules }] })).rejects.toThrow(
    /"home" claims cone \(mapping endpoint-independent, filtering address-and-port-dependent\), but measures mapping address/,
  );
});

test("a firewall that lets UDP out is refused as udp-blocked", async () => {
  const rules = natRules("udp-blocked").replace(/\n.*meta l4proto udp drop/, "");
  await expect(startTestbed({ servers: false, homes: [{ name: "home", nat: "udp-blocked", rules }] })).rejects.toThrow(
    /"home" claims udp-blocked \(UDP blocked, TCP passes\), but measures mapping endpoint-independent/,
  );
});
