import { formatCount } from "@/components/format";
import type { TableRollup } from "@/lib/analysis/rollup";
import { formatChange, TrendBadge } from "./trend-badge";

/** Scans per table (all its indexes), this week against last week. */
export function TableRollupTable({ tables }: { tables: TableRollup[] }) {
  return (
    <section
      data-testid="weekly-table-rollup"
      className="rounded-lg border border-neutral-200 bg-white p-4 dark:border-neutral-800 dark:bg-neutral-900"
    >
      <h2 className="mb-2 text-sm font-semibold">Per table</h2>
      <div className="max-h-96 overflow-auto">
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
                className="border-b border-neutral-100 dark:border-neutral-800/60"
              >
                <td className="py-1 pr-3 font-mono">
                  {t.schema}.{t.table}
                </td>
                <td className="py-1 pr-3 text-right tabular-nums">{t.indexCount}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{t.unusedIndexes}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{formatCount(t.thisWeek)}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{formatCount(t.lastWeek)}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{formatChange(t)}</td>
                <td className="py-1">
                  <TrendBadge trend={t.trend} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
