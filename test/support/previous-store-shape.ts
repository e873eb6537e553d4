import type pg from "pg";
import { z } from "zod";
import { pgCount, pgInt } from "@/lib/db/columns";
import { queryRows } from "@/lib/db/query";
import type { PollBatch } from "@/lib/sampler/poll-batch";
import { MIGRATIONS } from "@/lib/store/migrations";

/*
 * The store as the version before migration 0013 wrote and read it (one `samples_raw` row
 * per changed index per poll), frozen here so that tests can build a store of that shape,
 * read it the old way, migrate it and compare (test/integration/store-compact.integration.test.ts).
 * Copied from lib/store/history-writer.ts, last-seen-reads.ts and index-identity-reads.ts
 * as they were; never to be "fixed" along with the current ones.
 */

export const PREVIOUS_MIGRATIONS = MIGRATIONS.filter((m) => m.version < 13);

const PREVIOUS_POLL_STATEMENT = `WITH poll AS (
    INSERT INTO polls (target_id, polled_at, index_count, changed_count) VALUES ($1, $13, $14, $15)
    ON CONFLICT DO NOTHING RETURNING 1
  ), target AS (
    INSERT INTO targets AS t (id, first_seen, system_identifier, postmaster_started_at, stats_reset, db_activity,
                              last_poll_at, last_size_at, status)
    SELECT $1, $13, $16, $17, $18, $19, $13, $20, 'ok' FROM poll
    ON CONFLICT (id) DO UPDATE
       SET system_identifier = coalesce(excluded.system_identifier, t.system_identifier),
           postmaster_started_at = excluded.postmaster_started_at, stats_reset = excluded.stats_reset,
           db_activity = excluded.db_activity, last_poll_at = greatest(t.last_poll_at, excluded.last_poll_at),
           last_size_at = coalesce(excluded.last_size_at, t.last_size_at),
           status = 'ok', unreachable_since = NULL, last_error = NULL
  ), reachable AS (
    -- A successful poll closes the target's open "unreachable" event.
    UPDATE events SET ended_at = $13
     WHERE target_id = $1 AND kind = 'unreachable' AND ended_at IS NULL AND EXISTS (SELECT FROM poll)
  ), c AS (
    SELECT c.* FROM unnest($2::text[], $3::text[], $4::text[], $5::int8[], $6::int8[], $7::int8[], $8::int8[],
                           $9::int8[], $10::int8[], $11::int8[], $12::text[])
      AS c(schema_name, table_name, index_name, oid, scans, tuples_read, tuples_fetched,
           d_scans, d_tuples_read, d_tuples_fetched, definition)
     WHERE EXISTS (SELECT FROM poll)
  ), up AS (
    INSERT INTO index_identity AS ii (target_id, schema_name, table_name, index_name, current_oid, definition,
                                      first_seen, last_scans, last_tuples_read, last_tuples_fetched)
    SELECT $1, schema_name, table_name, index_name, oid, definition, $13, scans, tuples_read, tuples_fetched FROM c
    ON CONFLICT (target_id, schema_name, table_name, index_name) DO UPDATE
       SET current_oid = excluded.current_oid,
           definition = coalesce(excluded.definition, ii.definition),
           dropped_at = NULL,
           last_scans = excluded.last_scans,
           last_tuples_read = excluded.last_tuples_read,
           last_tuples_fetched = excluded.last_tuples_fetched
    RETURNING ii.id, ii.schema_name, ii.table_name, ii.index_name
  ), raw AS (
    INSERT INTO samples_raw (identity_id, polled_at, scans, tuples_read, tuples_fetched)
    SELECT up.id, $13, c.d_scans, c.d_tuples_read, c.d_tuples_fetched
      FROM up JOIN c USING (schema_name, table_name, index_name)
     WHERE c.d_scans <> 0 OR c.d_tuples_read <> 0 OR c.d_tuples_fetched <> 0
    ON CONFLICT DO NOTHING
    RETURNING identity_id, scans, tuples_read, tuples_fetched
  ), hourly AS (
    INSERT INTO usage_hourly AS h (identity_id, hour, scans, tuples_read, tuples_fetched)
    SELECT identity_id, date_trunc('hour', $13::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
           scans, tuples_read, tuples_fetched
      FROM raw
    ON CONFLICT (identity_id, hour) DO UPDATE
       SET scans = h.scans + excluded.scans,
           tuples_read = h.tuples_read + excluded.tuples_read,
           tuples_fetched = h.tuples_fetched + excluded.tuples_fetched
  ), target_daily AS (
    INSERT INTO usage_target_daily AS t (target_id, day, scans)
    SELECT $1, ($13::timestamptz AT TIME ZONE 'UTC')::date, sum(scans) FROM raw HAVING count(*) > 0
    ON CONFLICT (target_id, day) DO UPDATE SET scans = t.scans + excluded.scans
  ), daily AS (
    INSERT INTO usage_daily AS d (identity_id, day, scans, tuples_read, tuples_fetched)
    SELECT identity_id, ($13::timestamptz AT TIME ZONE 'UTC')::date, scans, tuples_read, tuples_fetched FROM raw
    ON CONFLICT (identity_id, day) DO UPDATE
       SET scans = d.scans + excluded.scans,
           tuples_read = d.tuples_read + excluded.tuples_read,
           tuples_fetched = d.tuples_fetched + excluded.tuples_fetched
  )
  SELECT count(*)::int AS written FROM poll`;

