import { describe, expect, it } from "vitest";
import { scrapeAllowed } from "./scrape-auth";

describe("scrapeAllowed", () => {
  const token = "0123456789abcdef-token";
  it("lets everyone in when no token is configured", () => {
    expect(scrapeAllowed(null, undefined)).toBe(true);
  });
  it("wants exactly the configured bearer token", () => {
    expect(scrapeAllowed(`Bearer ${token}`, token)).toBe(true);
    expect(scrapeAllowed(`bearer ${token}`, token)).toBe(true);
    expect(scrapeAllowed(null, token)).toBe(false);
    expect(scrapeAllowed("Bearer ", token)).toBe(false);
    expect(scrapeAllowed(`Basic ${token}`, token)).toBe(false);
    expect(scrapeAllowed(`Bearer ${token.slice(0, -1)}`, token)).toBe(false);
    expect(scrapeAllowed(`Bearer ${token}0`, token)).toBe(false);
  });
});
