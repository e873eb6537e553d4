import { env } from "@/lib/config/env";
import { storePool } from "@/lib/store/pool";
import type { TargetConfig } from "@/lib/targets/registry";
import { explainConnectionOf } from "./explain-connection";
import { planBudgetFor, runPlanCycle } from "./plan-cycle";

/**
 * The plan cycle of one target after each of its sampler's polls (by the process that holds
 * the target): `catalogVersion` is the sampler's catalog fingerprint of that poll. What each
 * cycle spent goes to the store (plan_cycles), not the console: `npm start` stays a few lines
 * (a cycle that throws is logged by the sampler loop).
 */
export async function planAfterSample(
  target: TargetConfig,
  catalogVersion: string | undefined,
  intervalMs: number,
): Promise<void> {
  await runPlanCycle({
    targetId: target.id,
    explain: explainConnectionOf(target),
    store: storePool(),
    catalogVersion: catalogVersion ?? null,
    budget: planBudgetFor(intervalMs, env().PLANS_PER_INTERVAL),
  });
}
