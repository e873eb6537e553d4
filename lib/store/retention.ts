import type pg from "pg";

export interface RetentionPolicy {
  rawHours: number;
  hourlyDays: number;
  dailyDays: number;
}

/**
 * Deletes what has aged out, per target: polls and their deltas (48 h by default), hourly
 * roll-ups (90 days), daily roll-ups (per index and per target), sizes and events (two years).
 * Timed by the store's clock.
 */
export async function applyRetention(
  pool: pg.Pool,
  targetId: string,
  policy: RetentionPolicy,
): Promise<void> {
  const ids = "SELECT id FROM index_identity WHERE target_id = $1";
  const raw = `now() - make_interval(hours => $2)`;
  const hourly = `now() - make_interval(days => $2)`;
  const daily = `now() - make_interval(days => $2)`;
  const run = (name: string, sql: string, keep: number) =>
    pool.query(`/* indexwatch:${name} */ ${sql}`, [targetId, keep]);
  await run(
    // Each poll's deltas (poll_deltas) go with it: their foreign key cascades.
    "store_retention_polls",
    `DELETE FROM polls WHERE target_id = $1 AND polled_at < ${raw}`,
    policy.rawHours,
  );
  await run(
    "store_retention_hourly",
    `DELETE FROM usage_hourly WHERE identity_id IN (${ids}) AND hour < ${hourly}`,
    policy.hourlyDays,
  );
  await run(
    "store_retention_daily",
    // The per-target totals go in the same statement as the daily rows they sum.
    `WITH t AS (DELETE FROM usage_target_daily WHERE target_id = $1 AND day < (${daily})::date)
     DELETE FROM usage_daily WHERE identity_id IN (${ids}) AND day < (${daily})::date`,
    policy.dailyDays,
  );
  await run(
    "store_retention_sizes",
    `DELETE FROM size_samples WHERE identity_id IN (${ids}) AND sampled_at < ${daily}`,
    policy.dailyDays,
  );
  await run(
    "store_retention_events",
    `DELETE FROM events WHERE target_id = $1 AND at < ${daily}`,
    policy.dailyDays,
  );
  const statementIds = "SELECT id FROM statement_identity WHERE target_id = $1";
  await run(
    "store_retention_statements_raw",
    `DELETE FROM statement_samples_raw WHERE identity_id IN (${statementIds}) AND polled_at < ${raw}`,
    policy.rawHours,
  );
  await run(
    "store_retention_statements_hourly",
    `DELETE FROM statement_usage_hourly WHERE identity_id IN (${statementIds}) AND hour < ${hourly}`,
    policy.hourlyDays,
  );
  await run(
    "store_retention_statements_daily",
    `DELETE FROM statement_usage_daily WHERE identity_id IN (${statementIds}) AND day < (${daily})::date`,
    policy.dailyDays,
  );
  await run(
    "store_retention_statement_events",
    `DELETE FROM statement_events WHERE target_id = $1 AND at < ${daily}`,
    policy.dailyDays,
  );
  // A statement not seen for the whole daily span has no history left to show.
  await run(
    "store_retention_statement_identities",
    `DELETE FROM statement_identity WHERE target_id = $1 AND last_seen < ${daily}`,
    policy.dailyDays,
  );
  await run(
    "store_retention_identities",
    `DELETE FROM index_identity WHERE target_id = $1 AND dropped_at < ${daily}`,
    policy.dailyDays,
  );
}
