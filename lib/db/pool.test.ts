import { describe, expect, it } from "vitest";
import { isConnectionError } from "./pool";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("isConnectionError", () => {
  it("recognises a server that is not there or is shutting down", () => {
    expect(isConnectionError(withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"))).toBe(true);
    expect(isConnectionError(withCode("terminating connection due to administrator command", "57P01"))).toBe(
      true,
    );
    expect(isConnectionError(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionError(new Error("timeout exceeded when trying to connect"))).toBe(true);
  });

  it("does not mistake a failed query for an outage", () => {
    expect(isConnectionError(withCode('relation "x" does not exist', "42P01"))).toBe(false);
    expect(isConnectionError(withCode("canceling statement due to statement timeout", "57014"))).toBe(false);
    expect(isConnectionError("a string")).toBe(false);
  });
});
