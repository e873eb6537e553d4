import { z } from "zod";
import { pgCount } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

const samplerRow = z.object({
  id: z.string(),
  first_seen: z.date(),
  last_poll_at: z.date().nullable(),
  status: z.enum(["ok", "unreachable"]),
  unreachable_since: z.date().nullable(),
  last_error: z.string().nullable(),
  lag_seconds: z.number().nullable(),
});
export type SamplerStateRow = z.infer<typeof samplerRow>;

/** What the sampler last stored about each server (primary or standby), by store id. */
export async function readSamplerStates(
  store: Queryable,
  serverIds: string[],
): Promise<Map<string, SamplerStateRow>> {
  const rows = await queryRows(
    store,
    "fleet_sampler_states",
    `SELECT id, first_seen, last_poll_at, status, unreachable_since, last_error,
            extract(epoch FROM now() - last_poll_at)::float8 AS lag_seconds
       FROM targets WHERE id = ANY($1::text[])`,
    [serverIds],
    samplerRow,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

const actionCountRow = z.object({ target_id: z.string(), n: pgCount });

/** Queued and running actions per target (the audit log's live rows). */
export async function readRunningActionCounts(
  store: Queryable,
  targetIds: string[],
): Promise<Map<string, number>> {
  const rows = await queryRows(
    store,
    "fleet_running_actions",
    `SELECT target_id, count(*)::int8 AS n FROM actions_audit
      WHERE target_id = ANY($1::text[]) AND status IN ('queued', 'running')
      GROUP BY target_id`,
    [targetIds],
    actionCountRow,
  );
  return new Map(rows.map((r) => [r.target_id, r.n]));
}
