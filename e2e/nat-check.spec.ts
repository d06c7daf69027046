/**
 * The NAT check (scripts/nat/probe.ts) must refuse a testbed whose NAT is not
 * what it claims: a matrix built on it would report results that lie. One
 * testbed (no servers), three home networks, each router with its kind's rules
 * but one thing removed; startTestbed must refuse it and name each, with what it
 * measured. The matrix's own testbed (nat-matrix.spec.ts) is the other half: the
 * real rules pass the same check.
 */
import { natRules } from "../scripts/nat/kinds.ts";
import { startTestbed } from "../scripts/nat/testbed.ts";
import { expect, requireTestbed, test } from "./support/nat.ts";

requireTestbed();

test("a NAT that is not what it claims stops the run, named with what it measured", async () => {
  const homes = [
    // Without fully-random, "symmetric" keeps one public port per socket: a cone.
    { name: "symmetric-without-fully-random", nat: "symmetric" as const, rules: natRules("symmetric").replace("masquerade fully-random", "masquerade") },
    // Without the `ct state new` drop, a packet that came first takes the port its host would have had.
    { name: "cone-without-race-fix", nat: "cone" as const, rules: natRules("cone").replace(/\n.*ct state new drop/, "") },
    // Without its drop, a "udp-blocked" firewall lets UDP out.
    { name: "udp-not-blocked", nat: "udp-blocked" as const, rules: natRules("udp-blocked").replace(/\n.*meta l4proto udp drop/, "") },
  ];
  const refusal = await startTestbed({ servers: false, homes }).then(
    async (testbed) => {
      await testbed.close();
      return "the testbed started";
    },
    (error: Error) => error.message,
  );
  expect(refusal).toContain(
    '"symmetric-without-fully-random" claims symmetric (mapping address-and-port-dependent, filtering address-and-port-dependent), but measures mapping endpoint-independent',
  );
  expect(refusal).toMatch(/"cone-without-race-fix" claims cone \(mapping endpoint-independent, filtering address-and-port-dependent\), but measures mapping address/);
  expect(refusal).toContain('"udp-not-blocked" claims udp-blocked (UDP blocked, TCP passes), but measures mapping endpoint-independent');
});
