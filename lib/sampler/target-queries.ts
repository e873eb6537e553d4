import { z } from "zod";
import { pgCount, pgInt, pgOid } from "@/lib/db/columns";
import { type Queryable, queryOne, queryRows } from "@/lib/db/query";

/*
 * The sampler's reads of a target, cheapest first. Counters every poll, sizes now and then,
 * definitions only for OIDs we have not seen, the system identifier only when the postmaster
 * changed. All of them run on the monitoring pool (statement_timeout, lock_timeout).
 */

const windowRow = z.object({
  now: z.date(),
  postmaster_started_at: z.date(),
  stats_reset: z.date().nullable(),
  database_activity: pgInt,
});
export type WindowRow = z.infer<typeof windowRow>;

/** The target's clock and the facts that identify its statistics window. */
export function readStatsWindow(db: Queryable): Promise<WindowRow> {
  return queryOne(
    db,
    "sampler_stats_window",
    `SELECT now() AS now,
            pg_postmaster_start_time() AS postmaster_started_at,
            d.stats_reset,
            -- Only pg_stat_reset() (or a crash) makes this fall: see lib/analysis/deltas.ts.
            (d.xact_commit + d.xact_rollback + d.blks_read + d.blks_hit + d.tup_returned + d.tup_fetched)::float8
              AS database_activity
       FROM pg_stat_database d
      WHERE d.datname = current_database()`,
    [],
    windowRow,
  );
}

/**
 * pg_control_system() is not granted to pg_monitor on every version: without it we degrade to
 * the postmaster start time and stats_reset, which catch every restore we know of but one
 * taken while the old server kept running.
 */
export async function readSystemIdentifier(db: Queryable): Promise<string | null> {
  try {
    const row = await queryOne(
      db,
      "sampler_system_identifier",
      "SELECT system_identifier::text AS id FROM pg_control_system()",
      [],
      z.object({ id: z.string() }),
    );
    return row.id;
  } catch (error) {
    if ((error as { code?: unknown }).code === "42501") return null;
    throw error;
  }
}

// The one query whose rows scale with the catalog: columns come as float8 (exact below 2^53,
// and a JS number whatever type parsers are installed), so each row is checked with plain
// number schemas, about four times cheaper than the string-or-number column parsers.
const count = z.number().int().nonnegative().nullable();
const counterRow = z.object({
  oid: z.number().int().positive().max(4_294_967_295),
  schema: z.string(),
  table: z.string(),
  name: z.string(),
  scans: count,
  tuples_read: count,
  tuples_fetched: count,
});
export type CounterRow = z.infer<typeof counterRow>;

/** The scan counters of every user index: the sampler's one per-poll query of any size. */
export function readIndexCounters(db: Queryable): Promise<CounterRow[]> {
  return queryRows(
    db,
    "sampler_index_counters",
    `SELECT s.indexrelid::int8::float8 AS oid, s.schemaname AS schema, s.relname AS "table", s.indexrelname AS name,
            s.idx_scan::float8 AS scans, s.idx_tup_read::float8 AS tuples_read, s.idx_tup_fetch::float8 AS tuples_fetched
       FROM pg_stat_user_indexes s`,
    [],
    counterRow,
  );
}

// Relations someone holds an ACCESS EXCLUSIVE lock on: sizing or describing them would queue.
const LOCKED = `locked AS (
  SELECT DISTINCT l.relation
    FROM pg_locks l
   WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' AND l.granted
     AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))`;

const sizeRow = z.object({ oid: pgOid, size_bytes: pgCount.nullable() });

/** Index sizes; NULL for an index or table under an ACCESS EXCLUSIVE lock (skipped, not waited on). */
export function readIndexSizes(db: Queryable): Promise<z.infer<typeof sizeRow>[]> {
  return queryRows(
    db,
    "sampler_index_sizes",
    `WITH ${LOCKED}
     SELECT s.indexrelid::int8 AS oid,
            CASE WHEN lk.relation IS NULL AND lt.relation IS NULL THEN pg_relation_size(s.indexrelid) END AS size_bytes
       FROM pg_stat_user_indexes s
       LEFT JOIN locked lk ON lk.relation = s.indexrelid
       LEFT JOIN locked lt ON lt.relation = s.relid`,
    [],
    sizeRow,
  );
}

const definitionRow = z.object({ oid: pgOid, definition: z.string().nullable() });

/** Definitions of the given indexes (new OIDs only); NULL for a locked one. */
export function readIndexDefinitions(
  db: Queryable,
  oids: number[],
): Promise<z.infer<typeof definitionRow>[]> {
  return queryRows(
    db,
    "sampler_index_definitions",
    `WITH ${LOCKED}
     SELECT i.indexrelid::int8 AS oid,
            CASE WHEN lk.relation IS NULL AND lt.relation IS NULL THEN pg_get_indexdef(i.indexrelid) END AS definition
       FROM pg_index i
       LEFT JOIN locked lk ON lk.relation = i.indexrelid
       LEFT JOIN locked lt ON lt.relation = i.indrelid
      WHERE i.indexrelid = ANY($1::oid[])`,
    [oids],
    definitionRow,
  );
}
