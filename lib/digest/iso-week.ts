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

const DAY_MS = 86_400_000;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The ISO week a day (YYYY-MM-DD, UTC) belongs to. */
export function weekOf(day: string): IsoWeek {
  const ms = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = ms - weekday * DAY_MS;
  const thursday = monday + 3 * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const firstThursdayOrdinal = Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY_MS);
  const number = Math.floor(firstThursdayOrdinal / 7) + 1;
  return {
    week: `${year}-W${String(number).padStart(2, "0")}`,
    from: isoDate(monday),
    to: isoDate(monday + 6 * DAY_MS),
  };
}

/** Parses "YYYY-Www"; null when it is not a week of that year (W53 exists only in long years). */
export function parseIsoWeek(text: string): IsoWeek | null {
  const match = ISO_WEEK_PATTERN.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const number = Number(match[2]);
  if (number < 1 || number > 53) return null;
  // January 4th is always in week 1.
  const week1 = weekOf(`${year}-01-04`);
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
