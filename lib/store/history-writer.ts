import type pg from "pg";
import { z } from "zod";
import { inTransaction } from "@/lib/db/transaction";
import type { PollBatch } from "@/lib/sampler/poll-batch";

/**
 * Writes one poll atomically: the poll row, the target's state, identities, the poll's deltas
 * (one compact row, lib/store/migrations/0013) and the hourly and daily roll-ups they feed,
 * in one statement; and on the polls that have them (sizing, drops, events) the rest in the
 * same transaction. The poll row is the idempotency key: a batch replayed after a store outage
 * (its commit may have gone through before the connection died) changes nothing, so nothing
 * is counted twice.
 *
 * Returns false when the batch had already been written.
 */
export async function writePollBatch(pool: pg.Pool, batch: PollBatch): Promise<boolean> {
  const hasExtras = batch.sizes.length > 0 || batch.dropped.length > 0 || batch.events.length > 0;
  // Most polls are counters only: one statement is its own transaction, and saves the three
  // round trips (BEGIN, COMMIT, a second statement) that were a third of the write.
  if (!hasExtras) return writePollStatement(pool, batch);
  // A batch already written changes nothing: committing it is as good as rolling it back.
  return inTransaction(pool, async (client) => {
    if (!(await writePollStatement(client, batch))) return false;
    await writeExtras(client, batch);
    return true;
  });
}

/**
 * Runs one of the writer's statements as a prepared statement: they run on every poll with
 * the same text, and planning the usage write (a CTE of eight parts) cost more than executing
 * it for a typical poll's hundred changes (bench/sampler-poll.ts).
 */
function run(db: pg.Pool | pg.PoolClient, name: string, text: string, values: unknown[]) {
  return db.query({ name, text: `/* indexwatch:${name} */ ${text}`, values });
}

/**
 * Every part below the poll row reads `poll`, so a replayed batch (the poll row exists: no
 * row returned) writes nothing. The target row is created by its first poll; foreign keys
 * to it are checked at the end of the statement, after every part has run.
 */
