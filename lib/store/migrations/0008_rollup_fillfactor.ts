import type { Migration } from "./index";

/**
 * An index used all hour has its hourly row (and its daily row) rewritten on every poll that
 * saw it move, with only the counters changing. Pages filled to the brim sent most of those
 * updates through both of each table's indexes (the key and the time index that retention
 * deletes by); room on the page keeps them heap-only. Costs about a third more space for
 * the roll-ups, which hold one row per used index per hour or day.
 */
export const rollupFillfactorMigration: Migration = {
  version: 8,
  name: "room for in-place roll-up updates",
  sql: `ALTER TABLE usage_hourly SET (fillfactor = 75);
        ALTER TABLE usage_daily SET (fillfactor = 75);
        ALTER TABLE usage_target_daily SET (fillfactor = 75);`,
};
