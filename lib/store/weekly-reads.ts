import type pg from "pg";
import { z } from "zod";
import { firstInOrder } from "@/lib/analysis/first-in-order";
import { weekWindows } from "@/lib/analysis/rollup";
import { byWeeklyDefaultOrder, selectWeeklyRows, type WeeklyFilter } from "@/lib/analysis/rollup-filter";
import {
  comparedWindows,
  type ObservedTableRollup,
  type ObservedWeekChange,
  observedChangeRatio,
  observedDays,
  observedSpans,
  observedTrend,
  rollupTablesObserved,
  type Span,
  selectTables,
} from "@/lib/analysis/week-over-week";
import { float8Count, float8Id, float8Oid, pgCount, pgInt } from "@/lib/db/columns";
import { queryRows } from "@/lib/db/query";
import { inTransaction } from "@/lib/db/transaction";
import { eventRow, toUsageEvent, type UsageEvent } from "./usage-reads";

export interface WeeklyIndexRow extends ObservedWeekChange {
  oid: number;
  schema: string;
  table: string;
  name: string;
  dropped: boolean;
  firstSeenAt: string;
  simulated: boolean;
  /** Scans so far on the partial day (today), when the range includes it. */
  todayScans: number;
}

/** The per-table list's search and page (the list itself can hold 10,000 tables). */
export interface WeeklyTablesFilter {
  q?: string;
  offset?: number;
  limit?: number;
}

export interface WeeklyUsage {
  targetId: string;
  from: string;
  to: string;
  weeks: number;
  /** The two compared weeks: complete days only; `observedDays` of 7 were watched. */
  thisWeek: { from: string; to: string; observedDays: number; scans: number };
  lastWeek: { from: string; to: string; observedDays: number; scans: number };
  /** Today, when the range ends on it: partial, shown apart and never compared. */
  partialDay: { day: string; scans: number; observedDays: number } | null;
  days: string[];
  /** Scans per day of every index together (for the overview chart); `observed` is 0 to 1. */
  dailyTotals: Array<{ day: string; scans: number; simulated: boolean; observed: number }>;
  /** Scans per day of the `top` busiest indexes this week (one series each). */
  topSeries: Array<{ oid: number; name: string; table: string; scans: number[] }>;
  /** The requested page of the week-over-week table (filtered, sorted). */
  indexes: WeeklyIndexRow[];
  /** Indexes matching the filter, and all indexes of the target in the range. */
  matchedIndexes: number;
  totalIndexes: number;
  /** The requested page of the per-table list (busiest first), how many match, how many in all. */
  tables: ObservedTableRollup[];
  tablesMatched: number;
  tablesTotal: number;
  /** At most LIST_CAP each, busiest first; the counts are complete. */
  newlyUnused: WeeklyIndexRow[];
  newlyUsed: WeeklyIndexRow[];
  newlyUnusedCount: number;
  newlyUsedCount: number;
  events: UsageEvent[];
  /** Where the demo's simulated history ends (null for real history only). */
  simulatedUntil: string | null;
  /** False when the range had gaps (target unreachable, store down). */
  complete: boolean;
  /** When history collection started for this target. */
  observedSince: string | null;
}

const LIST_CAP = 200;

/**
 * Hashing two weeks of daily rows per index (700,000 rows at 50,000 indexes) needs about
 * 15 MB; at the default 4 MB the aggregate spills to disk and takes twice as long.
 */
const WEEKLY_WORK_MEM = "32MB";

// One row per index of the target, 50,000 on a large catalog: float8 numbers (see
// float8Count) and first_seen as ISO text, so each row is checked with plain schemas (no union
// parsers, no timestamp parsing), which was a third of this read's time (bench/weekly-usage.ts).
const count = float8Count;
const weeklyRow = z.object({
  id: float8Id,
  oid: float8Oid,
  schema_name: z.string(),
  table_name: z.string(),
  index_name: z.string(),
  dropped: z.boolean(),
  first_seen: z.string(),
  this_week: count,
  last_week: count,
  today: count,
  simulated: z.boolean(),
});

const dailyTotalRow = z.object({ day: z.string(), scans: pgCount, simulated: z.boolean() });
const topRow = z.object({ id: pgInt, day: z.string(), scans: pgCount });
const targetRow = z.object({
  first_seen: z.date(),
  first_seen_text: z.string(),
  first_seen_ms: z.number(),
  last_poll_ms: z.number().nullable(),
  last_poll_at: z.date().nullable(),
  simulated_until: z.date().nullable(),
  today: z.string(),
  gaps: pgCount,
  sole: z.boolean(),
});
/** A span of time as epoch milliseconds (float8 from the store, no Date parsing). */
const spanRow = z.object({ kind: z.string(), from_ms: z.number(), to_ms: z.number() });

