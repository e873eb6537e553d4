import { env } from "@/lib/config/env";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors";
import { crossOriginReason } from "./origin";
import type { SessionUser } from "./roles";
import { decodeSession, readCookie, SESSION_COOKIE } from "./session";
import { stillConfigured } from "./users";

/** The logged-in user of this request, or null (no cookie, a bad signature, expired, or no longer configured). */
export async function currentUser(request: Request): Promise<SessionUser | null> {
  const cookie = readCookie(request, SESSION_COOKIE);
  if (!cookie) return null;
  const user = decodeSession(cookie);
  if (!user) return null;
  return (await stillConfigured(user)) ? user : null;
}

/** Reads are open to everyone with READ_ANONYMOUS (the default), else they need a session. */
export async function requireReader(request: Request): Promise<SessionUser | null> {
  const user = await currentUser(request);
  if (!user && !env().READ_ANONYMOUS) throw new UnauthorizedError("log in to read");
  return user;
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
