import type { WeekChange } from "./rollup";

export type WeeklySortKey = "name" | "table" | "thisWeek" | "lastWeek" | "change" | "trend";

export interface WeeklyFilter {
  /** Substring of the index name, case-insensitive. */
  q?: string;
  /** "schema.table". */
  table?: string;
  trend?: WeekChange["trend"];
  sort?: WeeklySortKey;
  desc?: boolean;
  offset?: number;
  limit?: number;
}

type Row = WeekChange & { schema: string; table: string; name: string };

function compare(sort: WeeklySortKey): (a: Row, b: Row) => number {
  switch (sort) {
    case "name":
      return (a, b) => a.name.localeCompare(b.name);
    case "table":
      return (a, b) =>
        `${a.schema}.${a.table}`.localeCompare(`${b.schema}.${b.table}`) || a.name.localeCompare(b.name);
    case "trend":
      return (a, b) => a.trend.localeCompare(b.trend) || a.name.localeCompare(b.name);
    default:
      return (a, b) => a[sort] - b[sort] || a.name.localeCompare(b.name);
  }
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
  const desc = filter.desc ?? true;
  matching.sort((a, b) => (desc ? order(b, a) : order(a, b)));
  const offset = filter.offset ?? 0;
  return { rows: matching.slice(offset, offset + (filter.limit ?? 200)), matched: matching.length };
}
