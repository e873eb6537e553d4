import type pg from "pg";
import { createPool } from "@/lib/db/pool";
import { registeredPool } from "@/lib/db/pool-registry";
import type { TargetConfig } from "@/lib/targets/registry";
import { PLAN_LOCK_TIMEOUT_MS, PLAN_STATEMENT_TIMEOUT_MS } from "./generic-plan";

/** Why plans are off for a target, in words the pages show as they are. */
export const PLANS_OFF_REASON =
  "Plans are off for this target: the monitoring role may not read tables, so it cannot EXPLAIN them. " +
  "Set EXPLAIN_DATABASE_URL (or explainUrl in the targets file) to a role with pg_read_all_data: " +
  "CREATE ROLE indexwatch_explain LOGIN PASSWORD '…'; GRANT pg_read_all_data TO indexwatch_explain;";

export type ExplainConnection = { available: true; pool: pg.Pool } | { available: false; reason: string };

/**
 * The connection generic plans run on: the target's explainUrl (EXPLAIN_DATABASE_URL), never
 * the monitoring one. One connection is enough: plans are derived one after another by the
 * sampler, never by a viewer.
 */
export function explainConnectionOf(target: TargetConfig): ExplainConnection {
  if (!target.explainUrl) return { available: false, reason: PLANS_OFF_REASON };
  return {
    available: true,
    pool: registeredPool("explain", target.id, target.explainUrl, (url) =>
      createPool(url, {
        applicationName: "indexwatch-plans",
        statementTimeoutMs: PLAN_STATEMENT_TIMEOUT_MS,
        lockTimeoutMs: PLAN_LOCK_TIMEOUT_MS,
        max: 1,
      }),
    ),
  };
}
