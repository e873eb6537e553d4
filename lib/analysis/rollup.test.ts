import { describe, expect, it } from "vitest";
import { bucketCount, bucketStart, rangeOfWeeks, weekChange, weekWindows } from "./rollup";

describe("week windows", () => {
  it("covers whole weeks ending on the last day, this week being its last seven days", () => {
    const range = rangeOfWeeks("2026-03-15", 8);
    expect(range.from).toBe("2026-01-19");
    const w = weekWindows(range.from, range.to);
    expect(w.days).toHaveLength(56);
    expect(w.thisWeek).toEqual({ from: "2026-03-09", to: "2026-03-15" });
    expect(w.lastWeek).toEqual({ from: "2026-03-02", to: "2026-03-08" });
  });
});

describe("weekChange", () => {
  it("calls an index used last week and not this week newly unused, and the reverse newly used", () => {
    expect(weekChange({ thisWeek: 0, lastWeek: 40 }).trend).toBe("newly_unused");
    expect(weekChange({ thisWeek: 5, lastWeek: 0 })).toMatchObject({
      trend: "newly_used",
      changeRatio: null,
    });
    expect(weekChange({ thisWeek: 0, lastWeek: 0 }).trend).toBe("unused");
  });
  it("gives the change and its ratio", () => {
    expect(weekChange({ thisWeek: 150, lastWeek: 100 })).toMatchObject({
      change: 50,
      changeRatio: 0.5,
      trend: "up",
    });
    expect(weekChange({ thisWeek: 102, lastWeek: 100 }).trend).toBe("flat");
    expect(weekChange({ thisWeek: 10, lastWeek: 100 }).trend).toBe("down");
  });
});

describe("buckets", () => {
  it("starts weeks on Monday (UTC) and counts buckets", () => {
    expect(bucketStart(new Date("2026-03-15T13:00:00Z"), "week").toISOString()).toBe(
      "2026-03-09T00:00:00.000Z",
    );
    expect(bucketStart(new Date("2026-03-15T13:45:10Z"), "hour").toISOString()).toBe(
      "2026-03-15T13:00:00.000Z",
    );
    expect(bucketCount(new Date("2026-03-01T00:00:00Z"), new Date("2026-03-08T00:00:00Z"), "day")).toBe(7);
    expect(bucketCount(new Date("2026-03-01T00:30:00Z"), new Date("2026-03-01T02:00:00Z"), "hour")).toBe(2);
  });
});
