import { z } from "zod";
import { pgCount, pgOid } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

const tableActivityRow = z.object({
  table_oid: pgOid,
  schema: z.string(),
  table: z.string(),
  inserts: pgCount,
  updates: pgCount,
  hot_updates: pgCount,
  deletes: pgCount,
  heap_blocks_hit: pgCount,
  heap_blocks_read: pgCount,
  index_blocks_hit: pgCount,
  index_blocks_read: pgCount,
});

export type TableActivityRow = z.infer<typeof tableActivityRow>;

/**
 * Write counters (what every index of a table pays for) and buffer hits of each user table
 * since the last stats reset, from pg_stat_user_tables and pg_statio_user_tables.
 */
export function listTableActivity(db: Queryable): Promise<TableActivityRow[]> {
  return queryRows(
    db,
    "findings_table_activity",
    `SELECT s.relid::int8 AS table_oid,
            s.schemaname AS schema,
            s.relname AS "table",
            s.n_tup_ins AS inserts,
            s.n_tup_upd AS updates,
            s.n_tup_hot_upd AS hot_updates,
            s.n_tup_del AS deletes,
            coalesce(io.heap_blks_hit, 0) AS heap_blocks_hit,
            coalesce(io.heap_blks_read, 0) AS heap_blocks_read,
            coalesce(io.idx_blks_hit, 0) AS index_blocks_hit,
            coalesce(io.idx_blks_read, 0) AS index_blocks_read
       FROM pg_stat_user_tables s
       LEFT JOIN pg_statio_user_tables io ON io.relid = s.relid
      ORDER BY s.schemaname, s.relname`,
    [],
    tableActivityRow,
  );
}