/** The previous writer's poll statement (counters-only polls: no sizes, drops or events). */
export async function previousWritePoll(pool: pg.Pool, b: PollBatch): Promise<void> {
  if (b.sizes.length || b.dropped.length || b.events.length) throw new Error("counters-only batches here");
  const c = b.changes;
  await pool.query(PREVIOUS_POLL_STATEMENT, [
    b.targetId,
    c.map((x) => x.schema),
    c.map((x) => x.table),
    c.map((x) => x.name),
    c.map((x) => x.oid),
    c.map((x) => x.counters.scans),
    c.map((x) => x.counters.tuplesRead),
    c.map((x) => x.counters.tuplesFetched),
    c.map((x) => x.delta.scans),
    c.map((x) => x.delta.tuplesRead),
    c.map((x) => x.delta.tuplesFetched),
    c.map((x) => x.definition ?? null),
    b.polledAt,
    b.indexCount,
    c.length,
    b.window.systemIdentifier,
    b.window.postmasterStartedAt,
    b.window.statsReset,
    b.window.databaseActivity,
    b.sizedAt ?? null,
  ]);
}

const rawRow = z.object({
  identity_id: pgInt,
  polled_at: z.date(),
  scans: pgCount,
  tuples_read: pgCount,
  tuples_fetched: pgCount,
});

/** Every raw sample of the previous shape, in the order readPollDeltas gives them. */
export async function previousRawSamples(pool: pg.Pool) {
  const rows = await queryRows(
    pool,
    "previous_raw_samples",
    `SELECT s.identity_id, s.polled_at, s.scans, s.tuples_read, s.tuples_fetched
       FROM samples_raw s ORDER BY s.polled_at, s.identity_id`,
    [],
    rawRow,
  );
  return rows.map((r) => ({
    identityId: r.identity_id,
    polledAt: r.polled_at,
    scans: r.scans,
    tuplesRead: r.tuples_read,
    tuplesFetched: r.tuples_fetched,
  }));
}

const lastSeenRow = z.object({
  schema_name: z.string(),
  table_name: z.string(),
  index_name: z.string(),
  seen_from: z.date().nullable(),
  seen_to: z.date(),
});

