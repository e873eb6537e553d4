import { z } from "zod";
import { pgCount, pgNumber } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

const indexRow = z.object({
  server_id: z.string(),
  schema_name: z.string().nullable(),
  table_name: z.string().nullable(),
  index_name: z.string().nullable(),
  /** How many indexes the row stands for: 1, or the count folded into "other". */
  indexes: pgCount,
  scans: pgCount,
  size_bytes: pgCount.nullable(),
});
export type IndexMetricRow = z.infer<typeof indexRow>;

/**
 * Per server, the `limit` largest live indexes one row each, and everything else summed into
 * one row with NULL names: the series count stays at most limit + 1 per server whatever the
 * size of the catalog. Scans are the cumulative counters last read (idx_scan: Prometheus'
 * rate() understands their resets).
 */
export function readIndexMetrics(
  store: Queryable,
  serverIds: string[],
  limit: number,
): Promise<IndexMetricRow[]> {
  return queryRows(
    store,
    "metrics_index_series",
    `WITH ranked AS (
       SELECT target_id, schema_name, table_name, index_name, last_scans, last_size_bytes,
              row_number() OVER (PARTITION BY target_id ORDER BY last_size_bytes DESC NULLS LAST, id) AS rank
         FROM index_identity
        WHERE target_id = ANY($1::text[]) AND dropped_at IS NULL
     )
     SELECT target_id AS server_id, schema_name, table_name, index_name, 1::int8 AS indexes,
            last_scans AS scans, last_size_bytes AS size_bytes
       FROM ranked WHERE rank <= $2
     UNION ALL
     SELECT target_id, NULL, NULL, NULL, count(*)::int8, sum(last_scans)::int8, sum(last_size_bytes)::int8
       FROM ranked WHERE rank > $2
      GROUP BY target_id`,
    [serverIds, limit],
    indexRow,
  );
}

const samplerRow = z.object({
  id: z.string(),
  status: z.enum(["ok", "unreachable"]),
  last_poll_at: z.date().nullable(),
  lag_seconds: pgNumber.nullable(),
  index_count: pgCount.nullable(),
});

/** What the sampler last stored per server: status, last poll and its age by the store's clock. */
export function readSamplerHealth(store: Queryable, serverIds: string[]) {
  return queryRows(
    store,
    "metrics_sampler_health",
    `SELECT t.id, t.status, t.last_poll_at,
            extract(epoch FROM now() - t.last_poll_at)::float8 AS lag_seconds,
            (SELECT p.index_count FROM polls p WHERE p.target_id = t.id ORDER BY p.polled_at DESC LIMIT 1)::int8
              AS index_count
       FROM targets t WHERE t.id = ANY($1::text[])`,
    [serverIds],
    samplerRow,
  );
}

const actionCountRow = z.object({ target_id: z.string(), kind: z.string(), status: z.string(), n: pgCount });

export function readActionCounts(store: Queryable, targetIds: string[]) {
  return queryRows(
    store,
    "metrics_action_counts",
    `SELECT target_id, kind, status, count(*)::int8 AS n FROM actions_audit
      WHERE target_id = ANY($1::text[]) GROUP BY 1, 2, 3`,
    [targetIds],
    actionCountRow,
  );
}

const durationRow = z.object({ target_id: z.string(), kind: z.string(), seconds: pgNumber });

/** Durations of finished actions (the audit log is small: one row per action ever run). */
export function readActionDurations(store: Queryable, targetIds: string[]) {
  return queryRows(
    store,
    "metrics_action_durations",
    `SELECT target_id, kind, extract(epoch FROM finished_at - started_at)::float8 AS seconds
       FROM actions_audit
      WHERE target_id = ANY($1::text[]) AND started_at IS NOT NULL AND finished_at IS NOT NULL`,
    [targetIds],
    durationRow,
  );
}
