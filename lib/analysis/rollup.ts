/**
 * Pure week-over-week arithmetic for the Weekly usage page: windows, changes, the indexes
 * that stopped or started being used, and per-table roll-ups. Days are UTC calendar days
 * written YYYY-MM-DD; "this week" is the seven days ending on the last day of the range.
 */

import { dayNumber, dayOfNumber, daysOfRange } from "./calendar";

export type Bucket = "hour" | "day" | "week";

const DAY_MS = 86_400_000;

/** The day `days` after `day` (before, when negative); a RangeError beyond year 9999 or for a non-day. */
export function addDays(day: string, days: number): string {
  return dayOfNumber(dayNumber(day) + days);
}

export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export interface WeekWindows {
  from: string;
  to: string;
  thisWeek: { from: string; to: string };
  lastWeek: { from: string; to: string };
  days: string[];
}

/** The range [from, to] and the two rolling weeks at its end. */
export function weekWindows(from: string, to: string): WeekWindows {
  // Counted, not compared: see lib/analysis/calendar.ts.
  const days = daysOfRange(from, to);
  return {
    from,
    to,
    thisWeek: { from: addDays(to, -6), to },
    lastWeek: { from: addDays(to, -13), to: addDays(to, -7) },
    days,
  };
}

/** `weeks` whole weeks ending on `to`. */
export function rangeOfWeeks(to: string, weeks: number): { from: string; to: string } {
  return { from: addDays(to, -(7 * weeks) + 1), to };
}

export interface WeekTotals {
  thisWeek: number;
  lastWeek: number;
}

export interface WeekChange extends WeekTotals {
  change: number;
  /** Relative change; null when last week had no scans (any change from zero is infinite). */
  changeRatio: number | null;
  trend: "newly_unused" | "newly_used" | "unused" | "up" | "down" | "flat";
}

export function weekChange({ thisWeek, lastWeek }: WeekTotals): WeekChange {
  const change = thisWeek - lastWeek;
  return {
    thisWeek,
    lastWeek,
    change,
    changeRatio: changeRatioOf(thisWeek, lastWeek),
    trend: weekTrend(thisWeek, lastWeek),
  };
}

export function changeRatioOf(thisWeek: number, lastWeek: number): number | null {
  return lastWeek > 0 ? (thisWeek - lastWeek) / lastWeek : null;
}

export function weekTrend(thisWeek: number, lastWeek: number): WeekChange["trend"] {
  if (lastWeek > 0 && thisWeek === 0) return "newly_unused";
  if (lastWeek === 0 && thisWeek > 0) return "newly_used";
  if (lastWeek === 0 && thisWeek === 0) return "unused";
  if (Math.abs((thisWeek - lastWeek) / lastWeek) < 0.05) return "flat";
  return thisWeek > lastWeek ? "up" : "down";
}

/** Compares names as people read them ("a" beside "B"); one collator, not one per call. */
export const compareText = new Intl.Collator("en").compare;

/** Start of the bucket that holds `t` (weeks start on Monday, UTC). */
export function bucketStart(t: Date, bucket: Bucket): Date {
  const d = new Date(t);
  if (bucket === "hour") {
    d.setUTCMinutes(0, 0, 0);
    return d;
  }
  d.setUTCHours(0, 0, 0, 0);
  if (bucket === "week") d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d;
}

export const BUCKET_MS: Record<Bucket, number> = { hour: 3_600_000, day: DAY_MS, week: 7 * DAY_MS };

/** How many buckets a range needs (so that a year in hours can be refused before any SQL). */
export function bucketCount(from: Date, to: Date, bucket: Bucket): number {
  const start = bucketStart(from, bucket).getTime();
  return Math.max(0, Math.ceil((to.getTime() - start) / BUCKET_MS[bucket]));
}
