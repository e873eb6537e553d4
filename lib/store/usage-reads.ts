import type pg from "pg";
import { z } from "zod";
import { type Bucket, rollupByTable, type WeekChange, weekChange, weekWindows } from "@/lib/analysis/rollup";
import { selectWeeklyRows, type WeeklyFilter } from "@/lib/analysis/rollup-filter";
import { pgCount, pgInt, pgOid } from "@/lib/db/columns";
import { queryOne, queryRows } from "@/lib/db/query";
import { NotFoundError } from "@/lib/errors";

export interface UsagePoint {
  t: string;
  /** Scans within the bucket; null before the index was first observed. */
  scans: number | null;
  tuplesRead: number | null;
  /** Last known size at the end of the bucket. */
  sizeBytes: number | null;
  /** True when the bucket's numbers come from the demo's simulated history. */
  simulated: boolean;
}

export interface UsageEvent {
  t: string;
  endedAt: string | null;
  kind: string;
  detail: string;
  /** True for events of the whole target (restart, reset of all counters, unreachable…). */
  targetWide: boolean;
}

export interface IndexUsageSeries {
  index: {
    oid: number;
    schema: string;
    table: string;
    name: string;
    firstSeenAt: string;
    droppedAt: string | null;
  };
  bucket: Bucket;
  from: string;
  to: string;
  series: UsagePoint[];
  events: UsageEvent[];
  simulated: boolean;
}

const identityRow = z.object({
  id: pgInt,
  oid: pgOid,
  schema_name: z.string(),
  table_name: z.string(),
  index_name: z.string(),
  first_seen: z.date(),
  dropped_at: z.date().nullable(),
  data_since: z.date().nullable(),
});

const pointRow = z.object({
  t: z.date(),
  scans: pgCount.nullable(),
  tuples_read: pgCount.nullable(),
  size_bytes: pgCount.nullable(),
  simulated: z.boolean(),
});

const eventRow = z.object({
  at: z.date(),
  ended_at: z.date().nullable(),
  kind: z.string(),
  detail: z.string(),
  target_wide: z.boolean(),
});

/**
 * One index's usage per bucket over [from, to): hours from the hourly roll-up, days and
 * (Monday-start) weeks from the daily one, every bucket present (zero when observed and
 * unused, null before the index's history starts), sizes carried forward, and the events
 * to mark on the charts. The OID is the index's current one (or the last, once dropped).
 */
