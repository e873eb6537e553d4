import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * True when no token is configured, or the request carries `Authorization: Bearer <token>`.
 * Compared as fixed-length digests in constant time: neither the length nor a prefix of the
 * token leaks through response timing.
 */
export function scrapeAllowed(authorization: string | null, token: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? "");
  const offered = match?.[1]?.trim() ?? "";
  return timingSafeEqual(digest(offered), digest(token)) && offered.length > 0;
}
