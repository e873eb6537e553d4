import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as login, DELETE as logout, GET as whoami } from "@/app/api/v1/session/route";
import { hashPassword } from "@/lib/auth/passwords";

// The session routes as Next.js calls them. No database is needed: users come from the environment.
const ORIGIN = "http://localhost";

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

beforeAll(async () => {
  vi.stubEnv("OPERATOR_PASSWORD", "operator-secret-1");
  vi.stubEnv("VIEWER_PASSWORD", "viewer-secret-1");
  vi.stubEnv("SESSION_SECRET", "a-test-secret-that-is-long-enough-0123456789");
  vi.stubEnv(
    "INDEXWATCH_USERS",
    JSON.stringify([{ username: "dba", role: "operator", scryptHash: await hashPassword("dba-secret-12") }]),
  );
  vi.stubEnv("READ_ONLY", "false");
});

afterAll(() => {
  vi.unstubAllEnvs();
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
      loginRequest({ username: "operator", password: "nope-nope-nope" }, { "x-forwarded-for": "10.0.0.1" }),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();

    const good = cookieOf(await login(loginRequest({ username: "viewer", password: "viewer-secret-1" })));
    const [name, value] = good.split("=") as [string, string];
    const [body, mac] = value.split(".") as [string, string];
    const forgedBody = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, "base64url").toString()), r: "operator" }),
    ).toString("base64url");
    const forged = await whoami(
      new Request(`${ORIGIN}/x`, { headers: { cookie: `${name}=${forgedBody}.${mac}` } }),
    );
    expect(((await forged.json()) as { user: unknown }).user).toBeNull();

    const foreign = await login(
      loginRequest(
        { username: "operator", password: "operator-secret-1" },
        { origin: "https://evil.example" },
      ),
    );
    expect(foreign.status).toBe(403);
  });

  it("rate-limits failed logins per address and per user name", async () => {
    const headers = { "x-forwarded-for": "192.0.2.77" };
    for (let i = 0; i < 10; i++) {
      const attempt = await login(loginRequest({ username: "dba", password: `guess-${i}-xxxx` }, headers));
      expect(attempt.status).toBe(401);
    }
    const blocked = await login(loginRequest({ username: "dba", password: "dba-secret-12" }, headers));
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { error: { message: string } }).error.message).toMatch(
      /too many failed logins/,
    );
    const malformed = await login(loginRequest({ username: "" }));
    expect(malformed.status).toBe(400);
  });
});
