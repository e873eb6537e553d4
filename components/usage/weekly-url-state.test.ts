import { describe, expect, it } from "vitest";
import { readWeeklyState, writeWeeklyState } from "./weekly-url-state";

describe("weekly URL state", () => {
  it("round-trips a bookmarked view", () => {
    const url = new URLSearchParams(
      "from=2026-01-05&to=2026-02-01&q=status&table=public.orders&trend=newly_unused&sort=change.asc",
    );
    const state = readWeeklyState(url);
    expect(state).toMatchObject({
      from: "2026-01-05",
      to: "2026-02-01",
      q: "status",
      table: "public.orders",
      trend: "newly_unused",
    });
    expect(state.sorting).toEqual([{ id: "change", desc: false }]);
    expect(writeWeeklyState(state).toString()).toBe(url.toString());
  });
  it("falls back to eight weeks, busiest first, on junk", () => {
    const state = readWeeklyState(new URLSearchParams("weeks=abc&from=2026-02-01&to=2026-01-01&trend=nope"));
    expect(state.weeks).toBe(8);
    expect(state.from).toBeUndefined();
    expect(state.trend).toBe("all");
    expect(state.rangeError).toBe("from (2026-02-01) is after to (2026-01-01)");
    expect(writeWeeklyState(state).toString()).toBe("");
  });
  it("says why a link's range cannot be used", () => {
    const problem = (query: string) => readWeeklyState(new URLSearchParams(query)).rangeError;
    expect(problem("from=2026-02-30&to=2026-03-01")).toBe('"2026-02-30" is not a date (YYYY-MM-DD)');
    expect(problem("from=yesterday&to=2026-03-01")).toBe('"yesterday" is not a date (YYYY-MM-DD)');
    expect(problem("from=2026-02-01")).toBe("a range needs both from and to");
    expect(problem("weeks=500")).toBe('"500" is not a number of weeks from 1 to 104');
    expect(problem("from=2026-02-01&to=2026-02-01")).toBeUndefined();
    expect(problem("")).toBeUndefined();
  });
  it("keeps the default order for an unknown sort column", () => {
    expect(readWeeklyState(new URLSearchParams("sort=size.asc")).sorting).toEqual([
      { id: "thisWeek", desc: true },
    ]);
  });
});