export async function getIndexUsageSeries(
  pool: pg.Pool,
  targetId: string,
  oid: number,
  range: { from: Date; to: Date; bucket: Bucket },
): Promise<IndexUsageSeries> {
  const identities = await queryRows(
    pool,
    "store_usage_identity",
    `SELECT i.id, i.current_oid AS oid, i.schema_name, i.table_name, i.index_name, i.first_seen, i.dropped_at,
            least(i.first_seen,
                  (SELECT min(d.day)::timestamp AT TIME ZONE 'UTC' FROM usage_daily d WHERE d.identity_id = i.id)) AS data_since
       FROM index_identity i
      WHERE i.target_id = $1 AND i.current_oid = $2
      ORDER BY i.dropped_at DESC NULLS FIRST
      LIMIT 1`,
    [targetId, oid],
    identityRow,
  );
  const identity = identities[0];
  if (!identity) throw new NotFoundError(`no usage history for index ${oid} of target "${targetId}"`);
  const unit = range.bucket;
  const source =
    unit === "hour"
      ? `SELECT hour AS t, scans, tuples_read, simulated FROM usage_hourly WHERE identity_id = $1 AND hour >= (SELECT min(b) FROM buckets) AND hour < $3`
      : `SELECT (day::timestamp AT TIME ZONE 'UTC') AS t, scans, tuples_read, simulated FROM usage_daily
          WHERE identity_id = $1 AND day >= ((SELECT min(b) FROM buckets) AT TIME ZONE 'UTC')::date AND day < ($3::timestamptz AT TIME ZONE 'UTC')::date + 1`;
  const rows = await queryRows(
    pool,
    `store_usage_series_${unit}`,
    `WITH buckets AS (
       SELECT generate_series(date_trunc($4, $2::timestamptz AT TIME ZONE 'UTC'),
                              $3::timestamptz AT TIME ZONE 'UTC' - interval '1 microsecond',
                              ('1 ' || $4)::interval) AT TIME ZONE 'UTC' AS b
     ), usage AS (${source}),
     per_bucket AS (
       SELECT date_trunc($4, u.t AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS b,
              sum(u.scans) AS scans, sum(u.tuples_read) AS tuples_read, bool_or(u.simulated) AS simulated
         FROM usage u GROUP BY 1
     ),
     -- A bucket inside the demo's simulated past is simulated for every index, a zero too:
     -- the simulation said "not used", which is not the same as "not observed".
     flagged AS (
       SELECT bk.b,
              EXISTS (SELECT 1 FROM usage_target_daily td
                       WHERE td.target_id = $6 AND td.simulated
                         AND td.day >= (bk.b AT TIME ZONE 'UTC')::date
                         AND td.day <= ((bk.b + ('1 ' || $4)::interval - interval '1 microsecond') AT TIME ZONE 'UTC')::date)
                AS in_simulated_past
         FROM buckets bk
     )
     SELECT bk.b AS t,
            CASE WHEN pb.scans IS NOT NULL THEN pb.scans::int8
                 WHEN bk.b + ('1 ' || $4)::interval > $5::timestamptz OR f.in_simulated_past THEN 0::int8 END AS scans,
            CASE WHEN pb.tuples_read IS NOT NULL THEN pb.tuples_read::int8
                 WHEN bk.b + ('1 ' || $4)::interval > $5::timestamptz OR f.in_simulated_past THEN 0::int8 END AS tuples_read,
            (SELECT s.size_bytes FROM size_samples s
              WHERE s.identity_id = $1 AND s.sampled_at < bk.b + ('1 ' || $4)::interval
              ORDER BY s.sampled_at DESC LIMIT 1) AS size_bytes,
            coalesce(pb.simulated, false) OR f.in_simulated_past AS simulated
       FROM buckets bk
       JOIN flagged f ON f.b = bk.b
       LEFT JOIN per_bucket pb ON pb.b = bk.b
      ORDER BY bk.b`,
    [identity.id, range.from, range.to, unit, identity.data_since ?? identity.first_seen, targetId],
    pointRow,
  );
  const events = await queryRows(
    pool,
    "store_usage_events",
    `SELECT at, ended_at, kind, detail, identity_id IS NULL AS target_wide
       FROM events
      WHERE target_id = $1 AND (identity_id = $2 OR identity_id IS NULL)
        AND at < $4 AND coalesce(ended_at, at) >= $3
      ORDER BY at
      LIMIT 500`,
    [targetId, identity.id, range.from, range.to],
    eventRow,
  );
  const series = rows.map((r) => ({
    t: r.t.toISOString(),
    scans: r.scans,
    tuplesRead: r.tuples_read,
    sizeBytes: r.size_bytes,
    simulated: r.simulated,
  }));
  return {
    index: {
      oid: identity.oid,
      schema: identity.schema_name,
      table: identity.table_name,
      name: identity.index_name,
      firstSeenAt: identity.first_seen.toISOString(),
      droppedAt: identity.dropped_at?.toISOString() ?? null,
    },
    bucket: unit,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    series,
    events: events.map((e) => ({
      t: e.at.toISOString(),
      endedAt: e.ended_at?.toISOString() ?? null,
      kind: e.kind,
      detail: e.detail,
      targetWide: e.target_wide,
    })),
    simulated: series.some((p) => p.simulated),
  };
}

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

const weeklyRow = z.object({
  id: pgInt,
  oid: pgOid,
  schema_name: z.string(),
  table_name: z.string(),
  index_name: z.string(),
  dropped: z.boolean(),
  first_seen: z.date(),
  this_week: pgCount,
  last_week: pgCount,
  simulated: z.boolean(),
});

const dailyTotalRow = z.object({ day: z.string(), scans: pgCount, simulated: z.boolean() });
const topRow = z.object({ id: pgInt, day: z.string(), scans: pgCount });
const targetRow = z.object({
  first_seen: z.date(),
  last_poll_at: z.date().nullable(),
  simulated_until: z.date().nullable(),
  gaps: pgCount,
});

/**
 * The Weekly usage page in one call: the two rolling weeks at the end of [from, to], per
 * index and per table, newly unused and newly used indexes, daily totals and the busiest
 * indexes' daily series. Indexes dropped before the range are left out.
 */
