import { z } from "zod";
import { pgCount, pgOid } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";
import { hasMaintainPrivilege } from "./server-info";

/**
 * What an action needs to know about its index or table, read by OID. Names come back
 * quoted by the database (`format('%I.%I')`): SQL is built from these, never from input.
 *
 * Sizes and definitions are only read when nobody holds an ACCESS EXCLUSIVE lock on the
 * table or index (those functions would queue behind it); they are NULL then.
 */
const SYSTEM_SCHEMA = `(%s IN ('pg_catalog', 'information_schema') OR %s LIKE 'pg\\_toast%%')`;
const systemSchema = (column: string) => SYSTEM_SCHEMA.replaceAll("%s", column).replaceAll("%%", "%");

const locked = (relation: string) => `EXISTS (
  SELECT 1 FROM pg_locks l
   WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' AND l.granted
     AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
     AND l.relation = ${relation})`;

function mayMaintain(versionNum: number, table: string): string {
  const owner = `pg_has_role(current_user, ${table}.relowner, 'USAGE')`;
  return hasMaintainPrivilege(versionNum)
    ? `(${owner} OR has_table_privilege(${table}.oid, 'MAINTAIN'))`
    : owner;
}

const actionIndexRow = z.object({
  oid: pgOid,
  name: z.string(),
  schema: z.string(),
  table_oid: pgOid,
  table: z.string(),
  quoted_index: z.string(),
  quoted_table: z.string(),
  /** Changes when the index is dropped and re-created differently under the same OID range. */
  fingerprint: z.string(),
  definition: z.string().nullable(),
  size_bytes: pgCount.nullable(),
  valid: z.boolean(),
  partitioned: z.boolean(),
  /** The partitioned index this one is attached to (quoted), if any: it cannot be dropped alone. */
  parent_index: z.string().nullable(),
  system: z.boolean(),
  constraint_type: z.enum(["p", "u", "x"]).nullable(),
  exclusion: z.boolean(),
  may_maintain: z.boolean(),
  may_drop: z.boolean(),
});
export type ActionIndexRow = z.infer<typeof actionIndexRow>;

export async function findActionIndex(
  db: Queryable,
  versionNum: number,
  oid: number,
): Promise<ActionIndexRow | null> {
  const rows = await queryRows(
    db,
    "action_index",
    `SELECT c.oid::int8 AS oid, c.relname AS name, n.nspname AS schema,
            t.oid::int8 AS table_oid, t.relname AS "table",
            format('%I.%I', n.nspname, c.relname) AS quoted_index,
            format('%I.%I', tn.nspname, t.relname) AS quoted_table,
            concat_ws('|', c.relname, t.oid, i.indkey::text, i.indclass::text,
                      md5(coalesce(i.indexprs::text, '') || coalesce(i.indpred::text, ''))) AS fingerprint,
            CASE WHEN NOT ${locked("t.oid")} THEN pg_get_indexdef(c.oid) END AS definition,
            CASE WHEN NOT ${locked("t.oid")} AND NOT ${locked("c.oid")} THEN pg_relation_size(c.oid) END AS size_bytes,
            i.indisvalid AS valid,
            c.relkind = 'I' AS partitioned,
            (SELECT format('%I.%I', pn.nspname, pc.relname)
               FROM pg_inherits inh
               JOIN pg_class pc ON pc.oid = inh.inhparent
               JOIN pg_namespace pn ON pn.oid = pc.relnamespace
              WHERE inh.inhrelid = c.oid) AS parent_index,
            ${systemSchema("n.nspname")} AS system,
            con.contype::text AS constraint_type,
            (coalesce(con.contype = 'x', false) OR i.indisexclusion) AS exclusion,
            ${mayMaintain(versionNum, "t")} AS may_maintain,
            pg_has_role(current_user, c.relowner, 'USAGE') AS may_drop
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace tn ON tn.oid = t.relnamespace
       LEFT JOIN pg_constraint con ON con.conindid = c.oid AND con.contype IN ('p', 'u', 'x')
      WHERE c.oid = $1::oid`,
    [oid],
    actionIndexRow,
  );
  return rows[0] ?? null;
}

