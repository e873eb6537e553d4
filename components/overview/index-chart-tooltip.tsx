import { formatBytes } from "@/components/format";
import { ScansFigure } from "@/components/indexes/scans-figure";
import type { IndexJson } from "@/lib/inventory/index-inventory";

/** Tooltip body for one index. Names are data: rendered as React text, never as HTML. */
export function IndexChartTooltip({ index }: { index: IndexJson | undefined }) {
  if (!index) return null;
  return (
    <div className="max-w-xs rounded-md border border-neutral-200 bg-white px-3 py-2 text-xs shadow-lg dark:border-neutral-700 dark:bg-neutral-900">
      <p className="break-all font-semibold text-neutral-900 dark:text-neutral-50">{index.name}</p>
      <p className="break-all text-neutral-500 dark:text-neutral-400">
        on {index.schema}.{index.table}
      </p>
      <dl className="mt-1.5 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 tabular-nums">
        <dt className="text-neutral-500 dark:text-neutral-400">Size</dt>
        <dd className="text-right text-neutral-900 dark:text-neutral-100">{formatBytes(index.sizeBytes)}</dd>
        <dt className="text-neutral-500 dark:text-neutral-400">Scans</dt>
        <dd className="text-right text-neutral-900 dark:text-neutral-100">
          <ScansFigure index={index} />
        </dd>
        <dt className="text-neutral-500 dark:text-neutral-400">Table size</dt>
        <dd className="text-right text-neutral-900 dark:text-neutral-100">
          {formatBytes(index.tableSizeBytes)}
        </dd>
      </dl>
      <p className="mt-1.5 text-neutral-400 dark:text-neutral-500">Click to open</p>
    </div>
  );
}
