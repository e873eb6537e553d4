import { env } from "@/lib/config/env";

import { PEER_ADDRESS_HEADER } from "./peer-address";

// Next.js keeps a client's own X-Forwarded-For, so that header alone proves nothing.
export { PEER_ADDRESS_HEADER };

/**
 * The address a request comes from. With TRUST_PROXY=0 (the default) that is the socket's
 * peer; with TRUST_PROXY=n the n proxies nearest to the app are believed, so the address is
 * the n-th entry of X-Forwarded-For counted from the right (each proxy appends the address
 * it saw). Entries further left were written by the client and are never used.
 */
export function clientAddressOf(request: Request, trustProxy = env().TRUST_PROXY): string {
  const peer = request.headers.get(PEER_ADDRESS_HEADER)?.trim() || "unknown";
  if (trustProxy === 0) return peer;
  const forwarded = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - trustProxy)] ?? peer;
}
