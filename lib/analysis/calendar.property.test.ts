import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lastCompletedWeek, nextWeek, parseIsoWeek, previousWeek, weekOf } from "@/lib/digest/iso-week";
import { dayParam, instantParam } from "@/lib/http/params";
import {
  dayNumber,
  dayOfNumber,
  daysOfRange,
  EARLIEST_DAY,
  EARLIEST_YEAR,
  isDayInCalendar,
  LATEST_DAY,
  LATEST_YEAR,
  MAX_RANGE_DAYS,
} from "./calendar";
import { addDays, bucketCount, bucketStart, daysBetween, rangeOfWeeks, weekWindows } from "./rollup";

// Day numbers of 0000-01-01 and 9999-12-31: every day with a four-digit year.
const FIRST_FOUR_DIGIT = dayNumber("0000-01-01");
const LAST_FOUR_DIGIT = dayNumber("9999-12-31");
const CALENDAR = { min: dayNumber(EARLIEST_DAY), max: dayNumber(LATEST_DAY) };

/** Any day of years 0000..9999, the edges (year ends, leap days, the very first and last) weighted in. */
const anyDay = fc
  .oneof(
    fc.integer({ min: FIRST_FOUR_DIGIT, max: LAST_FOUR_DIGIT }),
    fc.constantFrom(
      FIRST_FOUR_DIGIT,
      LAST_FOUR_DIGIT,
      CALENDAR.min,
      CALENDAR.max,
      dayNumber("2000-02-29"),
      dayNumber("2024-02-29"),
      dayNumber("2100-02-28"),
      dayNumber("2020-12-31"),
      dayNumber("2021-01-01"),
    ),
  )
  .map(dayOfNumber);
/** A day the app accepts (2000-01-01 … 2199-12-31). */
const calendarDay = fc.integer(CALENDAR).map(dayOfNumber);
/** A day whose ISO week, and the weeks around it, still have four-digit years. */
const weekableDay = fc.integer({ min: FIRST_FOUR_DIGIT + 14, max: LAST_FOUR_DIGIT - 14 }).map(dayOfNumber);

describe("day numbers", () => {
  it("round-trip every four-digit day and keep its order", () => {
    fc.assert(
      fc.property(anyDay, anyDay, (a, b) => {
        expect(dayOfNumber(dayNumber(a))).toBe(a);
        expect(Math.sign(dayNumber(b) - dayNumber(a))).toBe(Math.sign(b.localeCompare(a)));
      }),
    );
  });

  it("refuse what is not a day, and days without a four-digit year", () => {
    for (const bad of [
      "2023-02-29",
      "2026-13-01",
      "2026-00-10",
      "2026-01-32",
      "+010000-01-01",
      "",
      "2026-1-1",
    ]) {
      expect(() => dayNumber(bad), bad).toThrow(RangeError);
    }
    expect(() => dayOfNumber(LAST_FOUR_DIGIT + 1)).toThrow(RangeError);
    expect(() => dayOfNumber(FIRST_FOUR_DIGIT - 1)).toThrow(RangeError);
    expect(() => dayOfNumber(0.5)).toThrow(RangeError);
    expect(() => dayOfNumber(Number.NaN)).toThrow(RangeError);
    expect(() => addDays("9999-12-31", 1)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        try {
          expect(dayOfNumber(dayNumber(text))).toBe(text);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
        }
      }),
    );
  });

  it("add and count days as inverses, monotonically", () => {
    fc.assert(
      fc.property(calendarDay, fc.integer({ min: -40_000, max: 40_000 }), (day, n) => {
        const later = addDays(day, n);
        expect(daysBetween(day, later)).toBe(n);
        expect(addDays(later, -n)).toBe(day);
        expect(Math.sign(later.localeCompare(day))).toBe(Math.sign(n));
      }),
    );
  });

  it("accept exactly the calendar 2000-01-01 … 2199-12-31", () => {
    expect(isDayInCalendar(EARLIEST_DAY) && isDayInCalendar(LATEST_DAY)).toBe(true);
    for (const out of ["1999-12-31", "2200-01-01", "0000-01-01", "9999-12-31", "2023-02-29"]) {
      expect(isDayInCalendar(out), out).toBe(false);
      expect(dayParam.safeParse(out).success, out).toBe(false);
    }
    fc.assert(
      fc.property(anyDay, (day) => {
        const inside = day >= EARLIEST_DAY && day <= LATEST_DAY;
        expect(isDayInCalendar(day)).toBe(inside);
        expect(dayParam.safeParse(day).success).toBe(inside);
      }),
    );
  });
});

