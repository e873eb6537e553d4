import { env } from "@/lib/config/env";
import { storePool } from "@/lib/store/pool";
import type { TargetConfig } from "@/lib/targets/registry";
import { explainConnectionOf } from "./explain-connection";
import { planBudgetFor, runPlanCycle } from "./plan-cycle";

/**
 * The plan cycle of one target after each of its sampler's polls (by the process that holds
 * the target): `catalogVersion` is the sampler's catalog fingerprint of that poll. Logs what it
 * spent when it planned anything, so the budget can be checked against the interval.
 */
export async function planAfterSample(
  target: TargetConfig,
  catalogVersion: string | undefined,
  intervalMs: number,
  log: (message: string) => void,
): Promise<void> {
  const budget = planBudgetFor(intervalMs, env().PLANS_PER_INTERVAL);
  const report = await runPlanCycle({
    targetId: target.id,
    explain: explainConnectionOf(target),
    store: storePool(),
    catalogVersion: catalogVersion ?? null,
    budget,
  });
  if (report.planned + report.failed > 0) {
    log(
      `plans of ${target.id}: ${report.planned} derived, ${report.failed} failed in ${report.planningMs.toFixed(1)} ms ` +
        `(budget ${budget.maxPlans} plans / ${budget.maxMs} ms per ${intervalMs / 1000} s), ${report.pending} pending`,
    );
  }
}
