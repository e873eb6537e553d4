import { describe, expect, it } from "vitest";
import {
  comparedWindows,
  compareObservedWeeks,
  observedDays,
  observedSpans,
  rollupTablesObserved,
  selectTables,
} from "./week-over-week";

const at = (iso: string) => Date.parse(iso);
const full = { observedThisWeek: 7, observedLastWeek: 7 };

describe("comparedWindows", () => {
  it("compares the seven complete days before today, today apart", () => {
    expect(comparedWindows("2026-12-07", "2026-12-07")).toEqual({
      thisWeek: { from: "2026-11-30", to: "2026-12-06" },
      lastWeek: { from: "2026-11-23", to: "2026-11-29" },
      partialDay: "2026-12-07",
    });
  });
  it("ends on the range's last day when that day is over", () => {
    expect(comparedWindows("2026-11-29", "2026-12-07")).toEqual({
      thisWeek: { from: "2026-11-23", to: "2026-11-29" },
      lastWeek: { from: "2026-11-16", to: "2026-11-22" },
      partialDay: null,
    });
  });
  it("treats a range ending in the future as ending today", () => {
    expect(comparedWindows("2026-12-20", "2026-12-07").thisWeek.to).toBe("2026-12-06");
  });
});

describe("observedSpans and observedDays", () => {
  it("counts a day watched from noon as half a day, and leaves out gaps", () => {
    const spans = observedSpans(
      [{ from: at("2026-12-01T12:00:00Z"), to: at("2026-12-04T00:00:00Z") }],
      [{ from: at("2026-12-02T00:00:00Z"), to: at("2026-12-02T06:00:00Z") }],
    );
    expect(observedDays(spans, "2026-12-01", "2026-12-01")).toBe(0.5);
    expect(observedDays(spans, "2026-12-02", "2026-12-02")).toBe(0.75);
    expect(observedDays(spans, "2026-11-25", "2026-12-03")).toBe(2.25);
    expect(observedDays(spans, "2026-12-04", "2026-12-10")).toBe(0);
  });
  it("does not count twice where the simulated history and real polls overlap", () => {
    const spans = observedSpans(
      [
        { from: at("2026-11-01T00:00:00Z"), to: at("2026-12-01T00:00:00Z") },
        { from: at("2026-11-30T10:00:00Z"), to: at("2026-12-02T00:00:00Z") },
      ],
      [],
    );
    expect(spans).toHaveLength(1);
    expect(observedDays(spans, "2026-11-30", "2026-12-01")).toBe(2);
  });
  it("starts an index added later at its first sighting", () => {
    const spans = [{ from: at("2026-11-01T00:00:00Z"), to: at("2026-12-08T00:00:00Z") }];
    expect(observedDays(spans, "2026-11-30", "2026-12-06", at("2026-12-05T00:00:00Z"))).toBe(2);
  });
  it("takes out an unreachable period that is still open", () => {
    const spans = observedSpans(
      [{ from: at("2026-11-01T00:00:00Z"), to: at("2026-12-07T00:00:00Z") }],
      [{ from: at("2026-12-03T00:00:00Z"), to: at("2026-12-07T00:00:00Z") }],
    );
    expect(observedDays(spans, "2026-11-30", "2026-12-06")).toBe(3);
  });
});

describe("compareObservedWeeks", () => {
  it("calls an index newly used only when the week before was observed", () => {
    expect(compareObservedWeeks({ thisWeek: 50, lastWeek: 0, ...full }).trend).toBe("newly_used");
    expect(
      compareObservedWeeks({ thisWeek: 50, lastWeek: 0, observedThisWeek: 7, observedLastWeek: 0 }).trend,
    ).toBe("not_observed");
    // A few minutes of watching are not a week without scans.
    expect(
      compareObservedWeeks({ thisWeek: 50, lastWeek: 0, observedThisWeek: 7, observedLastWeek: 0.1 }).trend,
    ).toBe("not_observed");
    expect(
      compareObservedWeeks({ thisWeek: 50, lastWeek: 0, observedThisWeek: 7, observedLastWeek: 2 }).trend,
    ).toBe("newly_used");
  });
  it("calls an index newly unused only when this week was observed", () => {
    expect(compareObservedWeeks({ thisWeek: 0, lastWeek: 9, ...full }).trend).toBe("newly_unused");
    expect(
      compareObservedWeeks({ thisWeek: 0, lastWeek: 9, observedThisWeek: 0, observedLastWeek: 7 }).trend,
    ).toBe("not_observed");
  });
  it("compares scans per observed day, so a partly watched week is not 'down'", () => {
    // Three observed days at the same daily rate as seven.
    const partial = compareObservedWeeks({
      thisWeek: 300,
      lastWeek: 700,
      observedThisWeek: 3,
      observedLastWeek: 7,
    });
    expect(partial).toMatchObject({ trend: "flat", change: -400, changeRatio: 0 });
    const down = compareObservedWeeks({ thisWeek: 600, lastWeek: 700, ...full });
    expect(down.trend).toBe("down");
    expect(down.changeRatio).toBeCloseTo(-1 / 7);
  });
  it("after a counter reset the summed deltas still compare (no negative usage)", () => {
    // The sampler turns a reset into a new segment; the week's sum is what was scanned.
    const r = compareObservedWeeks({ thisWeek: 120, lastWeek: 100, ...full });
    expect(r).toMatchObject({ trend: "up", change: 20, changeRatio: 0.2 });
  });
  it("keeps 'unused' for two observed weeks without scans", () => {
    expect(compareObservedWeeks({ thisWeek: 0, lastWeek: 0, ...full }).trend).toBe("unused");
  });
});

describe("rollupTablesObserved and selectTables", () => {
  const row = (table: string, thisWeek: number, lastWeek: number, observedLastWeek = 7) => ({
    schema: "public",
    table,
    thisWeek,
    lastWeek,
    observedThisWeek: 7,
    observedLastWeek,
  });
  it("sums per table, observed as far as its best watched index", () => {
    const tables = rollupTablesObserved([row("a", 10, 0, 0), row("a", 5, 5), row("b", 0, 0)]);
    expect(tables[0]).toMatchObject({ table: "a", thisWeek: 15, lastWeek: 5, indexCount: 2, trend: "up" });
    expect(tables[1]).toMatchObject({ table: "b", trend: "unused", unusedIndexes: 1 });
  });
  it("pages and filters the per-table list, with the count of matches", () => {
    const tables = Array.from({ length: 120 }, (_, k) => ({ schema: "s", table: `t${k}` }));
    expect(selectTables(tables, { q: "T1", limit: 5 })).toMatchObject({ matched: 31 });
    expect(selectTables(tables, { q: "T1", limit: 5 }).rows.map((t) => t.table)).toEqual([
      "t1",
      "t10",
      "t11",
      "t12",
      "t13",
    ]);
    expect(selectTables(tables, { offset: 100, limit: 50 }).rows).toHaveLength(20);
  });
});
