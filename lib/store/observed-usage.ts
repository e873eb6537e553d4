import type pg from "pg";
import { z } from "zod";
import { pgCount, pgOid } from "@/lib/db/columns";
import { queryOne, queryRows } from "@/lib/db/query";
import { storePool } from "./pool";

export interface ObservedIndexUsage {
  oid: number;
  schema: string;
  table: string;
  name: string;
  scans: number;
  firstSeenAt: string;
}

export interface ObservedUsage {
  since: string;
  days: number;
  /** By current OID. */
  indexes: Map<number, ObservedIndexUsage>;
  /** False when there were gaps (unreachable periods, lost store writes) in the window. */
  complete: boolean;
  /**
   * The demo's simulated past, when asked for and the target has one: its scans are in
   * `indexes`, and it stretches from `since` to where the observations begin.
   */
  simulated: { since: string } | null;
}

const windowRow = z.object({
  since: z.date().nullable(),
  simulated_since: z.date().nullable(),
  days: z.number(),
  gaps: pgCount,
  unreachable: z.boolean(),
});

const usageRow = z.object({
  oid: pgOid,
  schema_name: z.string(),
  table_name: z.string(),
  index_name: z.string(),
  first_seen: z.date(),
  scans: pgCount,
});

/**
 * What the sampler really observed for a target: total scans per live index over the whole
 * observed window, summed across resets and rebuilds (the deltas already are). Simulated
 * demo history is left out unless `includeSimulated` (the demo alone asks: a real target's
 * decision to drop an index must rest on observations only; a real target has none anyway).
 * Returns null when the store has no history for the target yet.
 */
export async function getObservedUsage(
  targetId: string,
  pool: pg.Pool = storePool(),
  options: { includeSimulated?: boolean } = {},
): Promise<ObservedUsage | null> {
  const includeSimulated = options.includeSimulated === true;
  const windows = await queryRows(
    pool,
    "store_observed_window",
    `SELECT t.first_seen AS since,
            extract(epoch FROM (coalesce(t.last_poll_at, t.first_seen) - t.first_seen))::float8 / 86400 AS days,
            (SELECT count(*) FROM events e
              WHERE e.target_id = t.id AND e.kind IN ('unreachable', 'store_gap')) AS gaps,
            t.status = 'unreachable' AS unreachable,
            CASE WHEN $2 AND t.simulated_until IS NOT NULL
                 THEN (SELECT min(e.at) FROM events e WHERE e.target_id = t.id AND e.kind = 'simulated')
            END AS simulated_since
       FROM targets t
      WHERE t.id = $1 AND t.last_poll_at IS NOT NULL`,
    [targetId, includeSimulated],
    windowRow,
  );
  const window = windows[0];
  if (!window?.since) return null;
  const rows = await queryRows(
    pool,
    "store_observed_usage",
    `SELECT i.current_oid AS oid, i.schema_name, i.table_name, i.index_name, i.first_seen,
            coalesce((SELECT sum(d.scans) FROM usage_daily d
                       WHERE d.identity_id = i.id AND (NOT d.simulated OR $2)), 0)::int8 AS scans
       FROM index_identity i
      WHERE i.target_id = $1 AND i.dropped_at IS NULL`,
    [targetId, window.simulated_since !== null],
    usageRow,
  );
  const indexes = new Map<number, ObservedIndexUsage>();
  for (const row of rows) {
    indexes.set(row.oid, {
      oid: row.oid,
      schema: row.schema_name,
      table: row.table_name,
      name: row.index_name,
      scans: row.scans,
      firstSeenAt: row.first_seen.toISOString(),
    });
  }
  return {
    since: window.since.toISOString(),
    // Not rounded: a hundredth of a day is 14 minutes, and a new install's window is shorter.
    days: window.days,
    indexes,
    complete: window.gaps === 0 && !window.unreachable,
    simulated: window.simulated_since ? { since: window.simulated_since.toISOString() } : null,
  };
}

/** Whether the store holds any history for the target (cheap; for "collecting since…" hints). */
export async function hasHistory(targetId: string, pool: pg.Pool = storePool()): Promise<boolean> {
  const row = await queryOne(
    pool,
    "store_has_history",
    "SELECT EXISTS (SELECT 1 FROM targets WHERE id = $1 AND last_poll_at IS NOT NULL) AS present",
    [targetId],
    z.object({ present: z.boolean() }),
  );
  return row.present;
}
