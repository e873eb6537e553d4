import { env } from "@/lib/config/env";

/** The origin this app is served from: APP_ORIGIN, else what the request itself says (proxy headers first). */
export function expectedOrigin(request: Request): string {
  const configured = env().APP_ORIGIN;
  if (configured) return new URL(configured).origin;
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  const proto =
    request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(":", "");
  return host ? `${proto}://${host}` : url.origin;
}

/**
 * Why a state-changing request is not same-origin, or null when it is. A browser sends
 * Origin on every POST/DELETE; a missing or `null` one (sandboxed frames, some redirects)
 * is refused rather than trusted.
 */
export function crossOriginReason(request: Request): string | null {
  if (request.headers.get("sec-fetch-site") === "cross-site") return "cross-site request refused";
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return "request without an Origin header refused";
  if (origin !== expectedOrigin(request)) return `request from origin ${origin} refused`;
  return null;
}
