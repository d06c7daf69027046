/**
 * The four kinds of network a browser can sit behind in the NAT testbed, what
 * each must measure as (RFC 4787 words, checked before every run: probe.ts),
 * and the nftables rules of its router. No Node APIs: the tests and the report
 * read this table too.
 *
 * The kernel's NAT (nf_nat_core.c; nft(8), "NAT statement flags"):
 * - plain `masquerade` keeps one public port per inside address and port,
 *   whatever the destination (endpoint-independent mapping), and lets in only
 *   replies from where a packet went (address-and-port-dependent filtering):
 *   a port-restricted cone NAT;
 * - `masquerade fully-random` picks a new public port for every new destination:
 *   a symmetric NAT.
 */

export const NAT_KINDS = ["none", "cone", "symmetric", "udp-blocked"] as const;
export type NatKind = (typeof NAT_KINDS)[number];

/** RFC 4787 §4.1 (mapping) and §5 (filtering); "no translation" is a public address (RFC 5780's "no NAT"). */
export type Mapping = "no translation" | "endpoint-independent" | "address-dependent" | "address-and-port-dependent";
export type Filtering = "endpoint-independent" | "address-dependent" | "address-and-port-dependent";

/** What the NAT check measures from inside a home network. */
export interface Behaviour {
  udp: "passes" | "blocked";
  tcp: "passes" | "blocked";
  /** Only when UDP passes: there is nothing to map or filter otherwise. */
  mapping?: Mapping;
  filtering?: Filtering;
}

export interface NatKindInfo {
  /** One line for the learner. */
  says: string;
  /** What the NAT check must measure, or the run refuses to start. */
  claims: Behaviour;
}

export const NATS: Record<NatKind, NatKindInfo> = {
  none: {
    says: "no NAT: a public address, as a server or a host on a university network",
    claims: { udp: "passes", tcp: "passes", mapping: "no translation", filtering: "endpoint-independent" },
  },
  cone: {
    says: "a home router (port-restricted cone): one public port per socket, only replies get in",
    claims: { udp: "passes", tcp: "passes", mapping: "endpoint-independent", filtering: "address-and-port-dependent" },
  },
  symmetric: {
    says: "a symmetric NAT (many mobile and corporate networks): a new public port for every destination",
    claims: { udp: "passes", tcp: "passes", mapping: "address-and-port-dependent", filtering: "address-and-port-dependent" },
  },
  "udp-blocked": {
    says: "a firewall that drops all outgoing UDP (some offices, hotels): only TCP gets out",
    claims: { udp: "blocked", tcp: "passes" },
  },
};

/**
 * The router's nftables ruleset for `kind` (none has no router): `wan` faces the
 * internet, `lan` the home network.
 *
 * The `ct state new` drop on `wan` is what keeps the cone a cone. Without it, a
 * packet that reaches the router before the inside host has sent anything there
 * (the other browser's first check, often) gets a conntrack entry of its own;
 * the host's own packet to that peer then needs another public port, and the
 * NAT behaves as a symmetric one for that peer (MatrixAI/Polykey tests/nat, PR #357).
 * Dropped before conntrack confirms it, the packet leaves no entry behind.
 */
export function natRules(kind: Exclude<NatKind, "none">): string {
  const masquerade = kind === "symmetric" ? "masquerade fully-random" : "masquerade";
  const udpBlocked = kind === "udp-blocked" ? `\n    iifname "lan" meta l4proto udp drop` : "";
  return `table ip nat {
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "wan" ${masquerade}
  }
}
table ip filter {
  chain prerouting {
    type filter hook prerouting priority -150; policy accept;
    iifname "wan" ct state new drop
  }
  chain forward {
    type filter hook forward priority filter; policy accept;${udpBlocked}
  }
}
`;
}

/** "mapping endpoint-independent, filtering address-and-port-dependent" or "UDP blocked, TCP passes". */
export function describeBehaviour(behaviour: Behaviour): string {
  if (behaviour.udp === "blocked") return `UDP blocked, TCP ${behaviour.tcp}`;
  return `mapping ${behaviour.mapping}, filtering ${behaviour.filtering}${behaviour.tcp === "passes" ? "" : ", TCP blocked"}`;
}

export function sameBehaviour(a: Behaviour, b: Behaviour): boolean {
  return a.udp === b.udp && a.tcp === b.tcp && a.mapping === b.mapping && a.filtering === b.filtering;
}
