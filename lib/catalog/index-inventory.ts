import { z } from "zod";
import { pgCount, pgOid } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";
import { hasLastIdxScan } from "./server-info";

const count = pgCount.nullable();

const indexInventoryRow = z.object({
  oid: pgOid,
  table_oid: pgOid,
  schema: z.string(),
  table: z.string(),
  name: z.string(),
  /** NULL when the table is locked: pg_get_indexdef itself takes a lock. */
  definition: z.string().nullable(),
  method: z.string(),
  size_bytes: count,
  table_size_bytes: count,
  size_skipped_locked: z.boolean(),
  scans: count,
  tuples_read: count,
  tuples_fetched: count,
  last_scan_at: z.date().nullable(),
  primary: z.boolean(),
  unique: z.boolean(),
  valid: z.boolean(),
  ready: z.boolean(),
  partial: z.boolean(),
  expression: z.boolean(),
  partitioned: z.boolean(),
  constraint_name: z.string().nullable(),
  constraint_type: z.enum(["p", "u", "x"]).nullable(),
});

export type IndexInventoryRow = z.infer<typeof indexInventoryRow>;

/**
 * Every user index of the connected database (all schemas but the system ones), with its
 * definition, sizes, counters and flags, in one round trip.
 *
 * Size functions and pg_get_indexdef take an ACCESS SHARE lock: a relation that someone
 * holds an ACCESS EXCLUSIVE lock on is neither sized nor described (we would queue behind
 * the lock), it is reported as skipped.
 */
export function listIndexInventory(db: Queryable, serverVersionNum: number): Promise<IndexInventoryRow[]> {
  const lastScan = hasLastIdxScan(serverVersionNum) ? "s.last_idx_scan" : "NULL::timestamptz";
  return queryRows(
    db,
    "index_inventory",
    `WITH locked AS (
       SELECT DISTINCT l.relation
         FROM pg_locks l
        WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' AND l.granted
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
     )
     SELECT i.indexrelid::int8 AS oid,
            i.indrelid::int8 AS table_oid,
            n.nspname AS schema,
            t.relname AS "table",
            c.relname AS name,
            CASE WHEN lk.relation IS NULL AND lt.relation IS NULL THEN pg_get_indexdef(i.indexrelid) END AS definition,
            am.amname AS method,
            CASE WHEN lk.relation IS NULL AND lt.relation IS NULL THEN pg_relation_size(i.indexrelid) END AS size_bytes,
            CASE WHEN lt.relation IS NULL THEN pg_table_size(i.indrelid) END AS table_size_bytes,
            (lk.relation IS NOT NULL OR lt.relation IS NOT NULL) AS size_skipped_locked,
            s.idx_scan AS scans,
            s.idx_tup_read AS tuples_read,
            s.idx_tup_fetch AS tuples_fetched,
            ${lastScan} AS last_scan_at,
            i.indisprimary AS "primary",
            i.indisunique AS "unique",
            i.indisvalid AS valid,
            i.indisready AS ready,
            i.indpred IS NOT NULL AS partial,
            i.indexprs IS NOT NULL AS expression,
            c.relkind = 'I' AS partitioned,
            con.conname AS constraint_name,
            con.contype::text AS constraint_type
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_am am ON am.oid = c.relam
       LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = i.indexrelid
       LEFT JOIN pg_constraint con
              ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
       LEFT JOIN locked lk ON lk.relation = i.indexrelid
       LEFT JOIN locked lt ON lt.relation = i.indrelid
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
      ORDER BY n.nspname, t.relname, c.relname`,
    [],
    indexInventoryRow,
  );
}