const POLL_STATEMENT = `WITH poll AS (
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
                                      first_seen, last_scans, last_tuples_read, last_tuples_fetched, last_scanned_at)
    SELECT $1, schema_name, table_name, index_name, oid, definition, $13, scans, tuples_read, tuples_fetched,
           CASE WHEN d_scans > 0 THEN $13::timestamptz END
      FROM c
    ON CONFLICT (target_id, schema_name, table_name, index_name) DO UPDATE
       SET current_oid = excluded.current_oid,
           definition = coalesce(excluded.definition, ii.definition),
           dropped_at = NULL,
           last_scans = excluded.last_scans,
           last_tuples_read = excluded.last_tuples_read,
           last_tuples_fetched = excluded.last_tuples_fetched,
           -- greatest() skips NULLs: a poll without scans keeps the time; a late replay never moves it back.
           last_scanned_at = greatest(ii.last_scanned_at, excluded.last_scanned_at)
    RETURNING ii.id, ii.schema_name, ii.table_name, ii.index_name
  ), raw AS (
    -- The indexes whose counters moved, with their identity: the poll's detail and what the roll-ups add.
    SELECT up.id AS identity_id, c.d_scans AS scans, c.d_tuples_read AS tuples_read, c.d_tuples_fetched AS tuples_fetched
      FROM up JOIN c USING (schema_name, table_name, index_name)
     WHERE c.d_scans <> 0 OR c.d_tuples_read <> 0 OR c.d_tuples_fetched <> 0
  ), detail AS (
    -- One row per poll, arrays sorted by identity: TOAST compresses them to a few bytes per index.
    INSERT INTO poll_deltas (target_id, polled_at, identity_ids, scans, tuples_read, tuples_fetched)
    SELECT $1, $13, array_agg(identity_id ORDER BY identity_id), array_agg(scans ORDER BY identity_id),
           array_agg(tuples_read ORDER BY identity_id), array_agg(tuples_fetched ORDER BY identity_id)
      FROM raw HAVING count(*) > 0
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

async function writePollStatement(db: pg.Pool | pg.PoolClient, b: PollBatch): Promise<boolean> {
  const c = b.changes;
  const result = await run(db, "store_poll_write", POLL_STATEMENT, [
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
  return writtenRow.parse(result.rows[0]).written === 1;
}

const writtenRow = z.object({ written: z.number().int() });

/** Sizes, drops and events: on the few polls that have them, after the poll statement. */
async function writeExtras(client: pg.PoolClient, b: PollBatch): Promise<void> {
  if (b.sizes.length) {
    const s = b.sizes;
    await run(
      client,
      "store_size_write",
      `WITH s AS (
         SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::int8[]) AS s(schema_name, table_name, index_name, size_bytes)
       ), u AS (
         UPDATE index_identity ii SET last_size_bytes = s.size_bytes
           FROM s
          WHERE ii.target_id = $1 AND ii.schema_name = s.schema_name AND ii.table_name = s.table_name
            AND ii.index_name = s.index_name
         RETURNING ii.id, s.size_bytes
       )
       INSERT INTO size_samples (identity_id, sampled_at, size_bytes) SELECT id, $6, size_bytes FROM u
       ON CONFLICT DO NOTHING`,
      [
        b.targetId,
        s.map((x) => x.schema),
        s.map((x) => x.table),
        s.map((x) => x.name),
        s.map((x) => x.sizeBytes),
        b.polledAt,
      ],
    );
  }

  const events = [
    ...b.events,
    ...b.dropped.map((index) => ({
      kind: "dropped",
      at: b.polledAt,
      endedAt: undefined,
      index,
      detail: "index no longer exists",
    })),
  ];
  if (b.dropped.length) {
    const d = b.dropped;
    await run(
      client,
      "store_index_dropped",
      `UPDATE index_identity ii SET dropped_at = $5
         FROM unnest($2::text[], $3::text[], $4::text[]) AS d(schema_name, table_name, index_name)
        WHERE ii.target_id = $1 AND ii.schema_name = d.schema_name AND ii.table_name = d.table_name
          AND ii.index_name = d.index_name`,
      [b.targetId, d.map((x) => x.schema), d.map((x) => x.table), d.map((x) => x.name), b.polledAt],
    );
  }
  if (events.length) await insertEvents(client, b.targetId, events);
}

interface EventRow {
  kind: string;
  at: Date;
  endedAt?: Date | undefined;
  index?: { schema: string; table: string; name: string } | undefined;
  detail: string;
}

export async function insertEvents(client: pg.ClientBase | pg.Pool, targetId: string, events: EventRow[]) {
  await client.query(
    `/* indexwatch:store_events_insert */
     INSERT INTO events (target_id, identity_id, at, ended_at, kind, detail)
     SELECT $1, ii.id, e.at, e.ended_at, e.kind, e.detail
       FROM unnest($2::timestamptz[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
            AS e(at, ended_at, kind, detail, schema_name, table_name, index_name)
       LEFT JOIN index_identity ii
              ON ii.target_id = $1 AND ii.schema_name = e.schema_name AND ii.table_name = e.table_name
             AND ii.index_name = e.index_name
     ON CONFLICT DO NOTHING`,
    [
      targetId,
      events.map((e) => e.at),
      events.map((e) => e.endedAt ?? null),
      events.map((e) => e.kind),
      events.map((e) => e.detail),
      events.map((e) => e.index?.schema ?? null),
      events.map((e) => e.index?.table ?? null),
      events.map((e) => e.index?.name ?? null),
    ],
  );
}

/**
 * The target did not answer: mark it and open one "unreachable" event, timed by the store's
 * clock (the target's is not there to ask). Repeated failures keep the same event open.
 */
export async function markTargetUnreachable(pool: pg.Pool, targetId: string, reason: string): Promise<void> {
  await pool.query(
    "/* indexwatch:store_target_ensure */ INSERT INTO targets (id) VALUES ($1) ON CONFLICT (id) DO NOTHING",
    [targetId],
  );
  await pool.query(
    `/* indexwatch:store_target_unreachable */
     WITH t AS (
       UPDATE targets SET status = 'unreachable', unreachable_since = coalesce(unreachable_since, now()), last_error = $2
        WHERE id = $1 RETURNING unreachable_since
     )
     INSERT INTO events (target_id, at, kind, detail)
     SELECT $1, t.unreachable_since, 'unreachable', $2 FROM t
     ON CONFLICT DO NOTHING`,
    [targetId, reason],
  );
}
