/**
 * UTC calendar days as integers. Days are written YYYY-MM-DD at the edges (URLs, SQL, JSON)
 * but counted as whole days since 1970-01-01 in between, so that every loop over a range runs
 * a number of times computed before it starts, never until one formatted string passes
 * another (after 9999-12-31 comes "+010000-01-01", which sorts first).
 */

const DAY_MS = 86_400_000;

/**
 * The calendar the app accepts: its history starts long after 2000 and retention (at most
 * 100 years of daily roll-ups) ends long before 2200. Outside it, a request is a mistake.
 */
export const EARLIEST_DAY = "2000-01-01";
export const LATEST_DAY = "2199-12-31";
export const EARLIEST_YEAR = 2000;
export const LATEST_YEAR = 2199;

/** The longest range of days any pure function here will spell out (all of the accepted calendar). */
export const MAX_RANGE_DAYS = 73_049;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whole days since 1970-01-01 of a real YYYY-MM-DD day; a RangeError for anything else. */
export function dayNumber(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`not a YYYY-MM-DD day: ${JSON.stringify(day.slice(0, 40))}`);
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear does not.
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, date);
  if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== date) {
    throw new RangeError(`no such day: ${day}`);
  }
  return Math.round(at.getTime() / DAY_MS);
}

/** The YYYY-MM-DD day of a day number; a RangeError outside years 0000..9999 (no 4-digit spelling). */
export function dayOfNumber(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a whole day number: ${n}`);
  const at = new Date(n * DAY_MS);
  const year = at.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) throw new RangeError(`day number ${n} is outside years 0000..9999`);
  return `${String(year).padStart(4, "0")}-${String(at.getUTCMonth() + 1).padStart(2, "0")}-${String(at.getUTCDate()).padStart(2, "0")}`;
}

const EARLIEST_NUMBER = dayNumber(EARLIEST_DAY);
const LATEST_NUMBER = dayNumber(LATEST_DAY);

/** True for a real day within [EARLIEST_DAY, LATEST_DAY]. */
export function isDayInCalendar(day: string): boolean {
  try {
    const n = dayNumber(day);
    return n >= EARLIEST_NUMBER && n <= LATEST_NUMBER;
  } catch {
    return false;
  }
}

/** The instants the accepted calendar spans: [EARLIEST_DAY 00:00Z, the day after LATEST_DAY 00:00Z). */
export const EARLIEST_INSTANT_MS = EARLIEST_NUMBER * DAY_MS;
export const END_OF_CALENDAR_MS = (LATEST_NUMBER + 1) * DAY_MS;

/** Every day from `from` to `to`, both included (empty when `to` is before `from`). */
export function daysOfRange(from: string, to: string): string[] {
  const first = dayNumber(from);
  const count = dayNumber(to) - first + 1;
  if (count > MAX_RANGE_DAYS) throw new RangeError(`a range of ${count} days is longer than the calendar`);
  const days: string[] = [];
  for (let k = 0; k < count; k++) days.push(dayOfNumber(first + k));
  return days;
}
