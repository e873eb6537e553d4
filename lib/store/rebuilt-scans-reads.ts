import { z } from "zod";
import { COUNTERS_STARTED_OVER } from "@/lib/analysis/deltas";
import { pgCount } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

const rebuiltRow = z.object({
  schema_name: z.string(),
  table_name: z.string(),
  index_name: z.string(),
  rebuilt_at: z.date(),
  since: z.date(),
  scans: pgCount,
  seen_from: z.date().nullable(),
  seen_to: z.date().nullable(),
});
export type RebuiltScansRow = z.infer<typeof rebuiltRow>;

/**
 * The live indexes of a target rebuilt (a new OID for the same identity) after `statsSince`
 * whose counters started over at the rebuild (the sampler's rebuild event says so; REINDEX
 * CONCURRENTLY carries them over), with the scans the history observed since then (or since it first saw the index, when
 * later), across the rebuild: their counters started over at it, the history did not.
 * Observed scans only (never the demo's simulated past), and the poll interval in which a
 * scan was last seen. Driven by the rebuild events of the window (an index range): one cheap query per poll.
 */
export function readRebuiltScans(
  store: Queryable,
  targetId: string,
  statsSince: string,
): Promise<RebuiltScansRow[]> {
  return queryRows(
    store,
    "store_rebuilt_scans",
    `WITH rebuilt AS (
       SELECT DISTINCT ON (e.identity_id) e.identity_id, e.at, e.detail
         FROM events e
        WHERE e.target_id = $1 AND e.kind = 'rebuild' AND e.identity_id IS NOT NULL
          AND e.at > $2::timestamptz
        ORDER BY e.identity_id, e.at DESC)
     SELECT i.schema_name, i.table_name, i.index_name, rb.at AS rebuilt_at,
            greatest(date_trunc('hour', $2::timestamptz), i.first_seen) AS since,
            coalesce((SELECT sum(u.scans) FROM usage_hourly u
                       WHERE u.identity_id = i.id AND NOT u.simulated
                         AND u.hour >= date_trunc('hour', $2::timestamptz)), 0)::int8 AS scans,
            (SELECT max(p.polled_at) FROM polls p
              WHERE p.target_id = i.target_id AND p.polled_at < r.polled_at) AS seen_from,
            r.polled_at AS seen_to
       FROM rebuilt rb
       JOIN index_identity i ON i.id = rb.identity_id
       LEFT JOIN LATERAL (SELECT i.last_scanned_at AS polled_at
                           WHERE EXISTS (SELECT FROM polls p
                                          WHERE p.target_id = i.target_id AND p.polled_at = i.last_scanned_at)) r ON true
      WHERE i.target_id = $1 AND i.dropped_at IS NULL AND strpos(rb.detail, $3) > 0`,
    [targetId, statsSince, COUNTERS_STARTED_OVER],
    rebuiltRow,
  );
}
