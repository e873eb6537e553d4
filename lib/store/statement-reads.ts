import type pg from "pg";
import { z } from "zod";
import { queryRows } from "@/lib/db/query";

/*
 * Reads of the statement history (migration 0011), for the Queries page, the statements API
 * and the index pages. Viewers read only these: never the target.
 */

/** The identity of one pg_stat_statements entry; queryid is a signed 64-bit integer, as text. */
export interface StatementKey {
  queryid: string;
  dbid: number;
  userid: number;
}

export interface StatementStat extends StatementKey {
  /** The store's id of the identity (stable while the history lives). */
  identityId: number;
  /** The normalised text, capped at STATEMENT_TEXT_MAX characters when stored. */
  query: string;
  calls: number;
  totalMs: number;
  /** totalMs / calls over the range; 0 when it was not called. */
  meanMs: number;
  rows: number;
  firstSeen: string;
  lastSeen: string;
}

export type StatementSort = "totalMs" | "calls" | "meanMs" | "rows";

export interface StatementRange {
  /** Days, YYYY-MM-DD (UTC), both included. */
  from: string;
  to: string;
}

export interface StatementStatsOptions extends StatementRange {
  limit: number;
  sort: StatementSort;
  offset?: number;
  /** Case-insensitive substring of the text. */
  q?: string;
}

const SORT_SQL: Record<StatementSort, string> = {
  totalMs: "total_ms DESC",
  calls: "calls DESC",
  meanMs: "mean_ms DESC",
  rows: "rows DESC",
};

// Sums arrive as float8 (exact below 2^53): plain number schemas.
const statRow = z.object({
  identity_id: z.number().int().positive(),
  queryid: z.string().regex(/^-?\d+$/),
  dbid: z.number().int().nonnegative(),
  userid: z.number().int().nonnegative(),
  query: z.string(),
  calls: z.number().nonnegative(),
  total_ms: z.number(),
  mean_ms: z.number(),
  rows: z.number().nonnegative(),
  first_seen: z.date(),
  last_seen: z.date(),
  total_count: z.number().int().nonnegative(),
});

/** `%` and `_` in a search are characters, not patterns. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function toStat(r: z.infer<typeof statRow>): StatementStat {
  return {
    identityId: r.identity_id,
    queryid: r.queryid,
    dbid: r.dbid,
    userid: r.userid,
    query: r.query,
    calls: r.calls,
    totalMs: r.total_ms,
    meanMs: r.mean_ms,
    rows: r.rows,
    firstSeen: r.first_seen.toISOString(),
    lastSeen: r.last_seen.toISOString(),
  };
}

/**
 * The statements of a target that ran within the days, with their calls, time and rows summed
 * over those days (daily roll-ups: today's row grows with every poll), best first by `sort`.
 * `total` counts every statement that matched, for paging.
 */
export async function readStatementPage(
  pool: pg.Pool,
  targetId: string,
  options: StatementStatsOptions,
): Promise<{ total: number; statements: StatementStat[] }> {
  const rows = await queryRows(
    pool,
    "store_statement_stats",
    `WITH sums AS (
       SELECT d.identity_id, sum(d.calls)::float8 AS calls, sum(d.total_ms)::float8 AS total_ms,
              sum(d.rows)::float8 AS rows
         FROM statement_usage_daily d
         JOIN statement_identity s ON s.id = d.identity_id
        WHERE s.target_id = $1 AND d.day BETWEEN $2::date AND $3::date
          AND ($6::text IS NULL OR s.query ILIKE $6)
        GROUP BY d.identity_id
       HAVING sum(d.calls) > 0
     )
     SELECT s.id::float8 AS identity_id, s.queryid::text AS queryid, s.dbid::float8 AS dbid,
            s.userid::float8 AS userid, s.query, x.calls, x.total_ms,
            CASE WHEN x.calls > 0 THEN x.total_ms / x.calls ELSE 0 END AS mean_ms, x.rows,
            s.first_seen, s.last_seen, (count(*) OVER ())::float8 AS total_count
       FROM sums x JOIN statement_identity s ON s.id = x.identity_id
      ORDER BY ${SORT_SQL[options.sort]}, s.id
      LIMIT $4 OFFSET $5`,
    [
      targetId,
      options.from,
      options.to,
      options.limit,
      options.offset ?? 0,
      options.q ? likePattern(options.q) : null,
    ],
    statRow,
  );
  return { total: rows[0]?.total_count ?? 0, statements: rows.map(toStat) };
}

