import { z } from "zod";
import { pgCount, pgOid } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";
import { LOCKED_RELATIONS_CTE, USER_SCHEMAS_FILTER } from "./locked-relations";
import { hasLastIdxScan } from "./server-info";

const count = pgCount.nullable();

const oneIndexRow = z.object({
  oid: pgOid,
  table_oid: pgOid,
  schema: z.string(),
  table: z.string(),
  name: z.string(),
  method: z.string(),
  /** NULL while the table or index is locked: pg_get_indexdef would queue behind the lock. */
  definition: z.string().nullable(),
  primary: z.boolean(),
  unique: z.boolean(),
  valid: z.boolean(),
  partial: z.boolean(),
  expression: z.boolean(),
  partitioned: z.boolean(),
  constraint_name: z.string().nullable(),
  constraint_type: z.enum(["p", "u", "x"]).nullable(),
  scans: count,
  tuples_read: count,
  tuples_fetched: count,
  last_scan_at: z.date().nullable(),
  size_bytes: count,
  table_size_bytes: count,
  locked: z.boolean(),
});

export type OneIndexRow = z.infer<typeof oneIndexRow>;

/** An index is found by its OID, or by what it is called: schema, table and name. */
export type IndexLookup = { oid: number } | { candidates: { schema: string; table: string; name: string }[] };

/**
 * One user index with its flags, counters, definition and sizes: what the index page needs,
 * without reading the whole inventory. By name, the first candidate that exists is answered
 * (a key whose parts contain dots can be read more than one way; see lib/indexes/index-ref).
 * Locked relations are not sized and their definition is not read.
 */
export async function findOneIndex(
  db: Queryable,
  versionNum: number,
  lookup: IndexLookup,
): Promise<OneIndexRow | null> {
  const lastScan = hasLastIdxScan(versionNum) ? "pg_stat_get_lastscan(c.oid)" : "NULL::timestamptz";
  const leafLastScan = hasLastIdxScan(versionNum) ? "pg_stat_get_lastscan(p.relid)" : "NULL::timestamptz";
  const byOid = "oid" in lookup;
  const where = byOid
    ? "c.oid = $1::oid"
    : `(n.nspname, t.relname, c.relname) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`;
  const values = byOid
    ? [lookup.oid]
    : [
        lookup.candidates.map((k) => k.schema),
        lookup.candidates.map((k) => k.table),
        lookup.candidates.map((k) => k.name),
      ];
  const rows = await queryRows(
    db,
    "index_one",
    `WITH ${LOCKED_RELATIONS_CTE}
     SELECT c.oid::int8 AS oid, t.oid::int8 AS table_oid, n.nspname AS schema, t.relname AS "table",
            c.relname AS name, am.amname AS method,
            CASE WHEN NOT locked.any THEN pg_get_indexdef(c.oid) END AS definition,
            i.indisprimary AS "primary", i.indisunique AS "unique", i.indisvalid AS valid,
            i.indpred IS NOT NULL AS partial, i.indexprs IS NOT NULL AS expression,
            c.relkind = 'I' AS partitioned,
            con.conname AS constraint_name, con.contype::text AS constraint_type,
            CASE WHEN c.relkind = 'i' THEN pg_stat_get_numscans(c.oid) ELSE leaves.scans END AS scans,
            CASE WHEN c.relkind = 'i' THEN pg_stat_get_tuples_returned(c.oid) ELSE leaves.tuples_read END AS tuples_read,
            CASE WHEN c.relkind = 'i' THEN pg_stat_get_tuples_fetched(c.oid) ELSE leaves.tuples_fetched END AS tuples_fetched,
            CASE WHEN c.relkind = 'i' THEN ${lastScan} ELSE leaves.last_scan_at END AS last_scan_at,
            CASE WHEN locked.any THEN NULL WHEN c.relkind = 'i' THEN pg_relation_size(c.oid)
                 ELSE leaves.size_bytes END AS size_bytes,
            CASE WHEN locked.any THEN NULL WHEN c.relkind = 'i' THEN pg_table_size(t.oid)
                 ELSE leaves.table_size_bytes END AS table_size_bytes,
            locked.any AS locked
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_am am ON am.oid = c.relam
       LEFT JOIN pg_constraint con
              ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
       CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM locked l WHERE l.relation IN (c.oid, t.oid)) AS any) locked
       -- A partitioned index holds nothing itself: its figures are its leaf partitions' (as the
       -- inventory sums them), a locked leaf left out rather than waited for.
       LEFT JOIN LATERAL (
         SELECT sum(pg_stat_get_numscans(p.relid))::int8 AS scans,
                sum(pg_stat_get_tuples_returned(p.relid))::int8 AS tuples_read,
                sum(pg_stat_get_tuples_fetched(p.relid))::int8 AS tuples_fetched,
                max(${leafLastScan}) AS last_scan_at,
                coalesce(sum(pg_relation_size(p.relid)), 0)::int8 AS size_bytes,
                coalesce(sum(pg_table_size(li.indrelid)), 0)::int8 AS table_size_bytes
           FROM pg_partition_tree(c.oid) p
           JOIN pg_index li ON li.indexrelid = p.relid
          WHERE p.isleaf
            AND NOT EXISTS (SELECT 1 FROM locked l WHERE l.relation IN (p.relid, li.indrelid))
       ) leaves ON c.relkind = 'I'
      WHERE ${where} AND ${USER_SCHEMAS_FILTER}
      LIMIT 1`,
    values,
    oneIndexRow,
  );
  return rows[0] ?? null;
}
