import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDateTimeWithZone, formatWindow, humanPieces, sqlTokens } from "./format";

describe("sqlTokens", () => {
  it("keeps a quoted identifier whole, spaces and doubled quotes included", () => {
    const sql = `DROP INDEX CONCURRENTLY "Odd Schema"."it's a ""Quoted"" Index"`;
    const tokens = sqlTokens(sql);
    expect(tokens).toContain(`"Odd Schema"`);
    expect(tokens).toContain(`"it's a ""Quoted"" Index"`);
    expect(tokens.join("")).toBe(sql);
  });

  it("gives every statement back unchanged", () => {
    fc.assert(
      fc.property(fc.string(), (sql) => {
        expect(sqlTokens(sql).join("")).toBe(sql);
      }),
    );
  });
});

describe("humanPieces", () => {
  it("finds timestamps and byte counts in evidence text", () => {
    expect(humanPieces("no scans in 9 days of observation, since 2026-11-28T10:00:00.000Z")).toEqual([
      { text: "no scans in 9 days of observation, since " },
      { at: "2026-11-28T10:00:00.000Z" },
    ]);
    expect(humanPieces("from 1048576 bytes to about 2048 bytes")).toEqual([
      { text: "from " },
      { bytes: 1048576 },
      { text: " to about " },
      { bytes: 2048 },
    ]);
  });
});

describe("formatDateTimeWithZone", () => {
  it("says the zone", () => {
    expect(formatDateTimeWithZone("2026-11-28T10:00:00.000Z")).toMatch(/^2026-11-2\d \d\d:\d\d:00 \S+/);
    expect(formatDateTimeWithZone("nonsense")).toBe("—");
  });
});

describe("formatWindow", () => {
  const DAY = 86_400_000;
  const start = Date.parse("2026-01-01T00:00:00.000Z");
  const span = (ms: number) =>
    formatWindow(new Date(start).toISOString(), new Date(start + ms).toISOString());

  it("says whole days from one day on, and seconds, minutes or hours below: never '0 days'", () => {
    // The index page said "(0 days, server start)" for a server started minutes ago.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 * 365 * DAY }), (ms) => {
        const text = span(ms);
        expect(text).toMatch(/^(\d+ s|\d+ min|\d+ h|[\d,]+ days?)$/);
        expect(text).not.toMatch(/^0 day/);
        if (ms >= DAY) expect(Number(text.split(" ")[0]?.replaceAll(",", ""))).toBe(Math.floor(ms / DAY));
        else expect(text).not.toMatch(/day/);
      }),
    );
  });

  it("reads the edges", () => {
    expect(span(54_000)).toBe("54 s");
    expect(span(DAY - 1)).toBe("23 h");
    expect(span(DAY)).toBe("1 day");
    expect(formatWindow("not a date", "2026-01-01T00:00:00Z")).toBe("—");
  });
});
