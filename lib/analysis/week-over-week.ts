import { addDays, changeRatioOf, compareText, type WeekChange } from "./rollup";

/**
 * Honest week over week: the last seven complete days against the seven before, each
 * weighed by how much of it was observed. A day the sampler did not watch is "not
 * observed", never "no scans": an index is newly used only when the week before was
 * watched (for at least a day) and showed no scans.
 */

const DAY_MS = 86_400_000;

/** An index needs at least this many observed days in a week before that week can say "no scans". */
export const MIN_OBSERVED_DAYS = 1;

export type WeekTrend = WeekChange["trend"] | "not_observed";

/** A time span in epoch milliseconds, start included, end excluded. */
export interface Span {
  from: number;
  to: number;
}

export interface ComparedWindows {
  thisWeek: { from: string; to: string };
  lastWeek: { from: string; to: string };
  /** The range's last day when it is today: partial, shown apart, never compared. */
  partialDay: string | null;
}

/**
 * The two compared weeks of a range ending on `to`: when `to` is today (or later) the
 * weeks end yesterday, the last complete day, and today is shown apart.
 */
export function comparedWindows(to: string, today: string): ComparedWindows {
  const lastComplete = to >= today ? addDays(today, -1) : to;
  return {
    thisWeek: { from: addDays(lastComplete, -6), to: lastComplete },
    lastWeek: { from: addDays(lastComplete, -13), to: addDays(lastComplete, -7) },
    partialDay: to >= today ? today : null,
  };
}

/** Merges overlapping spans and takes the gaps out of them. */
export function observedSpans(watched: readonly Span[], gaps: readonly Span[]): Span[] {
  const sorted = watched.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const merged: Span[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else merged.push({ ...s });
  }
  let result = merged;
  for (const gap of gaps) {
    if (gap.to <= gap.from) continue;
    result = result.flatMap((s) => {
      if (gap.to <= s.from || gap.from >= s.to) return [s];
      const parts: Span[] = [];
      if (gap.from > s.from) parts.push({ from: s.from, to: gap.from });
      if (gap.to < s.to) parts.push({ from: gap.to, to: s.to });
      return parts;
    });
  }
  return result;
}

/** How many days of [from, to] (whole UTC days, both included) the spans cover, from `since` on. */
export function observedDays(spans: readonly Span[], from: string, to: string, since = 0): number {
  const start = Math.max(Date.parse(`${from}T00:00:00Z`), since);
  const end = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
  let covered = 0;
  for (const s of spans) covered += Math.max(0, Math.min(s.to, end) - Math.max(s.from, start));
  return covered / DAY_MS;
}

export interface ObservedWeekTotals {
  thisWeek: number;
  lastWeek: number;
  /** Days of each week observed (0 to 7, fractions for partly watched days). */
  observedThisWeek: number;
  observedLastWeek: number;
}

export interface ObservedWeekChange extends Omit<WeekChange, "trend">, ObservedWeekTotals {
  trend: WeekTrend;
}

/**
 * Compares two weeks as scans per observed day, so that a week watched for three days is not
 * "down" against one watched for seven. `change` stays the raw difference of the totals.
 */
export function compareObservedWeeks(t: ObservedWeekTotals): ObservedWeekChange {
  return {
    thisWeek: t.thisWeek,
    lastWeek: t.lastWeek,
    observedThisWeek: t.observedThisWeek,
    observedLastWeek: t.observedLastWeek,
    change: t.thisWeek - t.lastWeek,
    changeRatio: observedChangeRatio(t),
    trend: observedTrend(t),
  };
}

function comparable(t: ObservedWeekTotals): boolean {
  return t.observedThisWeek >= MIN_OBSERVED_DAYS && t.observedLastWeek >= MIN_OBSERVED_DAYS;
}

/** Scans per observed day; equally watched weeks compare their totals as they are (no rounding). */
function thisRate(t: ObservedWeekTotals): number {
  return t.observedThisWeek === t.observedLastWeek ? t.thisWeek : t.thisWeek / t.observedThisWeek;
}

function lastRate(t: ObservedWeekTotals): number {
  return t.observedThisWeek === t.observedLastWeek ? t.lastWeek : t.lastWeek / t.observedLastWeek;
}

/** Relative change of scans per observed day; null when a week was not observed or had none. */
export function observedChangeRatio(t: ObservedWeekTotals): number | null {
  return comparable(t) ? changeRatioOf(thisRate(t), lastRate(t)) : null;
}

export function observedTrend(t: ObservedWeekTotals): WeekTrend {
  return comparable(t) ? rateTrend(thisRate(t), lastRate(t)) : "not_observed";
}

function rateTrend(thisRate: number, lastRate: number): WeekChange["trend"] {
  if (lastRate > 0 && thisRate === 0) return "newly_unused";
  if (lastRate === 0 && thisRate > 0) return "newly_used";
  if (lastRate === 0 && thisRate === 0) return "unused";
  if (Math.abs((thisRate - lastRate) / lastRate) < 0.05) return "flat";
  return thisRate > lastRate ? "up" : "down";
}

export interface ObservedTableRollup extends ObservedWeekChange {
  schema: string;
  table: string;
  indexCount: number;
  unusedIndexes: number;
}

/**
 * Sums per table, busiest first. A table's week counts as observed as far as its best
 * watched index was (an index added on Wednesday does not make its table's week partial).
 */
export function rollupTablesObserved(
  indexes: ReadonlyArray<{ schema: string; table: string } & ObservedWeekTotals>,
): ObservedTableRollup[] {
  type Sums = { schema: string; table: string; indexCount: number; unused: number } & ObservedWeekTotals;
  // Schema, then table: no key string built per index (50,000 of them on a large catalog).
  const schemas = new Map<string, Map<string, Sums>>();
  const all: Sums[] = [];
  for (const index of indexes) {
    let tables = schemas.get(index.schema);
    if (!tables) {
      tables = new Map();
      schemas.set(index.schema, tables);
    }
    let row = tables.get(index.table);
    if (!row) {
      row = {
        schema: index.schema,
        table: index.table,
        indexCount: 0,
        unused: 0,
        thisWeek: 0,
        lastWeek: 0,
        observedThisWeek: 0,
        observedLastWeek: 0,
      };
      tables.set(index.table, row);
      all.push(row);
    }
    row.indexCount += 1;
    if (index.thisWeek === 0) row.unused += 1;
    row.thisWeek += index.thisWeek;
    row.lastWeek += index.lastWeek;
    row.observedThisWeek = Math.max(row.observedThisWeek, index.observedThisWeek);
    row.observedLastWeek = Math.max(row.observedLastWeek, index.observedLastWeek);
  }
  return all
    .map((row) => ({
      schema: row.schema,
      table: row.table,
      indexCount: row.indexCount,
      unusedIndexes: row.unused,
      ...compareObservedWeeks(row),
    }))
    .sort(
      (a, b) => b.thisWeek - a.thisWeek || compareText(a.schema, b.schema) || compareText(a.table, b.table),
    );
}

/** The page of the per-table list the browser asked for: names containing `q`, busiest first. */
export function selectTables<T extends { schema: string; table: string }>(
  tables: readonly T[],
  filter: { q?: string; offset?: number; limit?: number },
): { rows: T[]; matched: number } {
  const q = filter.q?.toLowerCase();
  const matching = q ? tables.filter((t) => `${t.schema}.${t.table}`.toLowerCase().includes(q)) : tables;
  const offset = filter.offset ?? 0;
  return { rows: matching.slice(offset, offset + (filter.limit ?? 50)), matched: matching.length };
}