describe("ranges of days", () => {
  it("spell out every day once, in order, as many as the arithmetic says", () => {
    fc.assert(
      fc.property(calendarDay, fc.integer({ min: -3, max: 800 }), (from, span) => {
        const to = addDays(from, span);
        if (to > LATEST_DAY) return;
        const days = daysOfRange(from, to);
        expect(days).toHaveLength(Math.max(0, span + 1));
        for (let k = 1; k < days.length; k++)
          expect(daysBetween(days[k - 1] as string, days[k] as string)).toBe(1);
        if (days.length > 0) expect([days[0], days.at(-1)]).toEqual([from, to]);
      }),
    );
  });

  it("end at the last four-digit day instead of running on (the 9999-12-31 hang)", () => {
    expect(daysOfRange("9999-12-25", "9999-12-31")).toHaveLength(7);
    expect(weekWindows("9999-12-25", "9999-12-31").days.at(-1)).toBe("9999-12-31");
    expect(daysOfRange(EARLIEST_DAY, LATEST_DAY)).toHaveLength(MAX_RANGE_DAYS);
    expect(() => daysOfRange("0000-01-01", "9999-12-31")).toThrow(RangeError);
  });

  it("give week windows of whole weeks ending on the last day", () => {
    fc.assert(
      fc.property(calendarDay, fc.integer({ min: 2, max: 104 }), (to, weeks) => {
        const range = rangeOfWeeks(to, weeks);
        const w = weekWindows(range.from, range.to);
        expect(w.days).toHaveLength(7 * weeks);
        expect(w.thisWeek).toEqual({ from: addDays(to, -6), to });
        expect(daysBetween(w.lastWeek.to, w.thisWeek.from)).toBe(1);
      }),
    );
  });
});

describe("ISO weeks", () => {
  it("hold their day: Monday to Sunday, named after their Thursday's year", () => {
    fc.assert(
      fc.property(weekableDay, (day) => {
        const week = weekOf(day);
        expect(daysBetween(week.from, week.to)).toBe(6);
        expect(week.from <= day && day <= week.to).toBe(true);
        expect(new Date(`${week.from}T00:00:00Z`).getUTCDay()).toBe(1);
        expect(week.week.slice(0, 4)).toBe(addDays(week.from, 3).slice(0, 4));
        expect(weekOf(week.from)).toEqual(week);
        expect(weekOf(week.to)).toEqual(week);
      }),
    );
  });

  it("step forward and back as inverses, monotonically, across year ends and week 53", () => {
    fc.assert(
      fc.property(weekableDay, (day) => {
        const week = weekOf(day);
        const next = nextWeek(week);
        expect(daysBetween(week.from, next.from)).toBe(7);
        expect(next.week > week.week).toBe(true);
        expect(previousWeek(next)).toEqual(week);
        expect(lastCompletedWeek(day)).toEqual(previousWeek(week));
      }),
    );
    expect(nextWeek(weekOf("2020-12-28")).week).toBe("2021-W01");
    expect(previousWeek(weekOf("2021-01-04")).week).toBe("2020-W53");
  });

  it("parse back what they print, exactly for the years of the calendar", () => {
    fc.assert(
      fc.property(weekableDay, (day) => {
        const week = weekOf(day);
        const year = Number(week.week.slice(0, 4));
        const inside = year >= EARLIEST_YEAR && year <= LATEST_YEAR;
        expect(parseIsoWeek(week.week)).toEqual(inside ? week : null);
      }),
    );
    for (const out of ["0000-W01", "0001-W01", "9999-W52", "1999-W52", "2200-W01", "2025-W53", "2026-W54"]) {
      expect(parseIsoWeek(out), out).toBeNull();
    }
    expect(parseIsoWeek(`${EARLIEST_YEAR}-W01`)?.from).toBe("2000-01-03");
    expect(parseIsoWeek(`${LATEST_YEAR}-W52`)?.to).toBe("2199-12-29");
  });

  it("refuse any other text without throwing", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^\d{4}-W\d{2}$/)), (text) => {
        const week = parseIsoWeek(text);
        if (week) expect(weekOf(week.from).week).toBe(text);
      }),
    );
  });
});

describe("instants and buckets", () => {
  const calendarInstant = fc.date({
    min: new Date(`${EARLIEST_DAY}T00:00:00Z`),
    max: new Date(`${LATEST_DAY}T23:59:59.999Z`),
    noInvalidDate: true,
  });

  it("accept instants of the calendar only", () => {
    fc.assert(
      fc.property(calendarInstant, (at) => {
        expect(instantParam.safeParse(at.toISOString()).success).toBe(true);
      }),
    );
    for (const out of [
      "1999-12-31T23:59:59Z",
      "2200-01-01T00:00:00Z",
      "0000-01-01",
      "9999-12-31T00:00:00Z",
    ]) {
      expect(instantParam.safeParse(out).success, out).toBe(false);
    }
  });

  it("start buckets at or before the instant, monotonically, and count them finitely", () => {
    fc.assert(
      fc.property(
        calendarInstant,
        calendarInstant,
        fc.constantFrom("hour", "day", "week" as const),
        (a, b, bucket) => {
          const [from, to] = a <= b ? [a, b] : [b, a];
          expect(bucketStart(from, bucket).getTime()).toBeLessThanOrEqual(from.getTime());
          expect(bucketStart(from, bucket).getTime()).toBeLessThanOrEqual(bucketStart(to, bucket).getTime());
          const count = bucketCount(from, to, bucket);
          expect(Number.isSafeInteger(count) && count >= 0).toBe(true);
        },
      ),
    );
  });
});
