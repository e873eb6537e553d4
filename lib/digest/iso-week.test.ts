import { describe, expect, it } from "vitest";
import { lastCompletedWeek, nextWeek, parseIsoWeek, previousWeek, weekOf } from "./iso-week";

describe("ISO weeks", () => {
  it("puts days in the week of their Thursday's year", () => {
    expect(weekOf("2026-11-25")).toEqual({ week: "2026-W48", from: "2026-11-23", to: "2026-11-29" });
    expect(weekOf("2021-01-03").week).toBe("2020-W53");
    expect(weekOf("2024-12-30").week).toBe("2025-W01");
    expect(weekOf("2026-01-01")).toEqual({ week: "2026-W01", from: "2025-12-29", to: "2026-01-04" });
  });

  it("parses weeks and refuses the ones a year does not have", () => {
    expect(parseIsoWeek("2026-W48")).toEqual({ week: "2026-W48", from: "2026-11-23", to: "2026-11-29" });
    expect(parseIsoWeek("2020-W53")?.from).toBe("2020-12-28");
    expect(parseIsoWeek("2025-W53")).toBeNull();
    expect(parseIsoWeek("2026-W53")?.to).toBe("2027-01-03");
    expect(parseIsoWeek("2026-W00")).toBeNull();
    expect(parseIsoWeek("2026-48")).toBeNull();
  });

  it("steps across year ends, and reports the last finished week", () => {
    const w1 = parseIsoWeek("2026-W01");
    expect(w1 && previousWeek(w1).week).toBe("2025-W52");
    expect(w1 && nextWeek(previousWeek(w1)).week).toBe("2026-W01");
    expect(lastCompletedWeek("2026-11-23").week).toBe("2026-W47");
    expect(lastCompletedWeek("2026-11-29").week).toBe("2026-W47");
  });
});
