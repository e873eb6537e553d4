import { createHash } from "node:crypto";
import { z } from "zod";
import { env } from "@/lib/config/env";
import { hashPassword, isScryptHash, verifyPassword } from "./passwords";
import { ROLES, type Role, type SessionUser } from "./roles";
import { fingerprintOf, type SessionClaim } from "./session";

interface ConfiguredUser {
  username: string;
  role: Role;
  scryptHash: string;
  /**
   * What identifies this user's current credential across processes: the plain password for
   * OPERATOR_PASSWORD / VIEWER_PASSWORD (each process salts its own hash of it), the stored
   * hash for INDEXWATCH_USERS. Only ever used through fingerprintOf().
   */
  credential: string;
}

const usersJson = z.array(
  z.object({
    username: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, "letters, digits, _ . @ -"),
    role: z.enum(ROLES),
    scryptHash: z.string().refine(isScryptHash, "a scrypt$N$r$p$salt$hash string (see the README)"),
  }),
);

/**
 * Plain passwords from the environment (OPERATOR_PASSWORD, VIEWER_PASSWORD) are hashed the
 * first time they are needed and only the hash is kept; the cache is keyed by a digest of
 * the password, so changing the variable (tests do) takes effect without a restart.
 */
const hashed = new Map<string, Promise<string>>();

function hashOnce(password: string): Promise<string> {
  const key = createHash("sha256").update(password).digest("base64url");
  let hash = hashed.get(key);
  if (!hash) {
    hash = hashPassword(password);
    hashed.set(key, hash);
  }
  return hash;
}

export async function configuredUsers(): Promise<ConfiguredUser[]> {
  const e = env();
  const users: ConfiguredUser[] = [];
  if (e.INDEXWATCH_USERS) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(e.INDEXWATCH_USERS);
    } catch {
      throw new Error("bad environment: INDEXWATCH_USERS is not JSON");
    }
    const outcome = usersJson.safeParse(parsed);
    if (!outcome.success) {
      throw new Error(
        `bad environment: INDEXWATCH_USERS: ${outcome.error.issues.map((i) => i.message).join("; ")}`,
      );
    }
    users.push(...outcome.data.map((user) => ({ ...user, credential: `hash:${user.scryptHash}` })));
  }
  if (e.OPERATOR_PASSWORD) {
    users.push({
      username: "operator",
      role: "operator",
      scryptHash: await hashOnce(e.OPERATOR_PASSWORD),
      credential: `password:${e.OPERATOR_PASSWORD}`,
    });
  }
  if (e.VIEWER_PASSWORD) {
    users.push({
      username: "viewer",
      role: "viewer",
      scryptHash: await hashOnce(e.VIEWER_PASSWORD),
      credential: `password:${e.VIEWER_PASSWORD}`,
    });
  }
  return users;
}

// Verifying against this when the user is unknown keeps the answer time the same.
const DUMMY_HASH = hashPassword("indexwatch-no-such-user");

export interface AuthenticatedUser {
  user: SessionUser;
  /** Goes into the session cookie: the session ends when this user's credential changes. */
  credentialFingerprint: string;
}

/** The user whose password this is, or null; the same work is done for an unknown name. */
export async function authenticate(username: string, password: string): Promise<AuthenticatedUser | null> {
  const user = (await configuredUsers()).find((u) => u.username === username);
  const ok = await verifyPassword(password, user?.scryptHash ?? (await DUMMY_HASH));
  return user && ok
    ? {
        user: { username: user.username, role: user.role },
        credentialFingerprint: fingerprintOf(user.credential),
      }
    : null;
}

/**
 * The claim's user is still configured, with the same role and the same credential: a
 * removed user's cookie, a demoted one's and one minted under an old password stop working.
 */
export async function stillConfigured(claim: SessionClaim): Promise<boolean> {
  return (await configuredUsers()).some(
    (u) =>
      u.username === claim.user.username &&
      u.role === claim.user.role &&
      fingerprintOf(u.credential) === claim.credentialFingerprint,
  );
}
