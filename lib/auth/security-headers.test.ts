import { describe, expect, it } from "vitest";
import { allowedHosts, hostRefusal } from "./allowed-hosts";
import { contentSecurityPolicy } from "./security-headers";

describe("allowed hosts (DNS rebinding)", () => {
  const e = { PORT: 3102, HOST: "127.0.0.1", APP_ORIGIN: undefined };

  it("answers to loopback names with the app's port", () => {
    for (const host of ["localhost:3102", "127.0.0.1:3102", "[::1]:3102", "LOCALHOST:3102"]) {
      expect(hostRefusal(host, e)).toBeNull();
    }
  });

  it("refuses another name, another port, or no Host at all, saying what to set", () => {
    expect(hostRefusal("evil.example:3102", e)).toMatch(
      /does not answer to the host "evil\.example:3102".*APP_ORIGIN/,
    );
    expect(hostRefusal("localhost:3103", e)).not.toBeNull();
    expect(hostRefusal("localhost", e)).not.toBeNull();
    expect(hostRefusal(null, e)).toMatch(/without a Host/);
  });

  it("adds HOST and APP_ORIGIN's host", () => {
    const exposed = { PORT: 3000, HOST: "10.0.0.5", APP_ORIGIN: "https://iw.example.com" };
    expect(hostRefusal("10.0.0.5:3000", exposed)).toBeNull();
    expect(hostRefusal("iw.example.com", exposed)).toBeNull();
    expect(hostRefusal("iw.example.com:3000", exposed)).not.toBeNull();
    expect(allowedHosts({ PORT: 8080, HOST: "::", APP_ORIGIN: "http://iw.lan:8080" })).toContain("[::]:8080");
    expect(allowedHosts({ PORT: 8080, HOST: "::", APP_ORIGIN: "http://iw.lan:8080" })).toContain(
      "iw.lan:8080",
    );
  });
});

describe("contentSecurityPolicy", () => {
  it("allows scripts only with the nonce, never inline or eval in production, and no framing", () => {
    const policy = contentSecurityPolicy("abc123");
    const scriptSrc = policy.split("; ").find((d) => d.startsWith("script-src")) ?? "";
    expect(scriptSrc).toContain("'nonce-abc123'");
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(scriptSrc).not.toContain("unsafe-eval");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(contentSecurityPolicy("abc123", true)).toContain("'unsafe-eval'");
  });
});
