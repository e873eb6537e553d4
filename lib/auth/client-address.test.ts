import { describe, expect, it } from "vitest";
import { readEnv } from "@/lib/config/env";
import { clientAddressOf, PEER_ADDRESS_HEADER } from "./client-address";

const from = (headers: Record<string, string>) => new Request("http://localhost/api/v1/session", { headers });

describe("clientAddressOf", () => {
  it("uses the socket's peer and ignores X-Forwarded-For when no proxy is trusted", () => {
    const request = from({ [PEER_ADDRESS_HEADER]: "198.51.100.7", "x-forwarded-for": "10.9.9.9" });
    expect(clientAddressOf(request, 0)).toBe("198.51.100.7");
  });

  it("believes exactly as many hops as TRUST_PROXY says, counted from the right", () => {
    // client wrote "1.1.1.1"; the outer proxy saw 203.0.113.5, the inner one 10.0.0.2; the socket is the inner proxy.
    const request = from({
      [PEER_ADDRESS_HEADER]: "10.0.0.3",
      "x-forwarded-for": "1.1.1.1, 203.0.113.5, 10.0.0.2",
    });
    expect(clientAddressOf(request, 1)).toBe("10.0.0.2");
    expect(clientAddressOf(request, 2)).toBe("203.0.113.5");
    expect(clientAddressOf(request, 3)).toBe("1.1.1.1");
    // More hops trusted than there are: the leftmost, never something invented.
    expect(clientAddressOf(request, 9)).toBe("1.1.1.1");
  });

  it("says unknown, not a client-chosen value, when no peer address was recorded", () => {
    expect(clientAddressOf(from({ "x-forwarded-for": "10.9.9.9" }), 0)).toBe("unknown");
  });
});

describe("TRUST_PROXY and HOST", () => {
  it("default to no trusted proxy and loopback only, and refuse nonsense", () => {
    expect(readEnv({})).toMatchObject({ TRUST_PROXY: 0, HOST: "127.0.0.1" });
    expect(readEnv({ TRUST_PROXY: "2", HOST: "::" })).toMatchObject({ TRUST_PROXY: 2, HOST: "::" });
    expect(() => readEnv({ TRUST_PROXY: "-1" })).toThrow(/TRUST_PROXY/);
    expect(() => readEnv({ TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY/);
    expect(() => readEnv({ HOST: "evil.example/x" })).toThrow(/HOST/);
  });
});
