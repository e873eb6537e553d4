import type pg from "pg";
import type { StatementCounters, StatementWindow } from "@/lib/analysis/statement-deltas";
import { inTransaction } from "@/lib/db/transaction";

export interface StatementChange {
  queryid: string;
  dbid: number;
  userid: number;
  /** The capped text, for an entry the store has not seen; null for a known one. */
  query: string | null;
  counters: StatementCounters;
  delta: StatementCounters;
}

export interface StatementPoll {
  targetId: string;
  /** The target's clock. */
  polledAt: Date;
  available: boolean;
  reason: string | null;
  /** True when every entry was read (the slower cadence), not only the busiest. */
  full: boolean;
  window: StatementWindow | null;
  changes: StatementChange[];
  events: { kind: "reset" | "dealloc" | "baseline"; detail: string }[];
}

function run(db: pg.PoolClient, name: string, text: string, values: unknown[]) {
  return db.query({ name, text: `/* indexwatch:${name} */ ${text}`, values });
}

/**
 * Identities, sparse raw deltas and the hourly and daily roll-ups they feed, in one
 * statement: texts only arrive for new entries and are never overwritten (stored once).
 * A poll replayed at the same instant adds nothing (the raw row is the key).
 */
const CHANGES_STATEMENT = `WITH c AS (
    SELECT * FROM unnest($2::int8[], $3::int8[], $4::int8[], $5::text[], $6::int8[], $7::float8[], $8::int8[],
                         $9::int8[], $10::float8[], $11::int8[])
      AS c(queryid, dbid, userid, query, calls, total_ms, rows, d_calls, d_total_ms, d_rows)
  ), up AS (
    INSERT INTO statement_identity AS si (target_id, queryid, dbid, userid, query, first_seen, last_seen,
                                          last_calls, last_total_ms, last_rows)
    SELECT $1, queryid, dbid, userid, coalesce(query, ''), $12, $12, calls, total_ms, rows FROM c
    ON CONFLICT (target_id, queryid, dbid, userid) DO UPDATE
       SET query = CASE WHEN si.query = '' THEN excluded.query ELSE si.query END,
           last_seen = CASE WHEN excluded.last_calls <> si.last_calls THEN excluded.last_seen ELSE si.last_seen END,
           last_calls = excluded.last_calls, last_total_ms = excluded.last_total_ms, last_rows = excluded.last_rows
    RETURNING si.id, si.queryid, si.dbid, si.userid
  ), raw AS (
    INSERT INTO statement_samples_raw (identity_id, polled_at, calls, total_ms, rows)
    SELECT up.id, $12, c.d_calls, c.d_total_ms, c.d_rows
      FROM up JOIN c USING (queryid, dbid, userid)
     WHERE c.d_calls <> 0 OR c.d_total_ms <> 0 OR c.d_rows <> 0
    ON CONFLICT DO NOTHING
    RETURNING identity_id, calls, total_ms, rows
  ), hourly AS (
    INSERT INTO statement_usage_hourly AS h (identity_id, hour, calls, total_ms, rows)
    SELECT identity_id, date_trunc('hour', $12::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
           calls, total_ms, rows
      FROM raw
    ON CONFLICT (identity_id, hour) DO UPDATE
       SET calls = h.calls + excluded.calls, total_ms = h.total_ms + excluded.total_ms, rows = h.rows + excluded.rows
  )
  INSERT INTO statement_usage_daily AS d (identity_id, day, calls, total_ms, rows)
  SELECT identity_id, ($12::timestamptz AT TIME ZONE 'UTC')::date, calls, total_ms, rows FROM raw
  ON CONFLICT (identity_id, day) DO UPDATE
     SET calls = d.calls + excluded.calls, total_ms = d.total_ms + excluded.total_ms, rows = d.rows + excluded.rows`;

/** Writes one statement poll in one transaction: status, events, changes. */
export async function writeStatementPoll(pool: pg.Pool, poll: StatementPoll): Promise<void> {
  await inTransaction(pool, async (client) => {
    await run(
      client,
      "store_statement_target",
      "INSERT INTO targets (id) VALUES ($1) ON CONFLICT (id) DO NOTHING",
      [poll.targetId],
    );
    await run(
      client,
      "store_statement_status",
      `INSERT INTO statement_status AS s (target_id, available, reason, checked_at, last_full_at, info_stats_reset, info_dealloc)
       VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN $4::timestamptz END, $6, $7)
       ON CONFLICT (target_id) DO UPDATE
          SET available = excluded.available, reason = excluded.reason, checked_at = excluded.checked_at,
              last_full_at = coalesce(excluded.last_full_at, s.last_full_at),
              info_stats_reset = excluded.info_stats_reset, info_dealloc = excluded.info_dealloc`,
      [
        poll.targetId,
        poll.available,
        poll.reason,
        poll.polledAt,
        poll.full,
        poll.window?.statsReset ?? null,
        poll.window?.dealloc ?? null,
      ],
    );
    if (poll.events.length) {
      await run(
        client,
        "store_statement_events",
        `INSERT INTO statement_events (target_id, at, kind, detail)
         SELECT $1, $2, e.kind, e.detail FROM unnest($3::text[], $4::text[]) AS e(kind, detail)
         ON CONFLICT DO NOTHING`,
        [poll.targetId, poll.polledAt, poll.events.map((e) => e.kind), poll.events.map((e) => e.detail)],
      );
    }
    if (!poll.changes.length) return;
    const c = poll.changes;
    await run(client, "store_statement_changes", CHANGES_STATEMENT, [
      poll.targetId,
      c.map((x) => x.queryid),
      c.map((x) => x.dbid),
      c.map((x) => x.userid),
      c.map((x) => x.query),
      c.map((x) => Math.round(x.counters.calls)),
      c.map((x) => x.counters.totalMs),
      c.map((x) => Math.round(x.counters.rows)),
      c.map((x) => Math.round(x.delta.calls)),
      c.map((x) => x.delta.totalMs),
      c.map((x) => Math.round(x.delta.rows)),
      poll.polledAt,
    ]);
  });
}
