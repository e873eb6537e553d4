import { z } from "zod";
import { clientAddressOf } from "@/lib/auth/client-address";
import { currentSession, currentUser, requireSameOrigin } from "@/lib/auth/guard";
import { reserveLoginAttempt } from "@/lib/auth/rate-limit";
import { canAct } from "@/lib/auth/roles";
import { safeNextPath } from "@/lib/auth/safe-next";
import { encodeSession, SESSION_TTL_SECONDS, sessionCookieHeader } from "@/lib/auth/session";
import { authenticate } from "@/lib/auth/users";
import { env } from "@/lib/config/env";
import { UnauthorizedError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/body";
import { handle, json, parseInput } from "@/lib/http/respond";
import { revokeSession } from "@/lib/store/revoked-sessions";

export const dynamic = "force-dynamic";

const loginBody = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
  /** Where the login page wants to go next; answered back only when it is a path of this app. */
  next: z.string().max(2048).optional(),
});

/** Who is logged in, and what this app lets them do. */
export const GET = handle(async (request: Request) => {
  const user = await currentUser(request);
  const e = env();
  return json({
    user,
    readOnly: e.READ_ONLY,
    readAnonymous: e.READ_ANONYMOUS,
    canAct: canAct(user) && !e.READ_ONLY,
  });
});

export const POST = handle(async (request: Request) => {
  requireSameOrigin(request);
  const { username, password, next } = parseInput(loginBody, await readJsonBody(request), "login");
  // The slot is taken before the (slow) password check: concurrent guesses cannot overrun the limit.
  const attempt = reserveLoginAttempt(clientAddressOf(request), username);
  const authenticated = await authenticate(username, password);
  if (!authenticated) throw new UnauthorizedError("wrong user name or password");
  attempt.succeeded();
  const { user, credentialFingerprint } = authenticated;
  return json(
    { user, canAct: canAct(user) && !env().READ_ONLY, next: safeNextPath(next) },
    {
      headers: {
        "Set-Cookie": sessionCookieHeader(
          request,
          encodeSession(user, credentialFingerprint),
          SESSION_TTL_SECONDS,
        ),
      },
    },
  );
});

/** Logs out: the cookie is cleared here and its session revoked in the store for every app process. */
export const DELETE = handle(async (request: Request) => {
  requireSameOrigin(request);
  const session = await currentSession(request);
  if (session) await revokeSession(session.sessionId, session.expiresAtSeconds);
  return json({ user: null }, { headers: { "Set-Cookie": sessionCookieHeader(request, "", 0) } });
});
