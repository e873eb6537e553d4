import { dayNumber, dayOfNumber, EARLIEST_YEAR, LATEST_YEAR } from "@/lib/analysis/calendar";
import { addDays } from "@/lib/analysis/rollup";

/** An ISO-8601 week, "2026-W47": Monday to Sunday, the week holding the year's first Thursday is W01. */
export interface IsoWeek {
  week: string;
  /** Monday, YYYY-MM-DD (UTC). */
  from: string;
  /** Sunday, YYYY-MM-DD (UTC). */
  to: string;
}

export const ISO_WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

/** Monday 0 … Sunday 6 of a day number (1970-01-01, day 0, was a Thursday). */
const weekdayOf = (n: number) => (((n + 3) % 7) + 7) % 7;

/** The ISO week a day (YYYY-MM-DD, UTC) belongs to; a RangeError for a non-day. */
export function weekOf(day: string): IsoWeek {
  const monday = dayNumber(day) - weekdayOf(dayNumber(day));
  const thursday = monday + 3;
  const year = dayOfNumber(thursday).slice(0, 4);
  const number = Math.floor((thursday - dayNumber(`${year}-01-01`)) / 7) + 1;
  return {
    week: `${year}-W${String(number).padStart(2, "0")}`,
    from: dayOfNumber(monday),
    to: dayOfNumber(monday + 6),
  };
}

/**
 * Parses "YYYY-Www"; null when it is not a week of that year (W53 exists only in long years)
 * or the year is outside the calendar the app accepts (lib/analysis/calendar.ts).
 */
export function parseIsoWeek(text: string): IsoWeek | null {
  const match = ISO_WEEK_PATTERN.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const number = Number(match[2]);
  if (year < EARLIEST_YEAR || year > LATEST_YEAR || number < 1 || number > 53) return null;
  // January 4th is always in week 1.
  const week1 = weekOf(`${match[1]}-01-04`);
  const candidate = weekOf(addDays(week1.from, (number - 1) * 7));
  return candidate.week === text ? candidate : null;
}

export function previousWeek(week: IsoWeek): IsoWeek {
  return weekOf(addDays(week.from, -7));
}

export function nextWeek(week: IsoWeek): IsoWeek {
  return weekOf(addDays(week.from, 7));
}

/** The last week that has ended on `today`: what a Monday-morning digest reports. */
export function lastCompletedWeek(today: string): IsoWeek {
  return previousWeek(weekOf(today));
}
