import type { Migration } from "./index";

/**
 * Every poll rewrites the cumulative counters of each index that moved (index_identity's
 * last_* columns, none of them indexed). With free room on the page the new row version is a
 * heap-only tuple and none of the table's three indexes is touched; full pages sent every
 * such update through all three (bench/sampler-poll.ts: the store write was the part of a
 * poll over the raw query). The table has one row per index, so the room costs little.
 * Applies to pages written from now on.
 */
export const identityFillfactorMigration: Migration = {
  version: 7,
  name: "room for in-place counter updates",
  sql: "ALTER TABLE index_identity SET (fillfactor = 70);",
};
