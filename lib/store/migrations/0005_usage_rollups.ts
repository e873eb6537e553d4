import type { Migration } from "./index";

/**
 * Scans per target and day (the Weekly page's overview chart): summing `usage_daily` over
 * every index of the target reads one row per index per day, 2.8M rows at 50k indexes and
 * eight weeks. Maintained in the same transaction as the daily rows it sums (history writer,
 * simulated history, retention); backfilled here from the daily rows already stored.
 */
export const usageRollupsMigration: Migration = {
  version: 5,
  name: "usage roll-ups per target",
  sql: `
    CREATE TABLE usage_target_daily (
      target_id text NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
      day date NOT NULL,
      scans bigint NOT NULL,
      simulated boolean NOT NULL DEFAULT false,
      PRIMARY KEY (target_id, day)
    );

    INSERT INTO usage_target_daily (target_id, day, scans, simulated)
    SELECT i.target_id, d.day, sum(d.scans), bool_or(d.simulated)
      FROM usage_daily d
      JOIN index_identity i ON i.id = d.identity_id
     GROUP BY i.target_id, d.day;
  `,
};
