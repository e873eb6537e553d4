import { describe, expect, it } from "vitest";
import { ApiError, errorFromBody, NETWORK_ERROR_STATUS } from "./api";

describe("ApiError.isUnreachable", () => {
  it("is the target or the app gone, not a history store that is down or a busy target", () => {
    // With the store down and the target fine, the Actions page said "Target unreachable".
    const answer = (code: string) =>
      errorFromBody(503, "Service Unavailable", { error: { code, message: "…" } }).isUnreachable;
    expect(answer("target_unreachable")).toBe(true);
    expect(answer("database_unavailable")).toBe(true);
    expect(answer("store_unavailable")).toBe(false);
    expect(answer("target_busy")).toBe(false);
    expect(answer("lock_timeout")).toBe(false);
    expect(new ApiError(NETWORK_ERROR_STATUS, "network_error", "no answer").isUnreachable).toBe(true);
    expect(new ApiError(500, "target_unreachable", "a 500 is a bug, not an outage").isUnreachable).toBe(
      false,
    );
  });
});
