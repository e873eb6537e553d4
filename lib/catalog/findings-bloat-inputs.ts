import { z } from "zod";
import { pgCount, pgNumber, pgOid } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

const bloatInputRow = z.object({
  oid: pgOid,
  block_size: pgCount,
  relpages: pgCount,
  reltuples: pgNumber,
  fillfactor: pgCount,
  column_widths: z.array(z.number().nullable()),
  null_fractions: z.array(z.number().nullable()),
  column_lengths: z.array(z.number().int()),
});

export type BloatInputRow = z.infer<typeof bloatInputRow>;

/**
 * What the btree bloat estimate needs: pages and tuples from pg_class (no lock taken), the
 * fillfactor from reloptions (btree default 90), and each column's average width and null
 * fraction from pg_stats (the index's own statistics for expression columns), and the
 * stored length of fixed-width columns (attlen). pg_stats shows only columns the role may
 * read: without it a variable-width column cannot be estimated.
 */
export function listBloatInputs(db: Queryable): Promise<BloatInputRow[]> {
  return queryRows(
    db,
    "findings_bloat_inputs",
    `SELECT c.oid::int8 AS oid,
            current_setting('block_size')::int AS block_size,
            c.relpages,
            c.reltuples,
            coalesce((SELECT substring(o FROM '^fillfactor=(\\d+)$')::int
                        FROM unnest(c.reloptions) o WHERE o LIKE 'fillfactor=%'), 90) AS fillfactor,
            to_json(cols.widths) AS column_widths,
            to_json(cols.null_fractions) AS null_fractions,
            to_json(cols.lengths) AS column_lengths
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_am am ON am.oid = c.relam
       CROSS JOIN LATERAL (
         SELECT array_agg(st.avg_width ORDER BY k) AS widths,
                array_agg(st.null_frac ORDER BY k) AS null_fractions,
                array_agg(ia.attlen::int ORDER BY k) AS lengths
           FROM generate_series(0, i.indnatts - 1) AS k
           LEFT JOIN pg_attribute ta ON ta.attrelid = i.indrelid AND ta.attnum = i.indkey[k]
           LEFT JOIN pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = k + 1
           LEFT JOIN pg_stats st
                  ON st.schemaname = n.nspname AND NOT st.inherited
                 AND ((i.indkey[k] <> 0 AND st.tablename = t.relname AND st.attname = ta.attname)
                   OR (i.indkey[k] = 0 AND st.tablename = c.relname AND st.attname = ia.attname))
       ) cols
      WHERE am.amname = 'btree' AND c.relkind = 'i' AND i.indisvalid
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'`,
    [],
    bloatInputRow,
  );
}
