import { formatCount, formatDateTimeWithZone } from "@/components/format";
import type { IndexJson } from "@/lib/inventory/index-inventory";

/**
 * The scans a person should read for an index: the server's counters, unless the index was
 * rebuilt within the statistics window (its counters started over at zero), then the
 * history's, which go on across the rebuild.
 */
export function scansShown(index: Pick<IndexJson, "scans" | "historyScans">): number | null {
  return index.historyScans ? index.historyScans.scans : index.scans;
}

export function historyScansTitle(index: Pick<IndexJson, "historyScans">): string {
  const h = index.historyScans;
  if (!h) return "";
  return `Rebuilt ${formatDateTimeWithZone(h.rebuiltAt)}: the server's counters started over at 0. ${formatCount(
    h.scans,
  )} scans observed by indexwatch's history since ${formatDateTimeWithZone(h.since)}, across the rebuild.`;
}

/** A scan count, labelled "history" (with why, on hover) when it comes from the history. */
export function ScansFigure({ index }: { index: Pick<IndexJson, "scans" | "historyScans"> }) {
  const scans = scansShown(index);
  const figure =
    scans === 0 ? (
      <span className="font-medium text-amber-700 dark:text-amber-400">0</span>
    ) : (
      <>{formatCount(scans)}</>
    );
  if (!index.historyScans) return figure;
  return (
    <span data-testid="scans-from-history" title={historyScansTitle(index)} className="whitespace-nowrap">
      {figure}{" "}
      <span className="rounded bg-sky-100 px-1 text-[10px] font-medium text-sky-800 dark:bg-sky-900/60 dark:text-sky-200">
        history
      </span>
    </span>
  );
}
