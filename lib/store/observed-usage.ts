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
}

const windowRow = z.object({
  since: z.date().nullable(),
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
 * demo history is left out: a decision to drop an index must rest on observations only.
 * Returns null when the store has no history for the target yet.
 */
export async function getObservedUsage(
  targetId: string,
  pool: pg.Pool = storePool(),
): Promise<ObservedUsage | null> {
  const windows = await queryRows(
    pool,
    "store_observed_window",
    `SELECT t.first_seen AS since,
            extract(epoch FROM (coalesce(t.last_poll_at, t.first_seen) - t.first_seen))::float8 / 86400 AS days,
            (SELECT count(*) FROM events e
              WHERE e.target_id = t.id AND e.kind IN ('unreachable', 'store_gap')) AS gaps,
            t.status = 'unreachable' AS unreachable
       FROM targets t
      WHERE t.id = $1 AND t.last_poll_at IS NOT NULL`,
    [targetId],
    windowRow,
  );
  const window = windows[0];
  if (!window?.since) return null;
  const rows = await queryRows(
    pool,
    "store_observed_usage",
    `SELECT i.current_oid AS oid, i.schema_name, i.table_name, i.index_name, i.first_seen,
            coalesce((SELECT sum(d.scans) FROM usage_daily d
                       WHERE d.identity_id = i.id AND NOT d.simulated), 0)::int8 AS scans
       FROM index_identity i
      WHERE i.target_id = $1 AND i.dropped_at IS NULL`,
    [targetId],
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
    days: Math.round(window.days * 100) / 100,
    indexes,
    complete: window.gaps === 0 && !window.unreachable,
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
