import { z } from "zod";
import { pgCount, pgOid } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

const duplicateKeyCheckRow = z.object({ oid: pgOid, list_sql: z.string() });

export type DuplicateKeyCheckRow = z.infer<typeof duplicateKeyCheckRow>;

/**
 * For each invalid unique index: the query that lists the key values held by more than one
 * row (what makes a unique build fail), written by the database from the index's own key
 * expressions, predicate and NULL rule. NULL keys are distinct unless NULLS NOT DISTINCT
 * (PostgreSQL 15+, read by name so the query serves 14 too).
 */
export function listDuplicateKeyChecks(db: Queryable): Promise<DuplicateKeyCheckRow[]> {
  return queryRows(
    db,
    "findings_duplicate_key_checks",
    `SELECT i.indexrelid::int8 AS oid,
            format('SELECT %s, count(*) AS copies FROM %I.%I WHERE %s GROUP BY %s HAVING count(*) > 1',
                   k.cols, n.nspname, t.relname,
                   array_to_string(
                     CASE WHEN COALESCE((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false)
                          THEN ARRAY[]::text[] ELSE k.not_null END
                     || CASE WHEN i.indpred IS NOT NULL THEN ARRAY[pg_get_expr(i.indpred, i.indrelid)] ELSE ARRAY[]::text[] END
                     || ARRAY['true'],
                     ' AND '),
                   k.cols) AS list_sql
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL (
         SELECT string_agg(pg_get_indexdef(i.indexrelid, c, true), ', ' ORDER BY c) AS cols,
                array_agg('(' || pg_get_indexdef(i.indexrelid, c, true) || ') IS NOT NULL' ORDER BY c) AS not_null
           FROM generate_series(1, i.indnkeyatts) c
       ) k
      WHERE i.indisunique AND NOT i.indisvalid
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'`,
    [],
    duplicateKeyCheckRow,
  );
}

/**
 * How many key values are duplicated, by running the listing query under the pool's
 * statement timeout. It reads the table: a role that may not (pg_monitor alone) gets null,
 * with the reason.
 */
export async function countDuplicateKeys(
  db: Queryable,
  listSql: string,
): Promise<{ count: number | null; unknown: string | null }> {
  try {
    const [row] = await queryRows(
      db,
      "findings_duplicate_key_count",
      `SELECT count(*) AS n FROM (${listSql}) duplicates`,
      [],
      z.object({ n: pgCount }),
    );
    return { count: row?.n ?? 0, unknown: null };
  } catch (error) {
    return { count: null, unknown: error instanceof Error ? error.message : String(error) };
  }
}
