import type pg from "pg";
import { inTransaction } from "@/lib/db/transaction";
import { shuffledRound } from "@/lib/demo/workload-patterns";
import { insertEvents } from "@/lib/store/history-writer";
import { readIndexCounters, readIndexSizes } from "./target-queries";

const SIMULATED_DAYS = 56;
/** Scans per day that one unit of pattern weight stands for (the demo workload's order of magnitude). */
const SCANS_PER_WEIGHT_PER_DAY = 1_500;

/** How often each index is used by the demo workload: the sum of the weights of the patterns using it. */
export function workloadWeights(): Map<string, number> {
  const weights = new Map<string, number>();
  for (const pattern of shuffledRound()) {
    for (const index of pattern.usesIndexes) weights.set(index, (weights.get(index) ?? 0) + 1);
  }
  return weights;
}

/**
 * Weight of an index the patterns do not name but the target's counters show scanned before
 * the first poll: primary keys the foreign-key checks and the updates by id go through, unique
 * lookups. One unit, like the rarest pattern: without it those indexes had no simulated past
 * and their first real scans made them "newly used".
 */
const TOUCHED_WEIGHT = 1;

/**
 * The weight of every index the simulated history gives scans to: the workload patterns'
 * indexes, and every other index already scanned on the target (the demo's load and its
 * first workload rounds ran before the sampler started).
 */
export function simulationWeights(
  counters: ReadonlyArray<{ name: string; scans: number | null }>,
  patternWeights: ReadonlyMap<string, number> = workloadWeights(),
): Map<string, number> {
  const weights = new Map<string, number>();
  for (const c of counters) {
    const weight = patternWeights.get(c.name) ?? ((c.scans ?? 0) > 0 ? TOUCHED_WEIGHT : 0);
    if (weight > 0) weights.set(c.name, weight);
  }
  return weights;
}

/** A stable pseudo-random number in [0, 1) from a string and a day (no Math.random: reruns agree). */
function noise(seed: string, day: number): number {
  let h = 2_166_136_261 ^ day;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16_777_619);
  h = Math.imul(h ^ (h >>> 15), 2_246_822_507);
  return ((h ^ (h >>> 13)) >>> 0) / 4_294_967_296;
}

/**
 * Daily scans for one index on day `dayIndex` (0 = the oldest simulated day): its workload
 * weight, quieter weekends, a slow trend of its own and some day-to-day noise.
 */
export function simulatedScans(name: string, weight: number, dayIndex: number, weekday: number): number {
  if (weight === 0) return 0;
  const weekend = weekday === 0 || weekday === 6 ? 0.45 : 1;
  const trend = 1 + (noise(name, -1) - 0.5) * 0.6 * (dayIndex / SIMULATED_DAYS);
  const jitter = 0.8 + noise(name, dayIndex) * 0.4;
  return Math.round(weight * SCANS_PER_WEIGHT_PER_DAY * weekend * trend * jitter);
}

/**
 * The demo has no past on its first start: fill the eight weeks before today with simulated
 * usage derived from the workload mix, every row flagged `simulated` (the API and the charts
 * say so). Real samples continue from today. Does nothing once the target has any history.
 */
