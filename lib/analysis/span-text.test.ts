import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { spanOf } from "./span-text";

// Every window the pages state ("1 hour observed", "56 days of simulated history") comes
// from here: its number and its noun must agree, for any length, edges included.

const UNIT_SECONDS = { second: 1, minute: 60, hour: 3_600, day: 86_400 } as const;

describe("spanOf", () => {
  it("says the largest unit the window fills, its number close to the length, singular only for 1", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100_000, noNaN: true }), (days) => {
        const text = spanOf(days);
        const match = /^(\d+(?:\.\d)?) (second|minute|hour|day)(s?)$/.exec(text);
        expect(match, text).not.toBeNull();
        const [, amount = "", unit = "", plural = ""] = match ?? [];
        const seconds = days * 86_400;
        const expected = seconds < 59.5 ? "second" : seconds < 3_570 ? "minute" : days < 1 ? "hour" : "day";
        expect(unit, text).toBe(expected);
        expect(plural === "s", text).toBe(Number(amount) !== 1);
        const inUnit = seconds / UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS];
        if (unit === "day") expect(Number(amount)).toBe(Math.floor(days));
        else
          expect(Math.abs(Number(amount) - inUnit), text).toBeLessThanOrEqual(
            (unit === "hour" ? 0.05 : 0.5) + 1e-9,
          );
      }),
    );
  });

  it("never says a zero in a larger unit: a window shorter than a minute is counted in seconds", () => {
    fc.assert(
      fc.property(fc.double({ min: 1 / 86_400, max: 100_000, noNaN: true }), (days) => {
        expect(spanOf(days)).not.toMatch(/^0 /);
      }),
    );
  });

  it("reads the edges a new demo meets", () => {
    expect(spanOf(0)).toBe("0 seconds");
    expect(spanOf(1 / 86_400)).toBe("1 second");
    expect(spanOf(38 / 86_400)).toBe("38 seconds");
    expect(spanOf(5 / 1_440)).toBe("5 minutes");
    expect(spanOf(59.7 / 1_440)).toBe("1 hour");
    expect(spanOf(1 / 24)).toBe("1 hour");
    expect(spanOf(2.5 / 24)).toBe("2.5 hours");
    expect(spanOf(1)).toBe("1 day");
    expect(spanOf(56.9)).toBe("56 days");
  });
});
