import { describe, expect, it } from "vitest";
import { statementsAvailability } from "./statement-availability";

const base = { role: "indexwatch_monitor", database: "app", schema: "public", readsAll: true };

describe("statementsAvailability", () => {
  it("is available with no note for a role that reads every statement", () => {
    expect(statementsAvailability(base)).toEqual({ available: true, reason: null });
  });
  it("says how to install the extension when it is missing from the database", () => {
    const out = statementsAvailability({ ...base, schema: null });
    expect(out.available).toBe(false);
    expect(out.reason).toContain("shared_preload_libraries");
    expect(out.reason).toContain('CREATE EXTENSION pg_stat_statements; in "app"');
  });
  it("says to preload the library when the server refuses to read it (55000)", () => {
    const out = statementsAvailability({ ...base, readError: { code: "55000", message: "must be loaded" } });
    expect(out).toMatchObject({ available: false });
    expect(out.reason).toMatch(/shared_preload_libraries .* restart/);
  });
  it("names the grant for a role that is refused or sees only its own statements", () => {
    expect(
      statementsAvailability({ ...base, readError: { code: "42501", message: "denied" } }).reason,
    ).toContain('GRANT pg_read_all_stats TO "indexwatch_monitor"');
    const partial = statementsAvailability({ ...base, readsAll: false });
    expect(partial.available).toBe(true);
    expect(partial.reason).toContain('GRANT pg_read_all_stats TO "indexwatch_monitor"');
  });
});
