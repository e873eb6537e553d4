import { formatCount } from "@/components/format";
import type { ObservedTableRollup } from "@/lib/analysis/week-over-week";
import { formatChange, TrendBadge } from "./trend-badge";

export interface TableRollupTableProps {
  /** The page the server sent: busiest first, filtered by `q`. */
  tables: ObservedTableRollup[];
  matched: number;
  total: number;
  q: string;
  onQChange: (q: string) => void;
  offset: number;
  pageSize: number;
  onOffsetChange: (offset: number) => void;
}

/** Scans per table (all its indexes), this week against last week: one page at a time, with a filter. */
export function TableRollupTable({
  tables,
  matched,
  total,
  q,
  onQChange,
  offset,
  pageSize,
  onOffsetChange,
}: TableRollupTableProps) {
  const pages = Math.max(1, Math.ceil(matched / pageSize));
  const page = Math.floor(offset / pageSize) + 1;
  return (
    <section
      data-testid="weekly-table-rollup"
      className="rounded-lg border border-neutral-200 bg-white p-4 dark:border-neutral-800 dark:bg-neutral-900"
    >
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">
          Per table{" "}
          <span className="font-normal text-neutral-500" data-testid="rollup-count">
            {formatCount(matched)} of {formatCount(total)} tables
          </span>
        </h2>
        <input
          data-testid="rollup-search"
          type="search"
          aria-label="Filter tables"
          placeholder="filter tables…"
          className="rounded-md border border-neutral-300 bg-white px-2 py-1 text-sm dark:border-neutral-700 dark:bg-neutral-900"
          value={q}
          onChange={(e) => onQChange(e.target.value)}
        />
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b border-neutral-200 text-left text-xs text-neutral-500 dark:border-neutral-800">
              <th className="py-1.5 pr-3">Table</th>
              <th className="py-1.5 pr-3 text-right">Indexes</th>
              <th className="py-1.5 pr-3 text-right">Unused this week</th>
              <th className="py-1.5 pr-3 text-right">This week</th>
              <th className="py-1.5 pr-3 text-right">Last week</th>
              <th className="py-1.5 pr-3 text-right">Change</th>
              <th className="py-1.5">Trend</th>
            </tr>
          </thead>
          <tbody>
            {tables.map((t) => (
              <tr
                key={`${t.schema}.${t.table}`}
                data-testid="rollup-row"
                className="border-b border-neutral-100 dark:border-neutral-800/60"
              >
                <td className="py-1 pr-3 font-mono break-all">
                  {t.schema}.{t.table}
                </td>
                <td className="py-1 pr-3 text-right tabular-nums">{formatCount(t.indexCount)}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{formatCount(t.unusedIndexes)}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{formatCount(t.thisWeek)}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{formatCount(t.lastWeek)}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{formatChange(t)}</td>
                <td className="py-1">
                  <TrendBadge trend={t.trend} observed={t} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {tables.length === 0 ? <p className="py-3 text-sm text-neutral-500">No table matches.</p> : null}
      {pages > 1 ? (
        <div className="mt-2 flex items-center gap-2 text-xs text-neutral-500" data-testid="rollup-pager">
          <button
            type="button"
            disabled={page <= 1}
            onClick={() => onOffsetChange(Math.max(0, offset - pageSize))}
          >
            ← Previous
          </button>
          <span>
            Page {formatCount(page)} of {formatCount(pages)}
          </span>
          <button type="button" disabled={page >= pages} onClick={() => onOffsetChange(offset + pageSize)}>
            Next →
          </button>
        </div>
      ) : null}
    </section>
  );
}
