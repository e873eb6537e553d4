import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { crossOriginReason } from "./origin";
import { hashPassword, verifyPassword } from "./passwords";
import { decodeSession, encodeSession, fingerprintOf } from "./session";

beforeAll(() => {
  vi.stubEnv("SESSION_SECRET", "unit-test-secret-unit-test-secret-0000");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe("passwords", () => {
  it("hashes with scrypt and a salt, verifies the right password only", async () => {
    const a = await hashPassword("correct horse");
    const b = await hashPassword("correct horse");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("correct horse");
    expect(await verifyPassword("correct horse", a)).toBe(true);
    expect(await verifyPassword("correct horsE", a)).toBe(false);
    expect(await verifyPassword("correct horse", "plain text")).toBe(false);
  });
});

describe("session cookies", () => {
  it("round-trips a signed claim and rejects tampering and expiry", () => {
    const now = Date.parse("2026-11-25T03:00:00Z");
    const value = encodeSession({ username: "ana", role: "operator" }, fingerprintOf("password:x"), now);
    expect(decodeSession(value, now + 1000)).toMatchObject({
      user: { username: "ana", role: "operator" },
      credentialFingerprint: fingerprintOf("password:x"),
      expiresAtSeconds: now / 1000 + 12 * 3600,
    });
    expect(decodeSession(value, now + 13 * 3600_000)).toBeNull();
    const [body, mac] = value.split(".") as [string, string];
    expect(decodeSession(`${body}.${mac.slice(0, -2)}AA`, now)).toBeNull();
    expect(decodeSession(`${body}x.${mac}`, now)).toBeNull();
    expect(decodeSession("garbage", now)).toBeNull();
  });

  it("gives every session its own id, and keys credential fingerprints with the secret", () => {
    const a = decodeSession(encodeSession({ username: "ana", role: "viewer" }, fingerprintOf("password:x")));
    const b = decodeSession(encodeSession({ username: "ana", role: "viewer" }, fingerprintOf("password:x")));
    expect(a?.sessionId).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(a?.sessionId).not.toBe(b?.sessionId);
    expect(fingerprintOf("password:x")).not.toBe(fingerprintOf("password:y"));
  });
});

describe("same-origin check", () => {
  const request = (headers: Record<string, string>, url = "http://localhost:3400/api/v1/x") =>
    new Request(url, { method: "POST", headers });

  it("accepts the app's own origin, behind a trusted proxy too", () => {
    expect(
      crossOriginReason(request({ origin: "http://localhost:3400", host: "localhost:3400" })),
    ).toBeNull();
    const proxied = () =>
      crossOriginReason(
        request({
          origin: "https://iw.example.com",
          "x-forwarded-host": "iw.example.com",
          "x-forwarded-proto": "https",
        }),
      );
    // A client's own X-Forwarded-Host is not believed...
    expect(proxied()).toMatch(/iw\.example\.com refused/);
    // ...a trusted proxy's is.
    vi.stubEnv("TRUST_PROXY", "1");
    try {
      expect(proxied()).toBeNull();
    } finally {
      vi.stubEnv("TRUST_PROXY", "0");
    }
  });

  it("refuses a foreign, null or missing Origin and cross-site fetches", () => {
    expect(crossOriginReason(request({ origin: "https://evil.example" }))).toMatch(/evil/);
    expect(crossOriginReason(request({ origin: "null" }))).toMatch(/without an Origin/);
    expect(crossOriginReason(request({}))).toMatch(/without an Origin/);
    expect(
      crossOriginReason(request({ origin: "http://localhost:3400", "sec-fetch-site": "cross-site" })),
    ).toMatch(/cross-site/);
  });
});
