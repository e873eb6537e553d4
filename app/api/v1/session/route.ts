import { z } from "zod";
import { currentUser, requireSameOrigin } from "@/lib/auth/guard";
import {
  assertLoginAllowed,
  clientAddressOf,
  recordLoginFailure,
  recordLoginSuccess,
} from "@/lib/auth/rate-limit";
import { canAct } from "@/lib/auth/roles";
import { encodeSession, SESSION_TTL_SECONDS, sessionCookieHeader } from "@/lib/auth/session";
import { authenticate } from "@/lib/auth/users";
import { env } from "@/lib/config/env";
import { UnauthorizedError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/body";
import { handle, json, parseInput } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const loginBody = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
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
  const { username, password } = parseInput(loginBody, await readJsonBody(request), "login");
  const address = clientAddressOf(request);
  assertLoginAllowed(address, username);
  const user = await authenticate(username, password);
  if (!user) {
    recordLoginFailure(address, username);
    throw new UnauthorizedError("wrong user name or password");
  }
  recordLoginSuccess(address, username);
  return json(
    { user, canAct: canAct(user) && !env().READ_ONLY },
    { headers: { "Set-Cookie": sessionCookieHeader(request, encodeSession(user), SESSION_TTL_SECONDS) } },
  );
});

export const DELETE = handle(async (request: Request) => {
  requireSameOrigin(request);
  return json({ user: null }, { headers: { "Set-Cookie": sessionCookieHeader(request, "", 0) } });
});
