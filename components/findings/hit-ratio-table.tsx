import { formatCount } from "@/components/format";
import type { HitRatioRow } from "@/lib/analysis/hit-ratio";

function percent(ratio: number | null): string {
  return ratio === null ? "—" : `${(ratio * 100).toFixed(1)}%`;
}

/** Buffer hit ratio, worst first (pg_statio_*): what the seed's month-one review asks for. */
export function HitRatioTable({ rows, testId, what }: { rows: HitRatioRow[]; testId: string; what: string }) {
  return (
    <table data-testid={testId} className="w-full text-left text-sm">
      <thead className="text-xs uppercase tracking-wide text-neutral-500">
        <tr>
          <th className="py-1 pr-3 font-medium">{what}</th>
          <th className="py-1 pr-3 text-right font-medium">Hit ratio</th>
          <th className="py-1 pr-3 text-right font-medium">Blocks hit</th>
          <th className="py-1 text-right font-medium">Blocks read</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.oid}`} className="border-t border-neutral-100 dark:border-neutral-900">
            <td className="break-all py-1 pr-3">
              {row.name ?? `${row.schema}.${row.table}`}
              {row.name ? <span className="text-xs text-neutral-500"> on {row.table}</span> : null}
            </td>
            <td className="py-1 pr-3 text-right tabular-nums">{percent(row.ratio)}</td>
            <td className="py-1 pr-3 text-right tabular-nums">{formatCount(row.blocksHit)}</td>
            <td className="py-1 text-right tabular-nums">{formatCount(row.blocksRead)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
