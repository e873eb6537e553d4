import { z } from "zod";
import { float8Count, float8Oid, pgCount, pgOid } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";
import { LOCKED_RELATIONS_CTE, USER_SCHEMAS_FILTER } from "./locked-relations";
import { hasLastIdxScan } from "./server-info";

const count = pgCount.nullable();

const indexCatalogRow = z.object({
  oid: pgOid,
  table_oid: pgOid,
  schema: z.string(),
  table: z.string(),
  name: z.string(),
  method: z.string(),
  primary: z.boolean(),
  unique: z.boolean(),
  valid: z.boolean(),
  ready: z.boolean(),
  partial: z.boolean(),
  expression: z.boolean(),
  partitioned: z.boolean(),
  /** The partitioned index this one is attached to (a partition's index), if any. */
  parent_oid: pgOid.nullable(),
  constraint_name: z.string().nullable(),
  constraint_type: z.enum(["p", "u", "x"]).nullable(),
});

export type IndexCatalogRow = z.infer<typeof indexCatalogRow>;

/**
 * Every user index of the connected database (all schemas but the system ones): names,
 * access method and flags. These change only with DDL, so callers read them again only when
 * the catalog changed (getCatalogVersion) or an index appeared or went away.
 */
export function listIndexCatalog(db: Queryable): Promise<IndexCatalogRow[]> {
  return queryRows(
    db,
    "index_catalog",
    `SELECT i.indexrelid AS oid,
            i.indrelid AS table_oid,
            n.nspname AS schema,
            t.relname AS "table",
            c.relname AS name,
            am.amname AS method,
            i.indisprimary AS "primary",
            i.indisunique AS "unique",
            i.indisvalid AS valid,
            i.indisready AS ready,
            i.indpred IS NOT NULL AS partial,
            i.indexprs IS NOT NULL AS expression,
            c.relkind = 'I' AS partitioned,
            (SELECT inh.inhparent FROM pg_inherits inh WHERE inh.inhrelid = i.indexrelid LIMIT 1) AS parent_oid,
            con.conname AS constraint_name,
            con.contype::text AS constraint_type
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_am am ON am.oid = c.relam
       LEFT JOIN pg_constraint con
              ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
      WHERE ${USER_SCHEMAS_FILTER}`,
    [],
    indexCatalogRow,
  );
}

// The inventory queries whose rows scale with the catalog, read on every page poll: float8
// numbers (see float8Count) and the last scan as epoch milliseconds. Union-and-pipe column
// parsers and pg's timestamp parser cost more than the transfer itself at 10,000 indexes
// (bench/inventory-route.ts).
const counterNumber = float8Count.nullable();
const indexOid = float8Oid;

const indexCountersRow = z.object({
  oid: indexOid,
  /** Carried so that a renamed index is noticed at once, whatever the statistics say. */
  name: z.string(),
  scans: counterNumber,
  tuples_read: counterNumber,
  tuples_fetched: counterNumber,
  /** Milliseconds since the epoch; NULL when never scanned or before PostgreSQL 16. */
  last_scan_at_ms: z.number().nullable(),
});

export type IndexCountersRow = z.infer<typeof indexCountersRow>;

/**
 * What moves between two polls: each user index's scan counters, from the pg_stat_get_*
 * functions that pg_stat_user_indexes itself calls. They read shared memory and take no
 * lock, so this is cheap; sizes are a query of their own (listIndexSizes) that callers run
 * beside it. Partitioned parents have no counters of their own (NULL). Unordered: sorting
 * 50,000 rows costs the server more than the callers, who sort by what they show, save.
 */
export function listIndexCounters(db: Queryable, serverVersionNum: number): Promise<IndexCountersRow[]> {
  const lastScan = hasLastIdxScan(serverVersionNum)
    ? "(extract(epoch FROM pg_stat_get_lastscan(c.oid)) * 1000)::float8"
    : "NULL::float8";
  const stat = (fn: string) => `CASE WHEN c.relkind = 'i' THEN ${fn}(c.oid)::float8 END`;
  return queryRows(
    db,
    "index_counters",
    `SELECT c.oid,
            c.relname AS name,
            ${stat("pg_stat_get_numscans")} AS scans,
            ${stat("pg_stat_get_tuples_returned")} AS tuples_read,
            ${stat("pg_stat_get_tuples_fetched")} AS tuples_fetched,
            CASE WHEN c.relkind = 'i' THEN ${lastScan} END AS last_scan_at_ms
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${USER_SCHEMAS_FILTER}`,
    [],
    indexCountersRow,
  );
}