/**
 * The Weekly usage page in one call: the two rolling weeks at the end of [from, to], per
 * index and per table, newly unused and newly used indexes, daily totals and the busiest
 * indexes' daily series. Indexes dropped before the range are left out. One read-only
 * snapshot, so that the totals, the table and the lists agree with each other.
 */
export async function getWeeklyUsage(
  pool: pg.Pool,
  targetId: string,
  range: { from: string; to: string; top?: number; filter?: WeeklyFilter; tables?: WeeklyTablesFilter },
): Promise<WeeklyUsage | null> {
  return inTransaction(
    pool,
    async (client) => {
      await client.query(`SET LOCAL work_mem = '${WEEKLY_WORK_MEM}'`);
      return readWeekly(client, targetId, range);
    },
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
  );
}

async function readWeekly(
  db: pg.PoolClient,
  targetId: string,
  range: { from: string; to: string; top?: number; filter?: WeeklyFilter; tables?: WeeklyTablesFilter },
): Promise<WeeklyUsage | null> {
  const targets = await queryRows(
    db,
    "store_weekly_target",
    `SELECT first_seen, last_poll_at, simulated_until,
            to_char(first_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS first_seen_text,
            extract(epoch FROM first_seen)::float8 * 1000 AS first_seen_ms,
            extract(epoch FROM last_poll_at)::float8 * 1000 AS last_poll_ms,
            (now() AT TIME ZONE 'UTC')::date::text AS today,
            (SELECT count(*) FROM events e WHERE e.target_id = t.id AND e.kind IN ('unreachable', 'store_gap')
                AND e.at < ($3::date + 1)::timestamp AT TIME ZONE 'UTC'
                AND coalesce(e.ended_at, now()) >= $2::date::timestamp AT TIME ZONE 'UTC') AS gaps,
            (SELECT count(*) = 1 FROM targets) AS sole
       FROM targets t WHERE t.id = $1`,
    [targetId, range.from, range.to],
    targetRow,
  );
  const target = targets[0];
  if (!target) return null;
  const w = weekWindows(range.from, range.to);
  const compared = comparedWindows(range.to, target.today);
  // From the earlier of the range's start and the compared weeks' (a one-week range compares two).
  const spansFrom = [compared.lastWeek.from, range.from].sort()[0] as string;
  const spans = await readObservedSpans(db, targetId, target, spansFrom, range.to);
  const { rows: indexes, ids } = await readWeeklyIndexes(
    db,
    targetId,
    compared,
    range.from,
    target.sole,
    (since) => ({
      observedThisWeek: roundDays(observedDays(spans, compared.thisWeek.from, compared.thisWeek.to, since)),
      observedLastWeek: roundDays(observedDays(spans, compared.lastWeek.from, compared.lastWeek.to, since)),
    }),
    target.first_seen_text,
  );

  const top = topIndexes(indexes, range.top ?? 8);
  const topSeries = await readTopSeries(
    db,
    top.map((k) => ids[k] as number),
    w.days,
    range,
  );
  const totals = await queryRows(
    db,
    "store_weekly_daily_totals",
    // From the per-target roll-up (one row per day), kept with usage_daily by the writers.
    `SELECT day::text AS day, scans, simulated
       FROM usage_target_daily
      WHERE target_id = $1 AND day BETWEEN $2::date AND $3::date
      ORDER BY day`,
    [targetId, range.from, range.to],
    dailyTotalRow,
  );
  const totalByDay = new Map(totals.map((t) => [t.day, t]));
  const events = await queryRows(
    db,
    "store_weekly_events",
    `SELECT at, ended_at, kind, detail, identity_id IS NULL AS target_wide
       FROM events
      WHERE target_id = $1 AND at < ($3::date + 1)::timestamp AT TIME ZONE 'UTC'
        AND coalesce(ended_at, at) >= $2::date::timestamp AT TIME ZONE 'UTC'
        AND kind <> 'dropped'
      ORDER BY at LIMIT 200`,
    [targetId, range.from, range.to],
    eventRow,
  );
  const page = selectWeeklyRows(indexes, range.filter ?? {});
  const allTables = rollupTablesObserved(indexes);
  const tables = selectTables(allTables, range.tables ?? {});
  const newlyUnused = indexes.filter((r) => r.trend === "newly_unused");
  const newlyUsed = indexes.filter((r) => r.trend === "newly_used");
  return {
    targetId,
    from: range.from,
    to: range.to,
    weeks: Math.round(w.days.length / 7),
    thisWeek: {
      ...compared.thisWeek,
      observedDays: roundDays(observedDays(spans, compared.thisWeek.from, compared.thisWeek.to)),
      scans: indexes.reduce((sum, r) => sum + r.thisWeek, 0),
    },
    lastWeek: {
      ...compared.lastWeek,
      observedDays: roundDays(observedDays(spans, compared.lastWeek.from, compared.lastWeek.to)),
      scans: indexes.reduce((sum, r) => sum + r.lastWeek, 0),
    },
    partialDay: compared.partialDay
      ? {
          day: compared.partialDay,
          scans: totalByDay.get(compared.partialDay)?.scans ?? 0,
          observedDays: roundDays(observedDays(spans, compared.partialDay, compared.partialDay)),
        }
      : null,
    days: w.days,
    dailyTotals: w.days.map((day) => ({
      day,
      scans: totalByDay.get(day)?.scans ?? 0,
      simulated: totalByDay.get(day)?.simulated ?? false,
      observed: roundDays(observedDays(spans, day, day)),
    })),
    topSeries: top.map((k, n) => {
      const index = indexes[k] as WeeklyIndexRow;
      return { oid: index.oid, name: index.name, table: index.table, scans: topSeries[n] as number[] };
    }),
    indexes: page.rows,
    matchedIndexes: page.matched,
    totalIndexes: indexes.length,
    tables: tables.rows,
    tablesMatched: tables.matched,
    tablesTotal: allTables.length,
    newlyUnused: firstInOrder(newlyUnused, LIST_CAP, byWeeklyDefaultOrder),
    newlyUsed: firstInOrder(newlyUsed, LIST_CAP, byWeeklyDefaultOrder),
    newlyUnusedCount: newlyUnused.length,
    newlyUsedCount: newlyUsed.length,
    events: events.map(toUsageEvent),
    simulatedUntil: target.simulated_until?.toISOString() ?? null,
    complete: target.gaps === 0,
    observedSince: target.last_poll_at ? target.first_seen.toISOString() : null,
  };
}

