import type { ActionJson, ActionKind, ActionStatus } from "@/lib/actions/types";

export const KIND_LABELS: Record<ActionKind, string> = {
  reindex_index: "REINDEX INDEX",
  reindex_table: "REINDEX TABLE",
  drop_index: "DROP INDEX",
  cleanup: "Clean-up",
  cleanup_table: "Clean-up of table",
};

export const STATUS_TONES: Record<ActionStatus, string> = {
  queued:
    "border-neutral-200 bg-neutral-50 text-neutral-700 dark:border-neutral-700 dark:bg-neutral-800 dark:text-neutral-200",
  running:
    "border-indigo-200 bg-indigo-50 text-indigo-800 dark:border-indigo-800 dark:bg-indigo-950 dark:text-indigo-200",
  succeeded:
    "border-emerald-200 bg-emerald-50 text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  failed: "border-red-200 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200",
  cancelled:
    "border-amber-200 bg-amber-50 text-amber-800 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200",
};

/** How far along, 0..1, from the counters of the current phase; null when the phase has none. */
export function progressFraction(
  a: Pick<ActionJson, "blocksDone" | "blocksTotal" | "tuplesDone" | "tuplesTotal">,
): number | null {
  if (a.blocksTotal && a.blocksTotal > 0) return Math.min(1, (a.blocksDone ?? 0) / a.blocksTotal);
  if (a.tuplesTotal && a.tuplesTotal > 0) return Math.min(1, (a.tuplesDone ?? 0) / a.tuplesTotal);
  return null;
}

export function objectName(a: Pick<ActionJson, "schema" | "table" | "index">): string {
  return a.index ? `${a.schema}.${a.index}` : `${a.schema}.${a.table}`;
}
