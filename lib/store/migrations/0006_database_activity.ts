import type { Migration } from "./index";

/**
 * The sampler tells pg_stat_reset() (every counter of the database zeroed) from a single
 * table or index reset (both move stats_reset) by a database counter that fell. xact_commit
 * alone misses it when the database commits more between two polls than it had before the
 * reset (a young database, a long gap); the sum of its cumulative counters (commits,
 * rollbacks, blocks, tuples) grows far faster and falls just the same. The stored value keeps
 * meaning "this only falls on a zeroing", so an old xact_commit compares safely.
 */
export const databaseActivityMigration: Migration = {
  version: 6,
  name: "database activity counter",
  sql: "ALTER TABLE targets RENAME COLUMN db_xact_commit TO db_activity;",
};
