import type pg from "pg";
import { z } from "zod";
import type { Bucket } from "@/lib/analysis/rollup";
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

export const eventRow = z.object({
  at: z.date(),
  ended_at: z.date().nullable(),
  kind: z.string(),
  detail: z.string(),
  target_wide: z.boolean(),
});

export function toUsageEvent(e: z.infer<typeof eventRow>): UsageEvent {
  return {
    t: e.at.toISOString(),
    endedAt: e.ended_at?.toISOString() ?? null,
    kind: e.kind,
    detail: e.detail,
    targetWide: e.target_wide,
  };
}

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
    events: events.map(toUsageEvent),
    simulated: series.some((p) => p.simulated),
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
