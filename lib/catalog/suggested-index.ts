import { z } from "zod";
import { pgCount, pgOid } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

const tableColumnsRow = z.object({
  table_oid: pgOid,
  schema: z.string(),
  table: z.string(),
  live_rows: pgCount,
  columns: z.array(z.string()),
});

export type TableColumnsRow = z.infer<typeof tableColumnsRow>;

/**
 * The tables plans name (schema and relation name, as EXPLAIN VERBOSE prints them), resolved to
 * their OIDs, live columns and estimated rows: what a plan's Filter text is read against (a
 * name that is not a column of the scanned table is never suggested).
 */
export function listScannedTables(
  db: Queryable,
  tables: readonly { schema: string; table: string }[],
): Promise<TableColumnsRow[]> {
  return queryRows(
    db,
    "advisor_scanned_tables",
    `SELECT c.oid::int8 AS table_oid, n.nspname AS schema, c.relname AS "table",
            greatest(c.reltuples, 0)::int8 AS live_rows,
            coalesce((SELECT array_agg(a.attname::text ORDER BY a.attnum)
                        FROM pg_attribute a
                       WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '{}') AS columns
       FROM unnest($1::text[], $2::text[]) AS wanted(schema, "table")
       JOIN pg_namespace n ON n.nspname = wanted.schema
       JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = wanted."table"
      WHERE c.relkind IN ('r', 'p', 'm')
        -- The system catalogs are not ours to index.
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'`,
    [tables.map((t) => t.schema), tables.map((t) => t.table)],
    tableColumnsRow,
  );
}

const suggestedIndexSqlRow = z.object({
  create_sql: z.string(),
  hypothetical_sql: z.string(),
  drop_sql: z.string(),
});

export type SuggestedIndexSql = z.infer<typeof suggestedIndexSqlRow>;

/**
 * The SQL of a suggested btree, written by the database (format('%I')) from the table's OID and
 * the columns it has: CREATE INDEX CONCURRENTLY to apply, DROP INDEX CONCURRENTLY to undo, and
 * the plain CREATE INDEX hypopg takes. Null when the table or one of the columns is gone. A
 * partitioned table cannot build concurrently: it gets the plain statements.
 */
export async function buildSuggestedIndexSql(
  db: Queryable,
  tableOid: number,
  indexName: string,
  columns: readonly string[],
): Promise<SuggestedIndexSql | null> {
  const rows = await queryRows(
    db,
    "advisor_suggested_index_sql",
    `SELECT format('CREATE INDEX %s%I ON %I.%I (%s)',
                   CASE WHEN c.relkind = 'p' THEN '' ELSE 'CONCURRENTLY ' END,
                   $2::text, n.nspname, c.relname, cols.quoted) AS create_sql,
            format('CREATE INDEX %I ON %I.%I (%s)', $2::text, n.nspname, c.relname, cols.quoted) AS hypothetical_sql,
            format('DROP INDEX %s%I.%I',
                   CASE WHEN c.relkind = 'p' THEN '' ELSE 'CONCURRENTLY ' END, n.nspname, $2::text) AS drop_sql
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       CROSS JOIN LATERAL (
         SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord) AS quoted, count(a.attnum) AS found
           FROM unnest($3::text[]) WITH ORDINALITY AS k(name, ord)
           LEFT JOIN pg_attribute a
             ON a.attrelid = c.oid AND a.attname = k.name AND a.attnum > 0 AND NOT a.attisdropped
       ) cols
      WHERE c.oid = $1 AND cols.found = cardinality($3::text[]) AND cardinality($3::text[]) > 0`,
    [tableOid, indexName, columns],
    suggestedIndexSqlRow,
  );
  return rows[0] ?? null;
}
