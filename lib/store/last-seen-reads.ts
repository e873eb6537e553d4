import { z } from "zod";
import { type Queryable, queryRows } from "@/lib/db/query";

const lastSeenRow = z.object({
  schema_name: z.string(),
  table_name: z.string(),
  index_name: z.string(),
  seen_from: z.date().nullable(),
  seen_to: z.date(),
});
export type LastSeenRow = z.infer<typeof lastSeenRow>;

/**
 * For each live index of a target, the last poll interval in which its scan counter moved:
 * that poll (index_identity.last_scanned_at) and the poll before it, while the poll is kept.
 * Past raw retention, the last hour with scans stands in (from the hour's start to its end).
 */
export function readLastSeenScanned(store: Queryable, targetId: string): Promise<LastSeenRow[]> {
  return queryRows(
    store,
    "last_seen_scanned",
    `SELECT i.schema_name, i.table_name, i.index_name,
            CASE WHEN r.polled_at IS NOT NULL
                 THEN (SELECT max(p.polled_at) FROM polls p
                        WHERE p.target_id = i.target_id AND p.polled_at < r.polled_at)
                 ELSE h.hour END AS seen_from,
            coalesce(r.polled_at, h.hour + interval '1 hour') AS seen_to
       FROM index_identity i
       LEFT JOIN LATERAL (SELECT i.last_scanned_at AS polled_at
                           WHERE EXISTS (SELECT FROM polls p
                                          WHERE p.target_id = i.target_id AND p.polled_at = i.last_scanned_at)) r ON true
       LEFT JOIN LATERAL (SELECT u.hour FROM usage_hourly u
                           WHERE u.identity_id = i.id AND u.scans > 0 AND NOT u.simulated
                           ORDER BY u.hour DESC LIMIT 1) h ON r.polled_at IS NULL
      WHERE i.target_id = $1 AND i.dropped_at IS NULL
        AND (r.polled_at IS NOT NULL OR h.hour IS NOT NULL)`,
    [targetId],
    lastSeenRow,
  );
}

const lastPollRow = z.object({ last_poll_at: z.date().nullable() });

/** The latest poll the store holds for a target. */
export async function readLastPollAt(store: Queryable, targetId: string): Promise<Date | null> {
  const rows = await queryRows(
    store,
    "last_poll_at",
    "SELECT max(polled_at) AS last_poll_at FROM polls WHERE target_id = $1",
    [targetId],
    lastPollRow,
  );
  return rows[0]?.last_poll_at ?? null;
}