const indexSizeRow = z.object({
  oid: indexOid,
  size_bytes: counterNumber,
  size_skipped_locked: z.boolean(),
});

export type IndexSizeRow = z.infer<typeof indexSizeRow>;

/**
 * Each user index's size, the dear half of the seed's monitoring query: pg_relation_size
 * opens every index and asks the file system. It takes an ACCESS SHARE lock, so an index or
 * table that someone holds an ACCESS EXCLUSIVE lock on is not sized (we would queue behind
 * the lock): it is reported as skipped.
 */
export function listIndexSizes(db: Queryable): Promise<IndexSizeRow[]> {
  return queryRows(
    db,
    "index_sizes",
    `WITH ${LOCKED_RELATIONS_CTE}
     SELECT c.oid,
            CASE WHEN lk.relation IS NULL AND lt.relation IS NULL THEN pg_relation_size(c.oid)::float8 END AS size_bytes,
            (lk.relation IS NOT NULL OR lt.relation IS NOT NULL) AS size_skipped_locked
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN locked lk ON lk.relation = i.indexrelid
       LEFT JOIN locked lt ON lt.relation = i.indrelid
      WHERE ${USER_SCHEMAS_FILTER}`,
    [],
    indexSizeRow,
  );
}

const indexDefinitionRow = z.object({
  oid: pgOid,
  /** NULL while the table is locked: pg_get_indexdef itself takes a lock. */
  definition: z.string().nullable(),
});

export type IndexDefinitionRow = z.infer<typeof indexDefinitionRow>;

/** `pg_get_indexdef` of the given indexes. Dear at scale: callers ask only for what changed. */
export function listIndexDefinitions(db: Queryable, oids: readonly number[]): Promise<IndexDefinitionRow[]> {
  return queryRows(
    db,
    "index_definitions",
    `WITH ${LOCKED_RELATIONS_CTE}
     SELECT i.indexrelid AS oid,
            CASE WHEN lk.relation IS NULL AND lt.relation IS NULL THEN pg_get_indexdef(i.indexrelid) END AS definition
       FROM pg_index i
       LEFT JOIN locked lk ON lk.relation = i.indexrelid
       LEFT JOIN locked lt ON lt.relation = i.indrelid
      WHERE i.indexrelid = ANY ($1::oid[])`,
    [oids],
    indexDefinitionRow,
  );
}

const tableSizeRow = z.object({ table_oid: pgOid, size_bytes: count });

/**
 * `pg_table_size` (heap, TOAST, free space and visibility maps) once per table that has an
 * index; NULL for a locked table.
 */
export function listIndexedTableSizes(db: Queryable): Promise<z.infer<typeof tableSizeRow>[]> {
  return queryRows(
    db,
    "indexed_table_sizes",
    `WITH ${LOCKED_RELATIONS_CTE}
     SELECT t.oid AS table_oid,
            CASE WHEN lt.relation IS NULL THEN pg_table_size(t.oid) END AS size_bytes
       FROM pg_class t
       JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN locked lt ON lt.relation = t.oid
      WHERE t.relhasindex AND t.relkind IN ('r', 'm', 'p') AND ${USER_SCHEMAS_FILTER}`,
    [],
    tableSizeRow,
  );
}

const catalogVersionRow = z.object({ version: z.string() });

/**
 * A cheap fingerprint of the catalog: it moves whenever DDL writes pg_class, pg_index,
 * pg_attribute or pg_constraint of this database (their tuple counters), so cached
 * definitions are dropped after a rename, an ALTER or a rebuild that kept the OID. The
 * counters flush lazily: a change shows within seconds, not instantly.
 */
export async function getCatalogVersion(db: Queryable): Promise<string> {
  const rows = await queryRows(
    db,
    "catalog_version",
    `SELECT coalesce(string_agg(relname || ':' || (n_tup_ins + n_tup_upd + n_tup_del)::text, ',' ORDER BY relname), '')
            || '|' || coalesce((SELECT stats_reset::text FROM pg_stat_database WHERE datname = current_database()), '') AS version
       FROM pg_stat_sys_tables
      WHERE schemaname = 'pg_catalog' AND relname IN ('pg_class', 'pg_index', 'pg_attribute', 'pg_constraint')`,
    [],
    catalogVersionRow,
  );
  return rows[0]?.version ?? "";
}