/** Every index of the target in the range with its two weeks' scans; `ids[k]` is row k's identity. */
async function readWeeklyIndexes(
  db: pg.PoolClient,
  targetId: string,
  w: ReturnType<typeof comparedWindows>,
  rangeFrom: string,
  soleTarget: boolean,
  observedSince: (sinceMs: number) => { observedThisWeek: number; observedLastWeek: number },
  targetFirstSeen: string,
): Promise<{ rows: WeeklyIndexRow[]; ids: number[] }> {
  // With one target in the store (the usual case) every daily row is this target's: the
  // aggregate then skips the join to index_identity, which halves its time at 50k indexes.
  const ofTarget = soleTarget
    ? "AND $1::text IS NOT NULL"
    : "AND d.identity_id IN (SELECT id FROM index_identity WHERE target_id = $1)";
  const parsed = await queryRows(
    db,
    "store_weekly_indexes",
    `WITH u AS (
       SELECT d.identity_id,
              -- float8 sums: exact below 2^53 and cheaper than numeric's per row.
              sum(d.scans::float8) FILTER (WHERE d.day BETWEEN $2::date AND $4::date) AS this_week,
              sum(d.scans::float8) FILTER (WHERE d.day < $2::date) AS last_week,
              sum(d.scans::float8) FILTER (WHERE d.day = $6::date) AS today,
              bool_or(d.simulated) AS simulated
         FROM usage_daily d
        WHERE d.day BETWEEN $3::date AND coalesce($6::date, $4::date) ${ofTarget}
        GROUP BY d.identity_id
     )
     SELECT i.id::float8 AS id, i.current_oid::float8 AS oid, i.schema_name, i.table_name, i.index_name,
            i.dropped_at IS NOT NULL AS dropped,
            to_char(i.first_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS first_seen,
            coalesce(u.this_week, 0)::float8 AS this_week, coalesce(u.last_week, 0)::float8 AS last_week,
            coalesce(u.today, 0)::float8 AS today,
            coalesce(u.simulated, false) AS simulated
       FROM index_identity i
       LEFT JOIN u ON u.identity_id = i.id
      WHERE i.target_id = $1 AND (i.dropped_at IS NULL OR i.dropped_at >= $5::date::timestamp AT TIME ZONE 'UTC')`,
    [targetId, w.thisWeek.from, w.lastWeek.from, w.thisWeek.to, rangeFrom, w.partialDay],
    weeklyRow,
  );
  // Indexes there since the target's first poll share the target's observation (simulated
  // demo history included); one added later is observed from when it was first seen.
  const sinceStart = observedSince(0);
  const rows: WeeklyIndexRow[] = new Array(parsed.length);
  const ids: number[] = new Array(parsed.length);
  for (let k = 0; k < parsed.length; k++) {
    const r = parsed[k] as z.infer<typeof weeklyRow>;
    ids[k] = r.id;
    // One object per index, built whole: at 50,000 rows spreads and copies were most of the
    // garbage collector's work.
    const observed = r.first_seen <= targetFirstSeen ? sinceStart : observedSince(Date.parse(r.first_seen));
    const row: WeeklyIndexRow = {
      oid: r.oid,
      schema: r.schema_name,
      table: r.table_name,
      name: r.index_name,
      dropped: r.dropped,
      firstSeenAt: r.first_seen,
      simulated: r.simulated,
      todayScans: r.today,
      thisWeek: r.this_week,
      lastWeek: r.last_week,
      observedThisWeek: observed.observedThisWeek,
      observedLastWeek: observed.observedLastWeek,
      change: r.this_week - r.last_week,
      changeRatio: null,
      trend: "not_observed",
    };
    row.changeRatio = observedChangeRatio(row);
    row.trend = observedTrend(row);
    rows[k] = row;
  }
  return { rows, ids };
}

