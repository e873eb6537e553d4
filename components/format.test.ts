import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDateTimeWithZone, humanPieces, sqlTokens } from "./format";

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
