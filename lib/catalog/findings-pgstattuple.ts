import { z } from "zod";
import { pgCount, pgNumber } from "@/lib/db/columns";
import { type Queryable, queryOne, queryRows } from "@/lib/db/query";

/** Whether the pgstattuple extension is installed in the connected database. */
export async function hasPgstattuple(db: Queryable): Promise<boolean> {
  const row = await queryOne(
    db,
    "findings_has_pgstattuple",
    "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pgstattuple') AS installed",
    [],
    z.object({ installed: z.boolean() }),
  );
  return row.installed;
}

const pgstatindexRow = z.object({
  index_size: pgCount,
  leaf_pages: pgCount,
  empty_pages: pgCount,
  deleted_pages: pgCount,
  avg_leaf_density: pgNumber,
  leaf_fragmentation: pgNumber,
});

export type PgstatindexRow = z.infer<typeof pgstatindexRow>;

/**
 * The exact state of one btree index from pgstattuple's pgstatindex(): it reads every page,
 * so it runs only on demand, for one index. Needs pg_stat_scan_tables (or superuser).
 */
export function readPgstatindex(db: Queryable, indexOid: number): Promise<PgstatindexRow> {
  return queryOne(
    db,
    "findings_pgstatindex",
    `SELECT index_size, leaf_pages, empty_pages, deleted_pages, avg_leaf_density, leaf_fragmentation
       FROM pgstatindex($1::oid::regclass)`,
    [indexOid],
    pgstatindexRow,
  );
}

/** The access method of an index (btree, gin…), or null when there is no such index. */
export async function indexMethodOf(db: Queryable, indexOid: number): Promise<string | null> {
  const rows = await queryRows(
    db,
    "findings_index_method",
    `SELECT am.amname AS method
       FROM pg_class c JOIN pg_am am ON am.oid = c.relam
      WHERE c.oid = $1 AND c.relkind = 'i'`,
    [indexOid],
    z.object({ method: z.string() }),
  );
  return rows[0]?.method ?? null;
}
