import { env } from "@/lib/config/env";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors";
import { isSessionRevoked } from "@/lib/store/revoked-sessions";
import { crossOriginReason } from "./origin";
import type { SessionUser } from "./roles";
import { decodeSession, readCookie, SESSION_COOKIE, type SessionClaim } from "./session";
import { stillConfigured } from "./users";

/**
 * The session of this request, or null: no cookie, a bad signature, expired, a user no
 * longer configured or whose password changed since, or ended by a logout (in any process).
 */
export async function currentSession(request: Request): Promise<SessionClaim | null> {
  const cookie = readCookie(request, SESSION_COOKIE);
  if (!cookie) return null;
  const claim = decodeSession(cookie);
  if (!claim || !(await stillConfigured(claim))) return null;
  return (await isSessionRevoked(claim.sessionId)) ? null : claim;
}

/** The logged-in user of this request, or null (see currentSession). */
export async function currentUser(request: Request): Promise<SessionUser | null> {
  return (await currentSession(request))?.user ?? null;
}

/** Reads are open to everyone with READ_ANONYMOUS (the default), else they need a session. */
export async function requireReader(request: Request): Promise<SessionUser | null> {
  const user = await currentUser(request);
  if (!user && !env().READ_ANONYMOUS) throw new UnauthorizedError("log in to read");
  return user;
}

/**
 * Reads that cost the target real work (an exact bloat measurement reads a whole index):
 * an operator session, whatever READ_ANONYMOUS says. No Origin check: they change nothing,
 * and the SameSite=Strict cookie never comes with another site's request.
 */
export async function requireOperatorToRead(request: Request): Promise<SessionUser> {
  const user = await currentUser(request);
  if (!user) throw new UnauthorizedError("log in as an operator: this measurement reads the whole index");
  if (user.role !== "operator")
    throw new ForbiddenError(
      `user "${user.username}" is a viewer: exact measurements need the operator role`,
    );
  return user;
}

/**
 * A read that asks the server for work every viewer then shares (refresh now, recompute the
 * findings): the page's own origin first, then a reader.
 */
export async function requireSameOriginReader(request: Request): Promise<SessionUser | null> {
  requireSameOrigin(request);
  return requireReader(request);
}

/** Same-origin check for writes that need no session (login, logout). */
export function requireSameOrigin(request: Request) {
  const reason = crossOriginReason(request);
  if (reason) throw new ForbiddenError(reason);
}

/**
 * Every write route calls this itself (not only a middleware): a session (401), the
 * operator role (403), a same-origin request (403), and actions not turned off by
 * READ_ONLY (403).
 */
export async function requireOperator(request: Request): Promise<SessionUser> {
  const user = await currentUser(request);
  if (!user) throw new UnauthorizedError("log in as an operator to act");
  if (user.role !== "operator")
    throw new ForbiddenError(`user "${user.username}" is a viewer: acting needs the operator role`);
  requireSameOrigin(request);
  if (env().READ_ONLY) throw new ForbiddenError("actions are turned off (READ_ONLY=true)");
  return user;
}
