import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { spanOf } from "./span-text";

// Every window the pages state ("1 hour observed", "56 days of simulated history") comes
// from here: its number and its noun must agree, for any length, edges included.

describe("spanOf", () => {
  it("says hours under a day and whole days from one day on, singular only for 1", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100_000, noNaN: true }), (days) => {
        const text = spanOf(days);
        const match = /^(\d+(?:\.\d)?) (hour|hours|day|days)$/.exec(text);
        expect(match, text).not.toBeNull();
        const [, amount = "", unit = ""] = match ?? [];
        expect(unit.startsWith(days < 1 ? "hour" : "day"), text).toBe(true);
        expect(unit.endsWith("s"), text).toBe(Number(amount) !== 1);
        if (days >= 1) expect(Number(amount)).toBe(Math.floor(days));
        else expect(Math.abs(Number(amount) - days * 24)).toBeLessThanOrEqual(0.05 + 1e-9);
      }),
    );
  });

  it("reads the edges a new demo meets", () => {
    expect(spanOf(1 / 24)).toBe("1 hour");
    expect(spanOf(0)).toBe("0 hours");
    expect(spanOf(2.5 / 24)).toBe("2.5 hours");
    expect(spanOf(1)).toBe("1 day");
    expect(spanOf(56.9)).toBe("56 days");
  });
});
