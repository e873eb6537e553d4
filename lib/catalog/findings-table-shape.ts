import { z } from "zod";
import { pgCount, pgOid } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

const tableShapeRow = z.object({
  table_oid: pgOid,
  schema: z.string(),
  table: z.string(),
  partitioned: z.boolean(),
  has_primary_key: z.boolean(),
  /** relreplident: d default (the primary key), n nothing, f full, i an index. */
  replica_identity: z.enum(["d", "n", "f", "i"]),
  live_rows: pgCount,
  seq_scans: pgCount,
  seq_rows_read: pgCount,
  index_scans: pgCount,
});

export type TableShapeRow = z.infer<typeof tableShapeRow>;

/**
 * Each user table that is not a partition (a partition is judged through its parent): its
 * primary key and replica identity, and how it is read (sequential against index scans, from
 * pg_stat_user_tables, since the last reset).
 */
export function listTableShapes(db: Queryable): Promise<TableShapeRow[]> {
  return queryRows(
    db,
    "findings_table_shape",
    `SELECT t.oid::int8 AS table_oid,
            n.nspname AS schema,
            t.relname AS "table",
            t.relkind = 'p' AS partitioned,
            EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = t.oid AND c.contype = 'p') AS has_primary_key,
            t.relreplident::text AS replica_identity,
            coalesce(s.n_live_tup, 0) AS live_rows,
            coalesce(s.seq_scan, 0) AS seq_scans,
            coalesce(s.seq_tup_read, 0) AS seq_rows_read,
            coalesce(s.idx_scan, 0) AS index_scans
       FROM pg_class t
       JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_stat_user_tables s ON s.relid = t.oid
      WHERE t.relkind IN ('r', 'p') AND NOT t.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
      ORDER BY n.nspname, t.relname`,
    [],
    tableShapeRow,
  );
}