export async function seedSimulatedHistoryIfEmpty(
  store: pg.Pool,
  targetId: string,
  target: pg.Pool,
): Promise<boolean> {
  const existing = await store.query("SELECT 1 FROM targets WHERE id = $1", [targetId]);
  if (existing.rowCount) return false;
  const [counters, sizes] = await Promise.all([readIndexCounters(target), readIndexSizes(target)]);
  const sizeByOid = new Map(sizes.map((s) => [s.oid, s.size_bytes ?? 0]));
  const weights = simulationWeights(counters);
  // Nothing inserted (another process got there first) commits nothing: as good as a rollback.
  return inTransaction(store, async (client) => {
    const inserted = await client.query(
      "INSERT INTO targets (id, simulated_until) VALUES ($1, date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') ON CONFLICT DO NOTHING RETURNING simulated_until",
      [targetId],
    );
    const until = inserted.rows[0]?.simulated_until;
    if (!(until instanceof Date)) return false;
    const ids = await client.query<{ id: string; index_name: string }>(
      `INSERT INTO index_identity (target_id, schema_name, table_name, index_name, current_oid, first_seen)
       SELECT $1, s, t, n, o, now() FROM unnest($2::text[], $3::text[], $4::text[], $5::int8[]) AS x(s, t, n, o)
       RETURNING id, index_name`,
      [
        targetId,
        counters.map((c) => c.schema),
        counters.map((c) => c.table),
        counters.map((c) => c.name),
        counters.map((c) => c.oid),
      ],
    );
    const idByName = new Map(ids.rows.map((r) => [r.index_name, Number(r.id)]));
    const daily = { id: [] as number[], day: [] as string[], scans: [] as number[] };
    const sized = { id: [] as number[], at: [] as string[], bytes: [] as number[] };
    for (let d = 0; d < SIMULATED_DAYS; d++) {
      const date = new Date(until.getTime() - (SIMULATED_DAYS - d) * 86_400_000);
      const day = date.toISOString().slice(0, 10);
      for (const c of counters) {
        const id = idByName.get(c.name);
        if (id === undefined) continue;
        const scans = simulatedScans(c.name, weights.get(c.name) ?? 0, d, date.getUTCDay());
        if (scans > 0) {
          daily.id.push(id);
          daily.day.push(day);
          daily.scans.push(scans);
        }
        const size = sizeByOid.get(c.oid) ?? 0;
        if (size > 0 && d % 7 === 0) {
          sized.id.push(id);
          sized.at.push(date.toISOString());
          sized.bytes.push(Math.round(size * (0.7 + (0.3 * d) / SIMULATED_DAYS)));
        }
      }
    }
    await client.query(
      `INSERT INTO usage_daily (identity_id, day, scans, tuples_read, tuples_fetched, simulated)
       SELECT id, day, scans, scans, scans, true FROM unnest($1::int8[], $2::date[], $3::int8[]) AS x(id, day, scans)`,
      [daily.id, daily.day, daily.scans],
    );
    await client.query(
      `INSERT INTO usage_target_daily AS t (target_id, day, scans, simulated)
       SELECT $1, day, sum(scans), true FROM unnest($2::date[], $3::int8[]) AS x(day, scans) GROUP BY day
       ON CONFLICT (target_id, day) DO UPDATE
          SET scans = t.scans + excluded.scans, simulated = t.simulated OR excluded.simulated`,
      [targetId, daily.day, daily.scans],
    );
    // Hourly roll-ups follow the day, busier in working hours.
    await client.query(
      `INSERT INTO usage_hourly (identity_id, hour, scans, tuples_read, tuples_fetched, simulated)
       SELECT d.identity_id, (d.day + make_interval(hours => h.h))::timestamp AT TIME ZONE 'UTC',
              round(d.scans * h.share)::int8, round(d.scans * h.share)::int8, round(d.scans * h.share)::int8, true
         FROM usage_daily d
         JOIN index_identity i ON i.id = d.identity_id AND i.target_id = $1
         CROSS JOIN (SELECT g AS h, (CASE WHEN g BETWEEN 8 AND 19 THEN 3 ELSE 1 END)::float8 / 48 AS share
                       FROM generate_series(0, 23) g) h
        WHERE d.simulated`,
      [targetId],
    );
    await client.query(
      `INSERT INTO size_samples (identity_id, sampled_at, size_bytes, simulated)
       SELECT id, at, bytes, true FROM unnest($1::int8[], $2::timestamptz[], $3::int8[]) AS x(id, at, bytes)`,
      [sized.id, sized.at, sized.bytes],
    );
    await insertEvents(client, targetId, [
      {
        kind: "simulated",
        at: new Date(until.getTime() - SIMULATED_DAYS * 86_400_000),
        endedAt: until,
        detail: "simulated history derived from the demo workload mix; real samples start after it",
      },
    ]);
    return true;
  });
}
