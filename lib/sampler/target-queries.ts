import { z } from "zod";
import type { CounterTotals } from "@/lib/analysis/counter-checksums";
import { float8Count, float8Oid, pgCount, pgInt, pgOid } from "@/lib/db/columns";
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
  database_counters: z.array(z.number()),
  catalog_version: z.string(),
  version_num: pgInt,
});
export type WindowRow = z.infer<typeof windowRow>;

/**
 * The target's clock, the facts that identify its statistics window, and a fingerprint of
 * the catalog: the tuple counters of pg_class, pg_index and pg_namespace, which move with
 * every CREATE, DROP, ALTER … RENAME (once the DDL's session flushes its statistics: at most
 * seconds later).
 */
export function readStatsWindow(db: Queryable): Promise<WindowRow> {
  return queryOne(
    db,
    "sampler_stats_window",
    `SELECT now() AS now,
            pg_postmaster_start_time() AS postmaster_started_at,
            d.stats_reset,
            -- Only pg_stat_reset() (or a crash) makes this fall: see lib/analysis/deltas.ts.
            (d.xact_commit + d.xact_rollback + d.blks_read + d.blks_hit + d.tup_returned + d.tup_fetched)::float8
              AS database_activity,
            -- Each of them on its own: the slow ones (writes, rollbacks, sessions) fall visibly
            -- even when reads after the reset outgrew the whole sum (see lib/analysis/deltas.ts).
            ARRAY[d.xact_commit, d.xact_rollback, d.blks_read, d.blks_hit, d.tup_returned, d.tup_fetched,
                  d.tup_inserted, d.tup_updated, d.tup_deleted, d.conflicts, d.temp_files, d.temp_bytes,
                  d.deadlocks, d.sessions]::float8[] AS database_counters,
            -- The functions pg_stat_sys_tables calls, for three relations only (the view would
            -- compute every system table's row first).
            (SELECT string_agg((pg_stat_get_tuples_inserted(r) + pg_stat_get_tuples_updated(r)
                                + pg_stat_get_tuples_deleted(r))::text, ',' ORDER BY r)
               FROM unnest(ARRAY['pg_catalog.pg_class'::regclass, 'pg_catalog.pg_index'::regclass,
                                 'pg_catalog.pg_namespace'::regclass]) AS r) AS catalog_version,
            current_setting('server_version_num')::int AS version_num
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

// The queries whose rows scale with the catalog: float8 columns, plain number schemas.
const count = float8Count.nullable();
const counterRow = z.object({
  oid: float8Oid,
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

const oidCounterRow = z.object({
  oid: float8Oid,
  scans: count,
  tuples_read: count,
  tuples_fetched: count,
});
export type OidCounterRow = z.infer<typeof oidCounterRow>;

/**
 * The rows of pg_stat_user_indexes (indexes of tables, TOAST tables and materialized views
 * outside the system schemas) straight from the catalog, as `x` (pg_index). One definition for
 * the OID-only and the moved-only reads: the moved read's count must match the OID-only one's.
 */
const SAMPLED_INDEXES = `FROM pg_index x
       JOIN pg_class c ON c.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 't', 'm')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'`;

/**
 * The same indexes and counters as readIndexCounters, without the names: the pg_stat_* calls
 * that pg_stat_user_indexes makes, over the same rows (indexes of tables, TOAST tables and
 * materialized views outside the system schemas), but no join for names and half the bytes.
 * About half the cost of the raw monitoring query; the sampler uses it while the catalog
 * stands still.
 */
export function readIndexCountersByOid(db: Queryable): Promise<OidCounterRow[]> {
  return queryRows(
    db,
    "sampler_index_counters_by_oid",
    `SELECT x.indexrelid::int8::float8 AS oid,
            pg_stat_get_numscans(x.indexrelid)::float8 AS scans,
            pg_stat_get_tuples_returned(x.indexrelid)::float8 AS tuples_read,
            pg_stat_get_tuples_fetched(x.indexrelid)::float8 AS tuples_fetched
       ${SAMPLED_INDEXES}`,
    [],
    oidCounterRow,
  );
}

/** Sums are taken modulo 2^52, so that they stay exact in a float8 and in a JS number. */
export const CHECKSUM_MODULUS = 2 ** 52;

const movedRow = z.object({
  index_count: float8Count,
  oid_sum: float8Count,
  counter_sum: float8Count,
  // [oid, scans, tuples read, tuples fetched] of each index scanned since `since`.
  moved: z.array(z.tuple([float8Oid, float8Count, float8Count, float8Count])).nullable(),
});

export interface MovedCounters {
  /** Indexes last scanned at or after `since`: the only ones that can have moved, mostly. */
  rows: OidCounterRow[];
  /** Over every index the full read would return: how many, and sums of OIDs and counters. */
  totals: CounterTotals;
}

/**
 * The counters of the indexes scanned since `since` (PostgreSQL 16+, which keeps each
 * index's last scan time), and checksums over all of them: the same pg_stat_* calls as
 * readIndexCountersByOid and about the same time on the server, but one row holding the
 * hundred or so that moved instead of ten thousand rows to send and parse. The checksums let
 * the caller prove that nothing outside those rows moved (lib/analysis/counter-checksums.ts);
 * when they do not add up, it reads everything.
 */
export async function readMovedIndexCounters(db: Queryable, since: Date): Promise<MovedCounters> {
  const row = await queryOne(
    db,
    "sampler_index_counters_moved",
    `SELECT count(*)::float8 AS index_count,
            (coalesce(sum(oid), 0) % $2)::float8 AS oid_sum,
            (coalesce(sum(scans + tuples_read + tuples_fetched), 0) % $2)::float8 AS counter_sum,
            array_agg(ARRAY[oid, scans, tuples_read, tuples_fetched]::float8[]) FILTER (WHERE last_scan >= $1) AS moved
       FROM (SELECT x.indexrelid::int8 AS oid,
                    pg_stat_get_numscans(x.indexrelid) AS scans,
                    pg_stat_get_tuples_returned(x.indexrelid) AS tuples_read,
                    pg_stat_get_tuples_fetched(x.indexrelid) AS tuples_fetched,
                    pg_stat_get_lastscan(x.indexrelid) AS last_scan
               ${SAMPLED_INDEXES}) s`,
    [since, CHECKSUM_MODULUS],
    movedRow,
  );
  return {
    rows: (row.moved ?? []).map(([oid, scans, tuplesRead, tuplesFetched]) => ({
      oid,
      scans,
      tuples_read: tuplesRead,
      tuples_fetched: tuplesFetched,
    })),
    totals: { count: row.index_count, oidSum: row.oid_sum, counterSum: row.counter_sum },
  };
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

const newIndexRow = z.object({
  oid: pgOid,
  definition: z.string().nullable(),
  size_bytes: pgCount.nullable(),
});

/**
 * Definitions and sizes of the given indexes (new OIDs only: created or rebuilt since the last
 * poll, so the pages show a rebuilt index's new size without waiting for the next sizing
 * poll); NULL for a locked one.
 */
export function readNewIndexes(db: Queryable, oids: number[]): Promise<z.infer<typeof newIndexRow>[]> {
  return queryRows(
    db,
    "sampler_new_indexes",
    `WITH ${LOCKED}
     SELECT i.indexrelid::int8 AS oid,
            CASE WHEN lk.relation IS NULL AND lt.relation IS NULL THEN pg_get_indexdef(i.indexrelid) END AS definition,
            CASE WHEN lk.relation IS NULL AND lt.relation IS NULL THEN pg_relation_size(i.indexrelid) END AS size_bytes
       FROM pg_index i
       LEFT JOIN locked lk ON lk.relation = i.indexrelid
       LEFT JOIN locked lt ON lt.relation = i.indrelid
      WHERE i.indexrelid = ANY($1::oid[])`,
    [oids],
    newIndexRow,
  );
}
