import type pg from "pg";
import { z } from "zod";
import { pgCount, pgNumber } from "@/lib/db/columns";
import { isConnectionError } from "@/lib/db/pool";
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

// One key for exact measurements in a target database; any constant of ours would do.
const EXACT_MEASUREMENT_LOCK_KEY = 7_355_608_101;

/**
 * pgstatindex() alone and bounded: in a transaction holding an advisory lock that every app
 * process asks for first (null when another measurement holds it), with its own statement
 * and lock timeouts. The transaction ends the lock even if the app dies half-way.
 */
export async function readPgstatindexAlone(
  pool: pg.Pool,
  indexOid: number,
  timeoutMs: number,
): Promise<PgstatindexRow | null> {
  const client = await pool.connect();
  let broken: unknown;
  try {
    await client.query("BEGIN");
    const { locked } = await queryOne(
      client,
      "findings_exact_measurement_lock",
      `SELECT pg_try_advisory_xact_lock($1) AS locked,
              set_config('statement_timeout', $2, true), set_config('lock_timeout', $2, true)`,
      [EXACT_MEASUREMENT_LOCK_KEY, `${Math.trunc(timeoutMs)}ms`],
      z.object({ locked: z.boolean() }),
    );
    return locked ? await readPgstatindex(client, indexOid) : null;
  } catch (error) {
    broken = error;
    throw error;
  } finally {
    // A connection that broke is thrown away, not handed to the next reader.
    if (isConnectionError(broken)) client.release(true);
    else {
      await client.query("ROLLBACK").catch(() => undefined);
      client.release();
    }
  }
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