/** readLastSeenScanned as it read samples_raw. */
export function previousLastSeenScanned(pool: pg.Pool, targetId: string) {
  return queryRows(
    pool,
    "previous_last_seen_scanned",
    `SELECT i.schema_name, i.table_name, i.index_name,
            CASE WHEN r.polled_at IS NOT NULL
                 THEN (SELECT max(p.polled_at) FROM polls p
                        WHERE p.target_id = i.target_id AND p.polled_at < r.polled_at)
                 ELSE h.hour END AS seen_from,
            coalesce(r.polled_at, h.hour + interval '1 hour') AS seen_to
       FROM index_identity i
       LEFT JOIN LATERAL (SELECT s.polled_at FROM samples_raw s
                           WHERE s.identity_id = i.id AND s.scans > 0
                           ORDER BY s.polled_at DESC LIMIT 1) r ON true
       LEFT JOIN LATERAL (SELECT u.hour FROM usage_hourly u
                           WHERE u.identity_id = i.id AND u.scans > 0 AND NOT u.simulated
                           ORDER BY u.hour DESC LIMIT 1) h ON r.polled_at IS NULL
      WHERE i.target_id = $1 AND i.dropped_at IS NULL
        AND (r.polled_at IS NOT NULL OR h.hour IS NOT NULL)`,
    [targetId],
    lastSeenRow,
  );
}

const historyScansRow = z.object({
  schema_name: z.string(),
  table_name: z.string(),
  index_name: z.string(),
  first_seen: z.date(),
  scans: pgCount,
  simulated: z.boolean(),
  seen_after: z.date().nullable(),
  seen_by: z.date().nullable(),
});

/** getHistoryScans (every live index of the target) as it read samples_raw, in its answer's shape. */
export async function previousHistoryScans(pool: pg.Pool, targetId: string) {
  const rows = await queryRows(
    pool,
    "previous_history_scans",
    `SELECT i.schema_name, i.table_name, i.index_name,
            least(i.first_seen, d.first_day::timestamp AT TIME ZONE 'UTC') AS first_seen,
            coalesce(d.scans, 0)::int8 AS scans, coalesce(d.simulated, false) AS simulated,
            CASE WHEN r.polled_at IS NOT NULL
                 THEN (SELECT max(p.polled_at) FROM polls p WHERE p.target_id = $1 AND p.polled_at < r.polled_at)
                 ELSE coalesce(h.hour, ld.day::timestamp AT TIME ZONE 'UTC') END AS seen_after,
            coalesce(r.polled_at, h.hour + interval '1 hour', (ld.day + 1)::timestamp AT TIME ZONE 'UTC') AS seen_by
       FROM index_identity i
       LEFT JOIN LATERAL (SELECT sum(u.scans) AS scans, bool_or(u.simulated) AS simulated, min(u.day) AS first_day
                            FROM usage_daily u WHERE u.identity_id = i.id) d ON true
       LEFT JOIN LATERAL (SELECT s.polled_at FROM samples_raw s
                           WHERE s.identity_id = i.id AND s.scans > 0
                           ORDER BY s.polled_at DESC LIMIT 1) r ON true
       LEFT JOIN LATERAL (SELECT u.hour FROM usage_hourly u
                           WHERE u.identity_id = i.id AND u.scans > 0
                           ORDER BY u.hour DESC LIMIT 1) h ON true
       LEFT JOIN LATERAL (SELECT u.day FROM usage_daily u
                           WHERE u.identity_id = i.id AND u.scans > 0
                           ORDER BY u.day DESC LIMIT 1) ld ON true
      WHERE i.target_id = $1 AND i.dropped_at IS NULL`,
    [targetId],
    historyScansRow,
  );
  return rows.map((row) => ({
    schema: row.schema_name,
    table: row.table_name,
    name: row.index_name,
    firstSeenAt: row.first_seen.toISOString(),
    scansSinceFirstSeen: row.scans,
    lastSeenScanned:
      row.seen_by === null
        ? null
        : { after: (row.seen_after ?? row.first_seen).toISOString(), by: row.seen_by.toISOString() },
    includesSimulated: row.simulated,
  }));
}
