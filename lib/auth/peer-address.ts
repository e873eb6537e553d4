/**
 * The request header in which the launcher's server (scripts/serve.ts) writes the socket's
 * peer address, over whatever a client sent under that name. No imports: the launcher
 * loads this file outside the Next.js bundle.
 */
export const PEER_ADDRESS_HEADER = "x-indexwatch-peer-address";
