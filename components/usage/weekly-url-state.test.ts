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
    expect(writeWeeklyState(state).toString()).toBe("");
  });
});