/** readStatementPage without the count: the top statements of the range. */
export async function readStatementStats(
  pool: pg.Pool,
  targetId: string,
  options: StatementStatsOptions,
): Promise<StatementStat[]> {
  return (await readStatementPage(pool, targetId, options)).statements;
}

export interface StatementDayPoint extends StatementKey {
  /** YYYY-MM-DD (UTC). */
  day: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
}

const dayRow = z.object({
  queryid: z.string().regex(/^-?\d+$/),
  dbid: z.number().int().nonnegative(),
  userid: z.number().int().nonnegative(),
  day: z.string(),
  calls: z.number().nonnegative(),
  total_ms: z.number(),
  rows: z.number().nonnegative(),
});

/**
 * Calls, time and rows per day of the given statements within the days (only days with
 * calls: a missing day had none, or was not observed).
 */
export async function readStatementDailySeries(
  pool: pg.Pool,
  targetId: string,
  keys: StatementKey[],
  range: StatementRange,
): Promise<StatementDayPoint[]> {
  if (!keys.length) return [];
  const rows = await queryRows(
    pool,
    "store_statement_daily_series",
    `SELECT s.queryid::text AS queryid, s.dbid::float8 AS dbid, s.userid::float8 AS userid,
            to_char(d.day, 'YYYY-MM-DD') AS day, d.calls::float8 AS calls, d.total_ms::float8 AS total_ms,
            d.rows::float8 AS rows
       FROM unnest($2::int8[], $3::int8[], $4::int8[]) AS k(queryid, dbid, userid)
       JOIN statement_identity s
         ON s.target_id = $1 AND s.queryid = k.queryid AND s.dbid = k.dbid AND s.userid = k.userid
       JOIN statement_usage_daily d ON d.identity_id = s.id
      WHERE d.day BETWEEN $5::date AND $6::date
      ORDER BY s.id, d.day`,
    [
      targetId,
      keys.map((k) => k.queryid),
      keys.map((k) => k.dbid),
      keys.map((k) => k.userid),
      range.from,
      range.to,
    ],
    dayRow,
  );
  return rows.map((r) => ({
    queryid: r.queryid,
    dbid: r.dbid,
    userid: r.userid,
    day: r.day,
    calls: r.calls,
    totalMs: r.total_ms,
    meanMs: r.calls > 0 ? r.total_ms / r.calls : 0,
    rows: r.rows,
  }));
}

export interface StatementStatus {
  available: boolean;
  /** Why not, and how to turn it on; null when available. */
  reason: string | null;
  checkedAt: string;
  lastFullAt: string | null;
}

const statusRow = z.object({
  available: z.boolean(),
  reason: z.string().nullable(),
  checked_at: z.date(),
  last_full_at: z.date().nullable(),
});

/** What the sampler last found about pg_stat_statements on the target; null before it looked. */
export async function readStatementStatus(pool: pg.Pool, targetId: string): Promise<StatementStatus | null> {
  const rows = await queryRows(
    pool,
    "store_statement_status",
    "SELECT available, reason, checked_at, last_full_at FROM statement_status WHERE target_id = $1",
    [targetId],
    statusRow,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    available: row.available,
    reason: row.reason,
    checkedAt: row.checked_at.toISOString(),
    lastFullAt: row.last_full_at?.toISOString() ?? null,
  };
}

export interface StatementEvent {
  at: string;
  kind: "reset" | "dealloc" | "baseline";
  detail: string;
}

const eventRow = z.object({
  at: z.date(),
  kind: z.enum(["reset", "dealloc", "baseline"]),
  detail: z.string(),
});

/** Resets and deallocations of pg_stat_statements within the days (for the charts' marks). */
export async function readStatementEvents(
  pool: pg.Pool,
  targetId: string,
  range: StatementRange,
): Promise<StatementEvent[]> {
  const rows = await queryRows(
    pool,
    "store_statement_events",
    `SELECT at, kind, detail FROM statement_events
      WHERE target_id = $1 AND at >= $2::date AND at < $3::date + 1
      ORDER BY at LIMIT 500`,
    [targetId, range.from, range.to],
    eventRow,
  );
  return rows.map((r) => ({ at: r.at.toISOString(), kind: r.kind, detail: r.detail }));
}
