import type { Migration } from "./index";

/**
 * Actions that end in the truth (issue 11):
 * - `skipped`: the indexes REINDEX TABLE CONCURRENTLY will pass over (exclusion constraints,
 *   invalid TOAST indexes), named when the action is planned, before anything runs;
 * - `index_oids_before`: the table's index OIDs before a REINDEX TABLE, so that an action whose
 *   process died can be told finished (new OIDs) from never run (the same ones);
 * - `leftovers_pending`: the action failed while its target was away, so the catalog could
 *   not be read for leftovers; the reconciler reads it when the target is back.
 */
export const actionsTruthMigration: Migration = {
  version: 9,
  name: "actions: skipped indexes, OIDs before, pending leftover check",
  sql: `
    ALTER TABLE actions_audit
      ADD COLUMN skipped jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN index_oids_before bigint[],
      ADD COLUMN leftovers_pending boolean NOT NULL DEFAULT false;
    CREATE INDEX actions_audit_unsettled ON actions_audit (target_id)
      WHERE status IN ('queued', 'running') OR leftovers_pending;
  `,
};
