/**
 * When the NAT matrix may say "both ends report the same selected pair" (agree in
 * e2e/support/nat-matrix.ts), on made-up getStats() readings (no browser). The
 * matrix reads both ends until they agree; a rule that agreed too soon once let a
 * cell pass its wait while one end was still on a relay pair and the other on a
 * direct one, and the cell then failed on the pair's types.
 */
import { expect, test } from "./support/fixtures.ts";
import { agree, type PairEnd } from "./support/nat-matrix.ts";

const end = (candidateType: string, address: string, port: number): PairEnd => ({ candidateType, protocol: "udp", address, port });

const bobsRelay = end("relay", "203.0.113.1", 49170);
const bobsMapping = end("prflx", "203.0.113.12", 40001);

test("the same candidate at both ends agrees; another address or protocol does not", () => {
  expect(agree(end("host", "203.0.113.11", 50000), end("host", "203.0.113.11", 50000))).toBe(true);
  expect(agree(end("host", "203.0.113.11", 50000), end("host", "203.0.113.11", 50002))).toBe(false);
  expect(agree({ ...bobsRelay, protocol: "tcp" }, bobsRelay)).toBe(false);
});

test("a relay is a relay at both ends: known by its candidate or as peer-reflexive, always at the relayed address", () => {
  expect(agree(bobsRelay, bobsRelay)).toBe(true);
  expect(agree(end("prflx", bobsRelay.address, bobsRelay.port), bobsRelay)).toBe(true);
  expect(agree(end("prflx", "203.0.113.12", 40001), bobsRelay), "Alice on a direct pair, Bob on his relay").toBe(false);
});

test("one end on the other's relay while that side is on a direct pair does not agree (the CI failure)", () => {
  // Alice's selected pair ends at Bob's relay; Bob's own end is the mapping his NAT gave a direct pair.
  expect(agree(bobsRelay, bobsMapping)).toBe(false);
});

test("behind a NAT, what the other side learned from packets may name another port than the sender's own candidate", () => {
  expect(agree(end("prflx", "203.0.113.12", 40001), end("host", "10.0.2.2", 50000))).toBe(true);
  expect(agree(end("prflx", "203.0.113.12", 40001), end("srflx", "203.0.113.12", 40000))).toBe(true);
  // A side's own peer-reflexive candidate is the address the other side saw: the same one.
  expect(agree(end("srflx", "203.0.113.12", 40001), bobsMapping)).toBe(true);
  expect(agree(end("srflx", "203.0.113.12", 40009), bobsMapping)).toBe(false);
});
