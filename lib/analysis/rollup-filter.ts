import { firstInOrder } from "./first-in-order";
import { compareText, type WeekChange } from "./rollup";
import type { WeekTrend } from "./week-over-week";

export type WeeklySortKey = "name" | "table" | "thisWeek" | "lastWeek" | "change" | "trend";

export interface WeeklyFilter {
  /** Substring of the index name, case-insensitive. */
  q?: string;
  /** "schema.table". */
  table?: string;
  trend?: WeekTrend;
  sort?: WeeklySortKey;
  desc?: boolean;
  offset?: number;
  limit?: number;
}

type Row = Omit<WeekChange, "trend"> & { trend: WeekTrend; schema: string; table: string; name: string };

function compare(sort: WeeklySortKey): (a: Row, b: Row) => number {
  switch (sort) {
    case "name":
      return (a, b) => compareText(a.name, b.name);
    case "table":
      return (a, b) =>
        compareText(a.schema, b.schema) || compareText(a.table, b.table) || compareText(a.name, b.name);
    case "trend":
      return (a, b) => compareText(a.trend, b.trend) || compareText(a.name, b.name);
    default:
      return (a, b) => a[sort] - b[sort] || compareText(a.name, b.name);
  }
}

/** Busiest this week first, then last week, then by name: the page's default order. */
export function byWeeklyDefaultOrder(a: Row, b: Row): number {
  return b.thisWeek - a.thisWeek || b.lastWeek - a.lastWeek || compareText(a.name, b.name);
}

/**
 * The page of the week-over-week table the browser asked for: filtered, sorted and cut on
 * the server, so that 50,000 indexes never travel to the browser at once.
 */
export function selectWeeklyRows<R extends Row>(
  rows: readonly R[],
  filter: WeeklyFilter,
): { rows: R[]; matched: number } {
  const q = filter.q?.toLowerCase();
  const matching = rows.filter(
    (r) =>
      (!q || r.name.toLowerCase().includes(q)) &&
      (!filter.table || `${r.schema}.${r.table}` === filter.table) &&
      (!filter.trend || r.trend === filter.trend),
  );
  const order = compare(filter.sort ?? "thisWeek");
  const inOrder = (filter.desc ?? true) ? (a: R, b: R) => order(b, a) : order;
  const offset = filter.offset ?? 0;
  const end = offset + (filter.limit ?? 200);
  return { rows: firstInOrder(matching, end, inOrder).slice(offset), matched: matching.length };
}
