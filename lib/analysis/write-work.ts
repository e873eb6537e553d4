import type { TableActivity } from "./types";

/**
 * Rows whose writes touch every index of the table: inserts and updates that were not HOT
 * (a HOT update leaves the indexes alone). Deletes only mark heap tuples.
 */
export function indexWriteRows(activity: TableActivity | undefined): number | null {
  if (!activity) return null;
  return activity.inserts + Math.max(0, activity.updates - activity.hotUpdates);
}
