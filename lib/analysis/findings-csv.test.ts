import { describe, expect, it } from "vitest";
import { anIndex, anObservation } from "@/test/fixtures/findings-fixture";
import { csvCell, findingsToCsv } from "./findings-csv";
import { findUnusedIndexes } from "./unused";

describe("CSV export", () => {
  it("quotes quotes, commas and line breaks", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell(12)).toBe("12");
    expect(csvCell(null)).toBe("");
  });

  it("neutralises cells a spreadsheet would run as a formula", () => {
    for (const text of ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx"])
      expect(csvCell(text).startsWith("'")).toBe(true);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-2)).toBe("-2");
  });

  it("writes one line per finding with its SQL", () => {
    const index = anIndex({ name: "=evil, name" });
    const { findings } = findUnusedIndexes({
      indexes: [index],
      foreignKeys: [],
      activity: new Map(),
      observation: anObservation(10, { [index.oid]: 0 }),
      minDays: 7,
    });
    const lines = findingsToCsv(findings).trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]?.startsWith("kind,schema,table,index,")).toBe(true);
    expect(lines[1]).toContain(`"'=evil, name"`);
    expect(lines[1]).toContain("DROP INDEX CONCURRENTLY");
  });
});
