import { z } from "zod";
import { pgOid } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

const foreignKeyRow = z.object({
  constraint_oid: pgOid,
  constraint_name: z.string(),
  table_oid: pgOid,
  schema: z.string(),
  table: z.string(),
  columns: z.array(z.number().int()),
  column_names: z.array(z.string()),
  referenced_table: z.string(),
  referenced_index_oid: pgOid,
  referenced_table_oid: pgOid,
  referenced_columns: z.array(z.number().int()),
  /** Type of each key column and of the column it references, position by position. */
  column_type_oids: z.array(pgOid),
  referenced_type_oids: z.array(pgOid),
  column_types: z.array(z.string()),
  referenced_types: z.array(z.string()),
  definition: z.string(),
  create_index_sql: z.string(),
  /** The key's own DROP, and its ADD … NOT VALID and VALIDATE (to bring it back without a long lock). */
  drop_constraint_sql: z.string(),
  add_not_valid_sql: z.string(),
  /** Null for a key that was NOT VALID: its undo leaves it so. */
  validate_sql: z.string().nullable(),
  drop_created_index_sql: z.string(),
});

export type ForeignKeyRow = z.infer<typeof foreignKeyRow>;

/**
 * Foreign keys of user tables, with the CREATE INDEX that would cover each and the DROP
 * that undoes it, quoted by the database. A partition's copy of its parent's foreign key
 * (conparentid <> 0) is left out: the parent's is the one to fix. Partitioned tables cannot
 * build indexes CONCURRENTLY, so theirs is a plain CREATE INDEX.
 */
export function listForeignKeys(db: Queryable): Promise<ForeignKeyRow[]> {
  return queryRows(
    db,
    "findings_foreign_keys",
    `SELECT con.oid::int8 AS constraint_oid,
            con.conname AS constraint_name,
            con.conrelid::int8 AS table_oid,
            n.nspname AS schema,
            t.relname AS "table",
            to_json(con.conkey::int[]) AS columns,
            cols.names AS column_names,
            format('%I.%I', rn.nspname, r.relname) AS referenced_table,
            con.conindid::int8 AS referenced_index_oid,
            con.confrelid::int8 AS referenced_table_oid,
            to_json(con.confkey::int[]) AS referenced_columns,
            cols.type_oids AS column_type_oids,
            refcols.type_oids AS referenced_type_oids,
            cols.types AS column_types,
            refcols.types AS referenced_types,
            pg_get_constraintdef(con.oid) AS definition,
            format('ALTER TABLE %I.%I DROP CONSTRAINT %I', n.nspname, t.relname, con.conname) AS drop_constraint_sql,
            -- pg_get_constraintdef already ends in NOT VALID for a key never validated.
            format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s%s', n.nspname, t.relname, con.conname,
                   pg_get_constraintdef(con.oid), CASE WHEN con.convalidated THEN ' NOT VALID' ELSE '' END)
              AS add_not_valid_sql,
            CASE WHEN con.convalidated
                 THEN format('ALTER TABLE %I.%I VALIDATE CONSTRAINT %I', n.nspname, t.relname, con.conname)
            END AS validate_sql,
            CASE WHEN t.relkind = 'p'
                 THEN format('CREATE INDEX %I ON %I.%I (%s)', cols.index_name, n.nspname, t.relname, cols.quoted)
                 ELSE format('CREATE INDEX CONCURRENTLY %I ON %I.%I (%s)', cols.index_name, n.nspname, t.relname, cols.quoted)
            END AS create_index_sql,
            CASE WHEN t.relkind = 'p'
                 THEN format('DROP INDEX %I.%I', n.nspname, cols.index_name)
                 ELSE format('DROP INDEX CONCURRENTLY %I.%I', n.nspname, cols.index_name)
            END AS drop_created_index_sql
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_class r ON r.oid = con.confrelid
       JOIN pg_namespace rn ON rn.oid = r.relnamespace
       CROSS JOIN LATERAL (
         SELECT array_agg(a.attname::text ORDER BY k.ord) AS names,
                array_agg(a.atttypid::int8 ORDER BY k.ord) AS type_oids,
                array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY k.ord) AS types,
                string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord) AS quoted,
                left(t.relname || '_' || string_agg(a.attname, '_' ORDER BY k.ord) || '_fk_idx', 63) AS index_name
           FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
           JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
       ) cols
       CROSS JOIN LATERAL (
         SELECT array_agg(a.atttypid::int8 ORDER BY k.ord) AS type_oids,
                array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY k.ord) AS types
           FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
           JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
       ) refcols
      WHERE con.contype = 'f'
        AND con.conparentid = 0
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
      ORDER BY n.nspname, t.relname, con.conname`,
    [],
    foreignKeyRow,
  );
}
