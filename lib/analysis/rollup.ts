/**
 * Pure week-over-week arithmetic for the Weekly usage page: windows, changes, the indexes
 * that stopped or started being used, and per-table roll-ups. Days are UTC calendar days
 * written YYYY-MM-DD; "this week" is the seven days ending on the last day of the range.
 */

export type Bucket = "hour" | "day" | "week";

const DAY_MS = 86_400_000;

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
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
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
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

export function weekChange(totals: WeekTotals): WeekChange {
  const change = totals.thisWeek - totals.lastWeek;
  const changeRatio = totals.lastWeek > 0 ? change / totals.lastWeek : null;
  let trend: WeekChange["trend"];
  if (totals.lastWeek > 0 && totals.thisWeek === 0) trend = "newly_unused";
  else if (totals.lastWeek === 0 && totals.thisWeek > 0) trend = "newly_used";
  else if (totals.lastWeek === 0 && totals.thisWeek === 0) trend = "unused";
  else if (changeRatio !== null && Math.abs(changeRatio) < 0.05) trend = "flat";
  else trend = change > 0 ? "up" : "down";
  return { ...totals, change, changeRatio, trend };
}

export interface TableRollup extends WeekChange {
  schema: string;
  table: string;
  indexCount: number;
  unusedIndexes: number;
}

/** Sums per table, busiest first. */
export function rollupByTable(
  indexes: ReadonlyArray<{ schema: string; table: string } & WeekTotals>,
): TableRollup[] {
  const tables = new Map<
    string,
    { schema: string; table: string; indexCount: number; unused: number } & WeekTotals
  >();
  for (const index of indexes) {
    const key = `${index.schema}\u0000${index.table}`;
    const row = tables.get(key) ?? {
      schema: index.schema,
      table: index.table,
      indexCount: 0,
      unused: 0,
      thisWeek: 0,
      lastWeek: 0,
    };
    row.indexCount += 1;
    if (index.thisWeek === 0) row.unused += 1;
    row.thisWeek += index.thisWeek;
    row.lastWeek += index.lastWeek;
    tables.set(key, row);
  }
  return [...tables.values()]
    .map(({ unused, ...row }) => ({ ...row, ...weekChange(row), unusedIndexes: unused }))
    .sort(
      (a, b) => b.thisWeek - a.thisWeek || a.schema.localeCompare(b.schema) || a.table.localeCompare(b.table),
    );
}

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
