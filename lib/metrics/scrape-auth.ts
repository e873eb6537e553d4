import { createHash, timingSafeEqual } from "node:crypto";
import { currentUser } from "@/lib/auth/guard";
import { env } from "@/lib/config/env";

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

/**
 * Why a scrape is refused, or null when it may read. With METRICS_TOKEN, the token decides.
 * Without one, /metrics is as open as the rest of the app: open under READ_ANONYMOUS, else
 * only to a logged-in session (a Prometheus then needs METRICS_TOKEN).
 */
export async function scrapeRefusal(request: Request): Promise<string | null> {
  const { METRICS_TOKEN, READ_ANONYMOUS } = env();
  if (METRICS_TOKEN) {
    return scrapeAllowed(request.headers.get("authorization"), METRICS_TOKEN)
      ? null
      : "unauthorized: send Authorization: Bearer <METRICS_TOKEN>";
  }
  if (READ_ANONYMOUS || (await currentUser(request))) return null;
  return "unauthorized: reading needs a login (READ_ANONYMOUS=false); set METRICS_TOKEN to scrape";
}
