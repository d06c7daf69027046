/**
 * The testbed's internet side (TEST-NET-3, RFC 5737: documentation addresses
 * that are never routed on the real internet). controller.ts builds it; the
 * tests and `npm run nat` open the lab pages there.
 */

/** Where `npm start`'s servers listen: relay, lab pages, coturn (TURN and STUN). */
export const SERVER_ADDRESS = "203.0.113.1";
/** The NAT check's second server address: RFC 5780's behaviour discovery needs two. */
export const SECOND_ADDRESS = "203.0.113.2";
/** The internet's default route ends here, in a namespace that forwards and answers nothing. */
export const SINK_ADDRESS = "203.0.113.254";
/** The NAT check's ports (3479 is RFC 5780's usual alternate port), on both addresses. */
export const PROBE_PORTS: [number, number] = [3479, 3480];
/** `npm start`'s ports, unchanged on the internet side: it has the namespace to itself. */
export const LABS_PORT = 5173;
export const TURN_PORT = 3478;
