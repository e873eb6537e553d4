import type pg from "pg";
import { planGeneric } from "@/lib/plans/generic-plan";
import { walkPlan } from "@/lib/plans/plan-walk";

/**
 * The total cost of a statement's generic plan (lib/plans: read-only, timed out, never
 * executed), planned on `pool`'s connection: in a hypothetical session, the one that holds the
 * hypothetical indexes. Null when it could not be planned.
 */
export async function genericPlanCost(pool: pg.Pool, query: string): Promise<number | null> {
  const planned = await planGeneric(pool, query);
  if (!planned.ok) return null;
  const walked = walkPlan(planned.plan);
  return walked.ok ? walked.summary.totalCost : null;
}