/** Days to one decimal: what the page shows, and stable across polls within a few minutes. */
function roundDays(days: number): number {
  return Math.round(days * 100) / 100;
}

/**
 * What the store watched of the target from `from` to the end of `to`: its simulated demo
 * history, and its real polls from the first to the last, without the gaps (target
 * unreachable, store writes lost).
 */
async function readObservedSpans(
  db: pg.PoolClient,
  targetId: string,
  target: z.infer<typeof targetRow>,
  from: string,
  to: string,
): Promise<Span[]> {
  const rows = await queryRows(
    db,
    "store_weekly_observed_spans",
    `SELECT kind, extract(epoch FROM at)::float8 * 1000 AS from_ms,
            extract(epoch FROM coalesce(ended_at, now()))::float8 * 1000 AS to_ms
       FROM events
      WHERE target_id = $1 AND kind IN ('simulated', 'unreachable', 'store_gap')
        AND at < ($3::date + 1)::timestamp AT TIME ZONE 'UTC'
        AND coalesce(ended_at, now()) >= $2::date::timestamp AT TIME ZONE 'UTC'`,
    [targetId, from, to],
    spanRow,
  );
  const watched: Span[] = rows
    .filter((r) => r.kind === "simulated")
    .map((r) => ({ from: r.from_ms, to: r.to_ms }));
  if (target.last_poll_ms !== null) watched.push({ from: target.first_seen_ms, to: target.last_poll_ms });
  const gaps = rows.filter((r) => r.kind !== "simulated").map((r) => ({ from: r.from_ms, to: r.to_ms }));
  return observedSpans(watched, gaps);
}

/** Positions of the `n` busiest indexes this week that saw any use, busiest first. */
function topIndexes(rows: readonly WeeklyIndexRow[], n: number): number[] {
  const used = rows.filter((row) => row.thisWeek > 0 || row.lastWeek > 0);
  const top = new Map(firstInOrder(used, n, byWeeklyDefaultOrder).map((row, rank) => [row, rank]));
  const positions: number[] = new Array(top.size);
  rows.forEach((row, k) => {
    const rank = top.get(row);
    if (rank !== undefined) positions[rank] = k;
  });
  return positions;
}

/** Scans per day of the given identities, one array per identity aligned on `days`. */
async function readTopSeries(
  db: pg.PoolClient,
  ids: number[],
  days: string[],
  range: { from: string; to: string },
): Promise<number[][]> {
  const series = ids.map(() => days.map(() => 0));
  if (ids.length === 0) return series;
  const rows = await queryRows(
    db,
    "store_weekly_top_series",
    `SELECT identity_id AS id, day::text AS day, scans FROM usage_daily
      WHERE identity_id = ANY($1::int8[]) AND day BETWEEN $2::date AND $3::date`,
    [ids, range.from, range.to],
    topRow,
  );
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const position = new Map(ids.map((id, n) => [id, n]));
  for (const r of rows) {
    const i = dayIndex.get(r.day);
    const n = position.get(r.id);
    if (i !== undefined && n !== undefined) (series[n] as number[])[i] = r.scans;
  }
  return series;
}
