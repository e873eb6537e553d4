import { z } from "zod";
import { pgCount, pgOid } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

const smallints = z.array(z.number().int());
const oids = z.array(z.number().int().nonnegative());

const findingsIndexRow = z.object({
  oid: pgOid,
  table_oid: pgOid,
  schema: z.string(),
  table: z.string(),
  name: z.string(),
  method: z.string(),
  /** NULL when an ACCESS EXCLUSIVE lock is held on the index or its table: we skip it. */
  definition: z.string().nullable(),
  key_columns: smallints,
  include_columns: smallints,
  column_names: z.array(z.string()).nullable(),
  opclasses: oids,
  collations: oids,
  options: smallints,
  expressions: z.string().nullable(),
  predicate: z.string().nullable(),
  unique: z.boolean(),
  nulls_not_distinct: z.boolean(),
  primary: z.boolean(),
  valid: z.boolean(),
  ready: z.boolean(),
  replica_identity: z.boolean(),
  constraint_name: z.string().nullable(),
  constraint_type: z.enum(["p", "u", "x"]).nullable(),
  partitioned_index: z.boolean(),
  parent_index_oid: pgOid.nullable(),
  table_is_partition: z.boolean(),
  table_index_count: pgCount,
  size_bytes: pgCount.nullable(),
  live_scans: pgCount.nullable(),
  drop_index_sql: z.string(),
  drop_constraint_sql: z.string().nullable(),
  add_constraint_sql: z.string().nullable(),
  reindex_sql: z.string(),
  restore_replica_identity_sql: z.string().nullable(),
});

export type FindingsIndexRow = z.infer<typeof findingsIndexRow>;

/**
 * Every user index with what the findings rules compare: column identity from pg_index
 * (attribute numbers, operator classes, collations, options, expressions, predicate),
 * constraints, replica identity, partition links, and the SQL to drop, undo and rebuild it,
 * quoted by the database with format('%I').
 *
 * pg_get_indexdef, pg_get_expr and the size functions take locks: an index whose table is
 * held in ACCESS EXCLUSIVE mode comes back with a NULL definition (and is skipped).
 */
export function listFindingsIndexes(db: Queryable): Promise<FindingsIndexRow[]> {
  return queryRows(
    db,
    "findings_indexes",
    `WITH locked AS (
       SELECT DISTINCT l.relation
         FROM pg_locks l
        WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' AND l.granted
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
     ),
     idx AS (
       SELECT i.*, c.relname, c.relkind, t.relname AS table_name, t.relispartition, n.nspname,
              am.amname, (lk.relation IS NULL AND lt.relation IS NULL) AS readable
         FROM pg_index i
         JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_class t ON t.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_am am ON am.oid = c.relam
         LEFT JOIN locked lk ON lk.relation = i.indexrelid
         LEFT JOIN locked lt ON lt.relation = i.indrelid
        WHERE (n.nspname NOT IN ('pg_catalog', 'information_schema')
               AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)')
           -- A cancelled REINDEX TABLE CONCURRENTLY leaves a _ccnew on the TOAST table too:
           -- only that kind of TOAST index is ours to report (every other rule skips invalid ones).
           OR (n.nspname = 'pg_toast' AND NOT i.indisvalid AND c.relname ~ '_cc(new|old)[0-9]*$')
     )
     SELECT x.indexrelid::int8 AS oid,
            x.indrelid::int8 AS table_oid,
            x.nspname AS schema,
            x.table_name AS "table",
            x.relname AS name,
            x.amname AS method,
            CASE WHEN x.readable THEN pg_get_indexdef(x.indexrelid) END AS definition,
            to_json(ARRAY(SELECT x.indkey[k]::int FROM generate_series(0, x.indnkeyatts - 1) k)) AS key_columns,
            to_json(ARRAY(SELECT x.indkey[k]::int FROM generate_series(x.indnkeyatts, x.indnatts - 1) k)) AS include_columns,
            CASE WHEN x.readable THEN
              ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_series(1, x.indnkeyatts) k)
            END AS column_names,
            to_json(ARRAY(SELECT x.indclass[k]::int8 FROM generate_series(0, x.indnkeyatts - 1) k)) AS opclasses,
            to_json(ARRAY(SELECT x.indcollation[k]::int8 FROM generate_series(0, x.indnkeyatts - 1) k)) AS collations,
            to_json(ARRAY(SELECT x.indoption[k]::int FROM generate_series(0, x.indnkeyatts - 1) k)) AS options,
            CASE WHEN x.readable THEN pg_get_expr(x.indexprs, x.indrelid) END AS expressions,
            CASE WHEN x.readable THEN pg_get_expr(x.indpred, x.indrelid) END AS predicate,
            x.indisunique AS "unique",
            -- indnullsnotdistinct exists from PostgreSQL 15 on; read by name so one query serves 14 too.
            COALESCE((to_jsonb(x) ->> 'indnullsnotdistinct')::boolean, false) AS nulls_not_distinct,
            x.indisprimary AS "primary",
            x.indisvalid AS valid,
            x.indisready AS ready,
            x.indisreplident AS replica_identity,
            con.conname AS constraint_name,
            con.contype::text AS constraint_type,
            x.relkind = 'I' AS partitioned_index,
            (SELECT h.inhparent::int8 FROM pg_inherits h WHERE h.inhrelid = x.indexrelid LIMIT 1) AS parent_index_oid,
            x.relispartition AS table_is_partition,
            (SELECT count(*) FROM pg_index o WHERE o.indrelid = x.indrelid) AS table_index_count,
            CASE WHEN x.readable THEN pg_relation_size(x.indexrelid) END AS size_bytes,
            s.idx_scan AS live_scans,
            CASE WHEN x.relkind = 'I' THEN format('DROP INDEX %I.%I', x.nspname, x.relname)
                 ELSE format('DROP INDEX CONCURRENTLY %I.%I', x.nspname, x.relname) END AS drop_index_sql,
            CASE WHEN con.oid IS NOT NULL
                 THEN format('ALTER TABLE %I.%I DROP CONSTRAINT %I', x.nspname, x.table_name, con.conname) END
              AS drop_constraint_sql,
            CASE WHEN con.oid IS NOT NULL AND x.readable
                 THEN format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', x.nspname, x.table_name, con.conname,
                             pg_get_constraintdef(con.oid)) END
              AS add_constraint_sql,
            format('REINDEX INDEX CONCURRENTLY %I.%I', x.nspname, x.relname) AS reindex_sql,
            CASE WHEN x.indisreplident
                 THEN format('ALTER TABLE %I.%I REPLICA IDENTITY USING INDEX %I', x.nspname, x.table_name, x.relname)
            END AS restore_replica_identity_sql
       FROM idx x
       LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = x.indexrelid
       LEFT JOIN pg_constraint con
              ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x')
      ORDER BY x.nspname, x.table_name, x.relname`,
    [],
    findingsIndexRow,
  );
}