const actionTableRow = z.object({
  oid: pgOid,
  name: z.string(),
  schema: z.string(),
  quoted_table: z.string(),
  fingerprint: z.string(),
  /** pg_indexes_size: what REINDEX TABLE rebuilds. */
  indexes_size_bytes: pgCount.nullable(),
  index_count: pgCount,
  exclusion_index_count: pgCount,
  /**
   * Indexes REINDEX TABLE CONCURRENTLY passes over with a WARNING (PostgreSQL docs, REINDEX:
   * exclusion-constraint indexes, and invalid indexes, its TOAST table's included).
   */
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
  /** The table's index OIDs now: REINDEX CONCURRENTLY gives every rebuilt index a new one. */
  index_oids: z.array(pgOid),
  relkind: z.string(),
  system: z.boolean(),
  may_maintain: z.boolean(),
  /** Owner (or member of the owning role): may drop the table's indexes. */
  may_drop: z.boolean(),
});
export type ActionTableRow = z.infer<typeof actionTableRow>;

export async function findActionTable(
  db: Queryable,
  versionNum: number,
  oid: number,
): Promise<ActionTableRow | null> {
  const rows = await queryRows(
    db,
    "action_table",
    `SELECT t.oid::int8 AS oid, t.relname AS name, n.nspname AS schema,
            format('%I.%I', n.nspname, t.relname) AS quoted_table,
            concat_ws('|', t.relname, n.oid, t.relkind) AS fingerprint,
            CASE WHEN NOT ${locked("t.oid")} THEN pg_indexes_size(t.oid) END AS indexes_size_bytes,
            (SELECT count(*) FROM pg_index i WHERE i.indrelid = t.oid) AS index_count,
            (SELECT count(*) FROM pg_index i WHERE i.indrelid = t.oid AND i.indisexclusion) AS exclusion_index_count,
            (SELECT coalesce(json_agg(json_build_object(
                      'name', format('%I.%I', sn.nspname, s.relname),
                      'reason', CASE WHEN NOT i.indisvalid THEN 'invalid index'
                                     ELSE 'exclusion constraint' END)
                      ORDER BY sn.nspname, s.relname), '[]')
               FROM pg_index i
               JOIN pg_class s ON s.oid = i.indexrelid
               JOIN pg_namespace sn ON sn.oid = s.relnamespace
              WHERE i.indrelid IN (t.oid, t.reltoastrelid)
                AND (i.indisexclusion OR NOT i.indisvalid)) AS skipped,
            ARRAY(SELECT i.indexrelid::int8 FROM pg_index i WHERE i.indrelid = t.oid ORDER BY 1) AS index_oids,
            t.relkind::text AS relkind,
            ${systemSchema("n.nspname")} AS system,
            ${mayMaintain(versionNum, "t")} AS may_maintain,
            pg_has_role(current_user, t.relowner, 'USAGE') AS may_drop
       FROM pg_class t
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE t.oid = $1::oid`,
    [oid],
    actionTableRow,
  );
  return rows[0] ?? null;
}

const indexSizeRow = z.object({ oid: pgOid, size_bytes: pgCount.nullable() });

/** The index of this name on this table after a rebuild (REINDEX CONCURRENTLY gives it a new OID). */
export async function findIndexByName(
  db: Queryable,
  tableOid: number,
  name: string,
): Promise<{ oid: number; size_bytes: number | null } | null> {
  const rows = await queryRows(
    db,
    "action_index_by_name",
    `SELECT c.oid::int8 AS oid,
            CASE WHEN NOT ${locked("i.indrelid")} THEN pg_relation_size(c.oid) END AS size_bytes
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = $1::oid AND c.relname = $2`,
    [tableOid, name],
    indexSizeRow,
  );
  return rows[0] ?? null;
}

const tableSizeRow = z.object({ size_bytes: pgCount.nullable() });

export async function indexesSizeOfTable(db: Queryable, tableOid: number): Promise<number | null> {
  const rows = await queryRows(
    db,
    "action_table_indexes_size",
    `SELECT CASE WHEN NOT ${locked("t.oid")} THEN pg_indexes_size(t.oid) END AS size_bytes
       FROM pg_class t WHERE t.oid = $1::oid`,
    [tableOid],
    tableSizeRow,
  );
  return rows[0]?.size_bytes ?? null;
}
