import { z } from "zod";
import { pgNumber, pgOid } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

const indexColumnsRow = z.object({
  oid: pgOid,
  /** pg_type.typcategory of each key column of the index ('A' array, 'B' boolean, …). */
  key_type_categories: z.array(z.string()),
  key_types: z.array(z.string()),
  /** The leading key when it is a plain column: its name, and what pg_stats says of it. */
  leading_column: z.string().nullable(),
  leading_column_quoted: z.string().nullable(),
  leading_null_fraction: pgNumber.nullable(),
  leading_n_distinct: pgNumber.nullable(),
  table_rows: pgNumber,
  /** NOT NULL columns of the table, for partial indexes only (what their WHERE may repeat). */
  table_not_null_columns: z.array(z.string()).nullable(),
  /** The name a `WHERE leading IS NOT NULL` variant would take, quoted by the database. */
  not_null_variant_name: z.string(),
  not_null_variant_qualified: z.string(),
});

export type IndexColumnsRow = z.infer<typeof indexColumnsRow>;

/**
 * What the column-shape checks read of each user index: the types of its key columns (from
 * the index's own attributes, so expression keys have theirs), the NULL fraction and distinct
 * count of a plain leading column from pg_stats, and the table's NOT NULL columns for partial
 * indexes. pg_stats shows a table's rows only to a role that may read the table: under the
 * monitoring role alone (pg_monitor) those figures are null and their checks stay silent.
 */
export function listIndexColumns(db: Queryable): Promise<IndexColumnsRow[]> {
  return queryRows(
    db,
    "findings_index_columns",
    `WITH idx AS (
       SELECT i.indexrelid, i.indrelid, i.indnkeyatts, i.indkey, i.indpred, c.relname, n.nspname,
              t.relname AS table_name, t.reltuples
         FROM pg_index i
         JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_class t ON t.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
     ),
     stats AS (
       SELECT DISTINCT ON (schemaname, tablename, attname) schemaname, tablename, attname, null_frac, n_distinct
         FROM pg_stats
        ORDER BY schemaname, tablename, attname, inherited
     )
     SELECT x.indexrelid::int8 AS oid,
            ARRAY(SELECT ty.typcategory::text FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid
                   WHERE a.attrelid = x.indexrelid AND a.attnum BETWEEN 1 AND x.indnkeyatts ORDER BY a.attnum)
              AS key_type_categories,
            ARRAY(SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
                   WHERE a.attrelid = x.indexrelid AND a.attnum BETWEEN 1 AND x.indnkeyatts ORDER BY a.attnum)
              AS key_types,
            la.attname::text AS leading_column,
            CASE WHEN la.attname IS NOT NULL THEN format('%I', la.attname) END AS leading_column_quoted,
            s.null_frac::float8 AS leading_null_fraction,
            s.n_distinct::float8 AS leading_n_distinct,
            greatest(x.reltuples, 0)::float8 AS table_rows,
            CASE WHEN x.indpred IS NOT NULL THEN
              ARRAY(SELECT a.attname::text FROM pg_attribute a
                     WHERE a.attrelid = x.indrelid AND a.attnum > 0 AND a.attnotnull AND NOT a.attisdropped)
            END AS table_not_null_columns,
            format('%I', left(x.relname, 54) || '_not_null') AS not_null_variant_name,
            format('%I.%I', x.nspname, left(x.relname, 54) || '_not_null') AS not_null_variant_qualified
       FROM idx x
       LEFT JOIN pg_attribute la ON la.attrelid = x.indrelid AND la.attnum = x.indkey[0] AND x.indkey[0] > 0
       LEFT JOIN stats s ON s.schemaname = x.nspname AND s.tablename = x.table_name AND s.attname = la.attname`,
    [],
    indexColumnsRow,
  );
}
