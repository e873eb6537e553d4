import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { ROLES, type SessionUser } from "./roles";
import { sessionSecret } from "./secret";

export const SESSION_COOKIE = "indexwatch_session";
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

const payloadSchema = z.object({
  u: z.string().min(1),
  r: z.enum(ROLES),
  exp: z.number().int(),
  /** Session id: what a logout revokes (lib/store/revoked-sessions.ts). */
  sid: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  /** Fingerprint of the credential the session was opened with: a changed password ends it. */
  cv: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});

/** What a valid cookie claims; the guard still checks it against the users and the store. */
export interface SessionClaim {
  user: SessionUser;
  sessionId: string;
  credentialFingerprint: string;
  expiresAtSeconds: number;
}

function sign(body: string): string {
  return createHmac("sha256", sessionSecret()).update(body).digest("base64url");
}

/**
 * A keyed digest of what a user logs in with (their password, or its stored hash): the
 * cookie can name the credential without revealing anything about it.
 */
export function fingerprintOf(credential: string): string {
  return createHmac("sha256", sessionSecret())
    .update(`credential\u0000${credential}`)
    .digest("base64url")
    .slice(0, 22);
}

/** `<payload base64url>.<HMAC-SHA256 base64url>`: the cookie carries no secret, only a signed claim. */
export function encodeSession(user: SessionUser, credentialFingerprint: string, nowMs = Date.now()): string {
  const body = Buffer.from(
    JSON.stringify({
      u: user.username,
      r: user.role,
      exp: Math.floor(nowMs / 1000) + SESSION_TTL_SECONDS,
      sid: randomBytes(18).toString("base64url"),
      cv: credentialFingerprint,
    }),
  ).toString("base64url");
  return `${body}.${sign(body)}`;
}

export function decodeSession(value: string, nowMs = Date.now()): SessionClaim | null {
  const [body, mac, extra] = value.split(".");
  if (!body || !mac || extra !== undefined) return null;
  const expected = Buffer.from(sign(body), "base64url");
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const payload = payloadSchema.safeParse(json);
  if (!payload.success || payload.data.exp * 1000 <= nowMs) return null;
  return {
    user: { username: payload.data.u, role: payload.data.r },
    sessionId: payload.data.sid,
    credentialFingerprint: payload.data.cv,
    expiresAtSeconds: payload.data.exp,
  };
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function isHttps(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return (forwarded ?? new URL(request.url).protocol.replace(":", "")) === "https";
}

/** http-only (no script reads it), SameSite=Strict (no other site sends it), Secure over https. */
export function sessionCookieHeader(request: Request, value: string, maxAgeSeconds: number): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${maxAgeSeconds}`,
    ...(isHttps(request) ? ["Secure"] : []),
  ].join("; ");
}
