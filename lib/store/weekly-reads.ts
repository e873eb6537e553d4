import type pg from "pg";
import { z } from "zod";
import { firstInOrder } from "@/lib/analysis/first-in-order";
import { changeRatioOf, rollupByTable, type WeekChange, weekTrend, weekWindows } from "@/lib/analysis/rollup";
import { byWeeklyDefaultOrder, selectWeeklyRows, type WeeklyFilter } from "@/lib/analysis/rollup-filter";
import { float8Count, float8Id, float8Oid, pgCount, pgInt } from "@/lib/db/columns";
import { queryRows } from "@/lib/db/query";
import { inTransaction } from "@/lib/db/transaction";
import { eventRow, toUsageEvent, type UsageEvent } from "./usage-reads";

export interface WeeklyIndexRow extends WeekChange {
  oid: number;
  schema: string;
  table: string;
  name: string;
  dropped: boolean;
  firstSeenAt: string;
  simulated: boolean;
}

export interface WeeklyUsage {
  targetId: string;
  from: string;
  to: string;
  weeks: number;
  thisWeek: { from: string; to: string };
  lastWeek: { from: string; to: string };
  days: string[];
  /** Scans per day of every index together (for the overview chart). */
  dailyTotals: Array<{ day: string; scans: number; simulated: boolean }>;
  /** Scans per day of the `top` busiest indexes this week (one series each). */
  topSeries: Array<{ oid: number; name: string; table: string; scans: number[] }>;
  /** The requested page of the week-over-week table (filtered, sorted). */
  indexes: WeeklyIndexRow[];
  /** Indexes matching the filter, and all indexes of the target in the range. */
  matchedIndexes: number;
  totalIndexes: number;
  tables: ReturnType<typeof rollupByTable>;
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
  simulated: z.boolean(),
});

const dailyTotalRow = z.object({ day: z.string(), scans: pgCount, simulated: z.boolean() });
const topRow = z.object({ id: pgInt, day: z.string(), scans: pgCount });
const targetRow = z.object({
  first_seen: z.date(),
  last_poll_at: z.date().nullable(),
  simulated_until: z.date().nullable(),
  gaps: pgCount,
  sole: z.boolean(),
});

/**
 * The Weekly usage page in one call: the two rolling weeks at the end of [from, to], per
 * index and per table, newly unused and newly used indexes, daily totals and the busiest
 * indexes' daily series. Indexes dropped before the range are left out. One read-only
 * snapshot, so that the totals, the table and the lists agree with each other.
 */
export async function getWeeklyUsage(
  pool: pg.Pool,
  targetId: string,
  range: { from: string; to: string; top?: number; filter?: WeeklyFilter },
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
  range: { from: string; to: string; top?: number; filter?: WeeklyFilter },
): Promise<WeeklyUsage | null> {
  const targets = await queryRows(
    db,
    "store_weekly_target",
    `SELECT first_seen, last_poll_at, simulated_until,
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
  const { rows: indexes, ids } = await readWeeklyIndexes(db, targetId, w, range.from, target.sole);

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
  const newlyUnused = indexes.filter((r) => r.trend === "newly_unused");
  const newlyUsed = indexes.filter((r) => r.trend === "newly_used");
  return {
    targetId,
    from: range.from,
    to: range.to,
    weeks: Math.round(w.days.length / 7),
    thisWeek: w.thisWeek,
    lastWeek: w.lastWeek,
    days: w.days,
    dailyTotals: w.days.map((day) => ({
      day,
      scans: totalByDay.get(day)?.scans ?? 0,
      simulated: totalByDay.get(day)?.simulated ?? false,
    })),
    topSeries: top.map((k, n) => {
      const index = indexes[k] as WeeklyIndexRow;
      return { oid: index.oid, name: index.name, table: index.table, scans: topSeries[n] as number[] };
    }),
    indexes: page.rows,
    matchedIndexes: page.matched,
    totalIndexes: indexes.length,
    tables: rollupByTable(indexes),
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
  w: ReturnType<typeof weekWindows>,
  rangeFrom: string,
  soleTarget: boolean,
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
              sum(d.scans::float8) FILTER (WHERE d.day >= $2::date) AS this_week,
              sum(d.scans::float8) FILTER (WHERE d.day < $2::date) AS last_week,
              bool_or(d.simulated) AS simulated
         FROM usage_daily d
        WHERE d.day BETWEEN $3::date AND $4::date ${ofTarget}
        GROUP BY d.identity_id
     )
     SELECT i.id::float8 AS id, i.current_oid::float8 AS oid, i.schema_name, i.table_name, i.index_name,
            i.dropped_at IS NOT NULL AS dropped,
            to_char(i.first_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS first_seen,
            coalesce(u.this_week, 0)::float8 AS this_week, coalesce(u.last_week, 0)::float8 AS last_week,
            coalesce(u.simulated, false) AS simulated
       FROM index_identity i
       LEFT JOIN u ON u.identity_id = i.id
      WHERE i.target_id = $1 AND (i.dropped_at IS NULL OR i.dropped_at >= $5::date::timestamp AT TIME ZONE 'UTC')`,
    [targetId, w.thisWeek.from, w.lastWeek.from, w.thisWeek.to, rangeFrom],
    weeklyRow,
  );
  const rows: WeeklyIndexRow[] = new Array(parsed.length);
  const ids: number[] = new Array(parsed.length);
  for (let k = 0; k < parsed.length; k++) {
    const r = parsed[k] as z.infer<typeof weeklyRow>;
    ids[k] = r.id;
    // One object per index, built whole: at 50,000 rows spreads and copies were most of the
    // garbage collector's work.
    rows[k] = {
      oid: r.oid,
      schema: r.schema_name,
      table: r.table_name,
      name: r.index_name,
      dropped: r.dropped,
      firstSeenAt: r.first_seen,
      simulated: r.simulated,
      thisWeek: r.this_week,
      lastWeek: r.last_week,
      change: r.this_week - r.last_week,
      changeRatio: changeRatioOf(r.this_week, r.last_week),
      trend: weekTrend(r.this_week, r.last_week),
    };
  }
  return { rows, ids };
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
