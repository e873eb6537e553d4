import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as login, DELETE as logout, GET as whoami } from "@/app/api/v1/session/route";
import { GET as listTargets } from "@/app/api/v1/targets/route";
import { PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { hashPassword } from "@/lib/auth/passwords";
import { PER_PAIR_LIMIT } from "@/lib/auth/rate-limit";
import { migrateStore } from "@/lib/store/migrate";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// The session routes as Next.js calls them, with a real store for revocations.
const ORIGIN = "http://localhost";
let store: TestDatabase;
let peer = 0;
/** A client address of its own for each test: the attempt buckets live for the process. */
const newAddress = () => `198.51.100.${++peer}`;

function loginRequest(body: unknown, headers: Record<string, string> = {}) {
  return new Request(`${ORIGIN}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, ...headers },
    body: JSON.stringify(body),
  });
}

function cookieOf(response: Response): string {
  const header = response.headers.get("set-cookie") ?? "";
  return header.split(";")[0] ?? "";
}

async function userWith(cookie: string): Promise<unknown> {
  const me = await whoami(new Request(`${ORIGIN}/api/v1/session`, { headers: { cookie } }));
  return ((await me.json()) as { user: unknown }).user;
}

async function loggedIn(username: string, password: string, address = newAddress()): Promise<string> {
  const response = await login(loginRequest({ username, password }, { [PEER_ADDRESS_HEADER]: address }));
  expect(response.status).toBe(200);
  return cookieOf(response);
}

beforeAll(async () => {
  store = await createTestDatabase("auth_session_store");
  await migrateStore(store.pool);
  vi.stubEnv("STORE_URL", store.url);
  vi.stubEnv("OPERATOR_PASSWORD", "operator-secret-1");
  vi.stubEnv("VIEWER_PASSWORD", "viewer-secret-1");
  vi.stubEnv("SESSION_SECRET", "a-test-secret-that-is-long-enough-0123456789");
  vi.stubEnv(
    "INDEXWATCH_USERS",
    JSON.stringify([{ username: "dba", role: "operator", scryptHash: await hashPassword("dba-secret-12") }]),
  );
  vi.stubEnv("READ_ONLY", "false");
  vi.stubEnv("TRUST_PROXY", "0");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await store.drop();
});

describe("POST/GET/DELETE /api/v1/session", () => {
  it("logs in with a signed, http-only, SameSite=Strict cookie, says who is in, and logs out", async () => {
    const response = await login(loginRequest({ username: "operator", password: "operator-secret-1" }));
    expect(response.status).toBe(200);
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^indexwatch_session=[^;]+\.[^;]+;/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Strict");
    expect(setCookie).not.toContain("operator-secret-1");

    const me = await whoami(
      new Request(`${ORIGIN}/api/v1/session`, { headers: { cookie: cookieOf(response) } }),
    );
    expect(await me.json()).toMatchObject({ user: { username: "operator", role: "operator" }, canAct: true });

    const out = await logout(
      new Request(`${ORIGIN}/api/v1/session`, { method: "DELETE", headers: { origin: ORIGIN } }),
    );
    expect(out.headers.get("set-cookie")).toMatch(/^indexwatch_session=; .*Max-Age=0/);
  });

  it("knows users from INDEXWATCH_USERS (scrypt hashes) and the viewer, who may not act", async () => {
    const dba = await login(loginRequest({ username: "dba", password: "dba-secret-12" }));
    expect(dba.status).toBe(200);
    const viewer = await login(loginRequest({ username: "viewer", password: "viewer-secret-1" }));
    expect(await viewer.json()).toMatchObject({
      user: { username: "viewer", role: "viewer" },
      canAct: false,
    });
  });

  it("refuses a wrong password, a forged or tampered cookie, and a cross-origin login", async () => {
    const wrong = await login(
      loginRequest(
        { username: "operator", password: "nope-nope-nope" },
        { [PEER_ADDRESS_HEADER]: newAddress() },
      ),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();

    const good = await loggedIn("viewer", "viewer-secret-1");
    const [name, value] = good.split("=") as [string, string];
    const [body, mac] = value.split(".") as [string, string];
    const forgedBody = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, "base64url").toString()), r: "operator" }),
    ).toString("base64url");
    expect(await userWith(`${name}=${forgedBody}.${mac}`)).toBeNull();

    const foreign = await login(
      loginRequest(
        { username: "operator", password: "operator-secret-1" },
        { origin: "https://evil.example" },
      ),
    );
    expect(foreign.status).toBe(403);
    const malformed = await login(loginRequest({ username: "" }));
    expect(malformed.status).toBe(400);
  });

  it("answers where to go next only when it is a path of this app", async () => {
    const address = newAddress();
    const nextOf = async (next: string) => {
      const response = await login(
        loginRequest(
          { username: "viewer", password: "viewer-secret-1", next },
          { [PEER_ADDRESS_HEADER]: address },
        ),
      );
      return ((await response.json()) as { next: string }).next;
    };
    expect(await nextOf("/weekly?from=2026-01-05")).toBe("/weekly?from=2026-01-05");
    expect(await nextOf(decodeURIComponent("/%09/evil.example/x"))).toBe("/");
    expect(await nextOf("/\\evil.example")).toBe("/");
    expect(await nextOf("javascript:alert(1)")).toBe("/");
  });
});

describe("login limits", () => {
  it("evaluates at most the limit of 100 concurrent wrong attempts for one user from one address", async () => {
    const headers = { [PEER_ADDRESS_HEADER]: newAddress() };
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        login(loginRequest({ username: "dba", password: `guess-${i}-xxxx` }, headers)),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(PER_PAIR_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(100 - PER_PAIR_LIMIT);
    // The right password from that address waits out the window too.
    const blocked = await login(loginRequest({ username: "dba", password: "dba-secret-12" }, headers));
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { error: { message: string } }).error.message).toMatch(
      /too many failed logins/,
    );
  });

  it("does not let failures from other addresses lock the real user out", async () => {
    for (let a = 0; a < 3; a++) {
      const headers = { [PEER_ADDRESS_HEADER]: newAddress() };
      for (let i = 0; i <= PER_PAIR_LIMIT; i++) {
        await login(loginRequest({ username: "operator", password: `guess-${i}-xxxx` }, headers));
      }
    }
    await loggedIn("operator", "operator-secret-1");
  });

  it("ignores a client's own X-Forwarded-For unless TRUST_PROXY says to believe a proxy", async () => {
    const peerAddress = newAddress();
    const attempt = (i: number) =>
      login(
        loginRequest(
          { username: "viewer", password: `guess-${i}-xxxx` },
          { [PEER_ADDRESS_HEADER]: peerAddress, "x-forwarded-for": `10.1.0.${i}` },
        ),
      );
    for (let i = 0; i < PER_PAIR_LIMIT; i++) expect((await attempt(i)).status).toBe(401);
    // A new forged address each time changes nothing: the socket is the client.
    expect((await attempt(99)).status).toBe(429);

    // Behind one trusted proxy (the peer), the address it appended is the client's.
    vi.stubEnv("TRUST_PROXY", "1");
    try {
      expect((await attempt(100)).status).toBe(401);
    } finally {
      vi.stubEnv("TRUST_PROXY", "0");
    }
  });
});

describe("sessions that end", () => {
  it("refuses a cookie replayed after logout, through the store (any app process)", async () => {
    const cookie = await loggedIn("operator", "operator-secret-1");
    expect(await userWith(cookie)).toEqual({ username: "operator", role: "operator" });

    const out = await logout(
      new Request(`${ORIGIN}/api/v1/session`, { method: "DELETE", headers: { origin: ORIGIN, cookie } }),
    );
    expect(out.status).toBe(200);
    const revoked = await store.pool.query("SELECT count(*)::int AS n FROM revoked_session");
    expect(revoked.rows[0]?.n).toBeGreaterThanOrEqual(1);

    expect(await userWith(cookie)).toBeNull();
    vi.stubEnv("READ_ANONYMOUS", "false");
    try {
      const replay = await listTargets(new Request(`${ORIGIN}/api/v1/targets`, { headers: { cookie } }));
      expect(replay.status).toBe(401);
    } finally {
      vi.stubEnv("READ_ANONYMOUS", "true");
    }
    // Another session of the same user lives on.
    expect(await userWith(await loggedIn("operator", "operator-secret-1"))).not.toBeNull();
  });

  it("refuses a cookie minted before the user's password changed (restart with a new OPERATOR_PASSWORD)", async () => {
    const cookie = await loggedIn("operator", "operator-secret-1");
    const dba = await loggedIn("dba", "dba-secret-12");
    vi.stubEnv("OPERATOR_PASSWORD", "operator-secret-changed");
    vi.stubEnv("READ_ANONYMOUS", "false");
    try {
      expect(await userWith(cookie)).toBeNull();
      const replay = await listTargets(new Request(`${ORIGIN}/api/v1/targets`, { headers: { cookie } }));
      expect(replay.status).toBe(401);
      // Another user's session does not depend on the operator's password.
      expect(await userWith(dba)).toEqual({ username: "dba", role: "operator" });

      // A new hash in INDEXWATCH_USERS ends that user's sessions too.
      vi.stubEnv(
        "INDEXWATCH_USERS",
        JSON.stringify([
          { username: "dba", role: "operator", scryptHash: await hashPassword("dba-secret-13") },
        ]),
      );
      expect(await userWith(dba)).toBeNull();
    } finally {
      vi.stubEnv("OPERATOR_PASSWORD", "operator-secret-1");
      vi.stubEnv("READ_ANONYMOUS", "true");
    }
  });
});