export async function getWeeklyUsage(
  pool: pg.Pool,
  targetId: string,
  range: { from: string; to: string; top?: number; filter?: WeeklyFilter },
): Promise<WeeklyUsage | null> {
  const targets = await queryRows(
    pool,
    "store_weekly_target",
    `SELECT first_seen, last_poll_at, simulated_until,
            (SELECT count(*) FROM events e WHERE e.target_id = t.id AND e.kind IN ('unreachable', 'store_gap')
                AND e.at < ($3::date + 1)::timestamp AT TIME ZONE 'UTC'
                AND coalesce(e.ended_at, now()) >= $2::date::timestamp AT TIME ZONE 'UTC') AS gaps
       FROM targets t WHERE t.id = $1`,
    [targetId, range.from, range.to],
    targetRow,
  );
  const target = targets[0];
  if (!target) return null;
  const w = weekWindows(range.from, range.to);
  // With one target in the store (the usual case) every daily row is this target's: the
  // aggregates then skip the join to index_identity, which halves their time at 50k indexes.
  const soleTarget = await queryOne(
    pool,
    "store_sole_target",
    "SELECT count(*) = 1 AS sole FROM targets",
    [],
    z.object({ sole: z.boolean() }),
  );
  const ofTarget = soleTarget.sole
    ? "AND $1::text IS NOT NULL"
    : "AND d.identity_id IN (SELECT id FROM index_identity WHERE target_id = $1)";
  const rows = await queryRows(
    pool,
    "store_weekly_indexes",
    `WITH u AS (
       SELECT d.identity_id,
              sum(d.scans) FILTER (WHERE d.day >= $2::date) AS this_week,
              sum(d.scans) FILTER (WHERE d.day < $2::date) AS last_week,
              bool_or(d.simulated) AS simulated
         FROM usage_daily d
        WHERE d.day BETWEEN $3::date AND $4::date ${ofTarget}
        GROUP BY d.identity_id
     )
     SELECT i.id, i.current_oid AS oid, i.schema_name, i.table_name, i.index_name, i.dropped_at IS NOT NULL AS dropped,
            i.first_seen,
            coalesce(u.this_week, 0)::int8 AS this_week, coalesce(u.last_week, 0)::int8 AS last_week,
            coalesce(u.simulated, false) AS simulated
       FROM index_identity i
       LEFT JOIN u ON u.identity_id = i.id
      WHERE i.target_id = $1 AND (i.dropped_at IS NULL OR i.dropped_at >= $5::date::timestamp AT TIME ZONE 'UTC')`,
    [targetId, w.thisWeek.from, w.lastWeek.from, w.thisWeek.to, range.from],
    weeklyRow,
  );
  const totals = await queryRows(
    pool,
    "store_weekly_daily_totals",
    // From the per-target roll-up (one row per day), kept with usage_daily by the writers.
    `SELECT day::text AS day, scans, simulated
       FROM usage_target_daily
      WHERE target_id = $1 AND day BETWEEN $2::date AND $3::date
      ORDER BY day`,
    [targetId, range.from, range.to],
    dailyTotalRow,
  );
  const indexes: Array<WeeklyIndexRow & { id: number }> = rows.map((r) => ({
    id: r.id,
    oid: r.oid,
    schema: r.schema_name,
    table: r.table_name,
    name: r.index_name,
    dropped: r.dropped,
    firstSeenAt: r.first_seen.toISOString(),
    simulated: r.simulated,
    ...weekChange({ thisWeek: r.this_week, lastWeek: r.last_week }),
  }));
  indexes.sort((a, b) => b.thisWeek - a.thisWeek || b.lastWeek - a.lastWeek || a.name.localeCompare(b.name));
  const top = indexes.slice(0, range.top ?? 8).filter((i) => i.thisWeek > 0 || i.lastWeek > 0);
  const topRows = top.length
    ? await queryRows(
        pool,
        "store_weekly_top_series",
        `SELECT identity_id AS id, day::text AS day, scans FROM usage_daily
          WHERE identity_id = ANY($1::int8[]) AND day BETWEEN $2::date AND $3::date`,
        [top.map((t) => t.id), range.from, range.to],
        topRow,
      )
    : [];
  const dayIndex = new Map(w.days.map((d, i) => [d, i]));
  const topSeries = top.map((t) => ({
    id: t.id,
    oid: t.oid,
    name: t.name,
    table: t.table,
    scans: w.days.map(() => 0),
  }));
  const byId = new Map(topSeries.map((s) => [s.id, s]));
  for (const r of topRows) {
    const i = dayIndex.get(r.day);
    const s = byId.get(r.id);
    if (i !== undefined && s) s.scans[i] = r.scans;
  }
  const totalByDay = new Map(totals.map((t) => [t.day, t]));
  const events = await queryRows(
    pool,
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
  const publicRows: WeeklyIndexRow[] = indexes.map(({ id: _id, ...rest }) => rest);
  const page = selectWeeklyRows(publicRows, range.filter ?? {});
  const newlyUnused = publicRows.filter((r) => r.trend === "newly_unused");
  const newlyUsed = publicRows.filter((r) => r.trend === "newly_used");
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
    topSeries: topSeries.map(({ id: _id, ...rest }) => rest),
    indexes: page.rows,
    matchedIndexes: page.matched,
    totalIndexes: publicRows.length,
    tables: rollupByTable(publicRows),
    newlyUnused: newlyUnused.sort((a, b) => b.lastWeek - a.lastWeek).slice(0, LIST_CAP),
    newlyUsed: newlyUsed.slice(0, LIST_CAP),
    newlyUnusedCount: newlyUnused.length,
    newlyUsedCount: newlyUsed.length,
    events: events.map((e) => ({
      t: e.at.toISOString(),
      endedAt: e.ended_at?.toISOString() ?? null,
      kind: e.kind,
      detail: e.detail,
      targetWide: e.target_wide,
    })),
    simulatedUntil: target.simulated_until?.toISOString() ?? null,
    complete: target.gaps === 0,
    observedSince: target.last_poll_at ? target.first_seen.toISOString() : null,
  };
}

/** Today's date (UTC) by the store's clock. */
export async function storeToday(pool: pg.Pool): Promise<string> {
  const row = await queryOne(
    pool,
    "store_today",
    "SELECT (now() AT TIME ZONE 'UTC')::date::text AS today",
    [],
    z.object({ today: z.string() }),
  );
  return row.today;
}
