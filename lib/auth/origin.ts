import { env } from "@/lib/config/env";

/**
 * The origin this app is served from: APP_ORIGIN, else what the request itself says. The
 * X-Forwarded-Host/-Proto headers count only behind a trusted proxy (TRUST_PROXY > 0): a
 * client could write them itself.
 */
export function expectedOrigin(request: Request): string {
  const e = env();
  if (e.APP_ORIGIN) return new URL(e.APP_ORIGIN).origin;
  const url = new URL(request.url);
  const forwarded = (name: string) =>
    e.TRUST_PROXY > 0 ? request.headers.get(name)?.split(",")[0]?.trim() : undefined;
  const host = forwarded("x-forwarded-host") || request.headers.get("host");
  const proto = forwarded("x-forwarded-proto") || url.protocol.replace(":", "");
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
