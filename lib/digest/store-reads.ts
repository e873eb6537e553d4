import { z } from "zod";
import { pgCount } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

const growthRow = z.object({
  schema_name: z.string(),
  table_name: z.string(),
  index_name: z.string(),
  size_before: pgCount,
  size_after: pgCount,
});

/**
 * Size of each index of the servers at the start of the week (its last sizing before the
 * Monday, else its first in the week) and at the end (last sizing before the next Monday).
 */
export function readSizeGrowth(store: Queryable, serverId: string, from: string, to: string) {
  return queryRows(
    store,
    "digest_size_growth",
    `WITH bounds AS (
       SELECT $2::date::timestamp AT TIME ZONE 'UTC' AS start_at, ($3::date + 1)::timestamp AT TIME ZONE 'UTC' AS end_at
     )
     SELECT i.schema_name, i.table_name, i.index_name,
            coalesce(
              (SELECT s.size_bytes FROM size_samples s, bounds b WHERE s.identity_id = i.id AND s.sampled_at <= b.start_at
                ORDER BY s.sampled_at DESC LIMIT 1),
              (SELECT s.size_bytes FROM size_samples s, bounds b WHERE s.identity_id = i.id AND s.sampled_at < b.end_at
                ORDER BY s.sampled_at LIMIT 1)) AS size_before,
            (SELECT s.size_bytes FROM size_samples s, bounds b WHERE s.identity_id = i.id AND s.sampled_at < b.end_at
              ORDER BY s.sampled_at DESC LIMIT 1) AS size_after
       FROM index_identity i, bounds b
      WHERE i.target_id = $1 AND (i.dropped_at IS NULL OR i.dropped_at >= b.start_at) AND i.first_seen < b.end_at
        AND EXISTS (SELECT 1 FROM size_samples s WHERE s.identity_id = i.id AND s.sampled_at < b.end_at)`,
    [serverId, from, to],
    growthRow,
  );
}

/**
 * The findings a digest last saw in a week before `beforeWeek` (null when none ever looked):
 * what was already open, so that the rest is new.
 */
export async function readFindingBaseline(
  store: Queryable,
  targetId: string,
  beforeWeek: string,
): Promise<{ week: string; keys: string[] } | null> {
  const rows = await queryRows(
    store,
    "digest_snapshot_read",
    `SELECT week, finding_keys FROM digest_finding_snapshots
      WHERE target_id = $1 AND week < $2 ORDER BY week DESC LIMIT 1`,
    [targetId, beforeWeek],
    z.object({ week: z.string(), finding_keys: z.array(z.string()) }),
  );
  const row = rows[0];
  return row ? { week: row.week, keys: row.finding_keys } : null;
}

/** Remembers the findings open now as the week's; later looks in the same week add to it. */
export async function saveFindingSnapshot(store: Queryable, targetId: string, week: string, keys: string[]) {
  await store.query(
    `/* indexwatch:digest_snapshot_write */
     INSERT INTO digest_finding_snapshots (target_id, week, finding_keys) VALUES ($1, $2, $3)
     ON CONFLICT (target_id, week) DO UPDATE
        SET finding_keys = ARRAY(SELECT DISTINCT unnest(digest_finding_snapshots.finding_keys || excluded.finding_keys)),
            taken_at = now()`,
    [targetId, week, keys],
  );
}

const serverEventRow = z.object({
  target_id: z.string(),
  at: z.date(),
  kind: z.string(),
  detail: z.string(),
});

/** Server-wide events of the week (restarts, resets, outages) of the given servers. */
export function readWeekEvents(store: Queryable, serverIds: string[], from: string, to: string) {
  return queryRows(
    store,
    "digest_events",
    `SELECT target_id, at, kind, detail FROM events
      WHERE target_id = ANY($1::text[]) AND identity_id IS NULL AND kind <> 'simulated'
        AND at < ($3::date + 1)::timestamp AT TIME ZONE 'UTC'
        AND coalesce(ended_at, at) >= $2::date::timestamp AT TIME ZONE 'UTC'
      ORDER BY at LIMIT 100`,
    [serverIds, from, to],
    serverEventRow,
  );
}
