import type pg from "pg";
import { STATEMENT_TEXT_MAX } from "@/lib/analysis/statement-deltas";
import { planStateKey, readPlanStates } from "@/lib/store/plan-reads";
import { pruneOrphanPlans, recordPlanCycle, storeDerivedPlan } from "@/lib/store/plan-writer";
import { readStatementStats, readStatementStatus } from "@/lib/store/statement-reads";
import type { ExplainConnection } from "./explain-connection";
import { PLAN_STATEMENT_TIMEOUT_MS, planGeneric } from "./generic-plan";
import { choosePlans, type PlanReason } from "./plan-selection";
import { walkPlan } from "./plan-walk";
import { checkPlannableStatement } from "./statement-kind";

/**
 * The plan budget, per target and sampler interval: at most `maxPlans` plans, and no new plan
 * once `maxMs` of planning (wall time on the EXPLAIN connection, round trips included: more
 * than the target's CPU) was spent. The default `maxMs` is 2% of the interval, so plans cost
 * the target at most about 2% of one core (one connection plans one statement at a time).
 */
export interface PlanBudget {
  maxPlans: number;
  maxMs: number;
  /** How many of the busiest statements (by total time) are considered at all. */
  candidates: number;
}

export const PLAN_BUDGET_SHARE = 0.02;
export const PLAN_CANDIDATES = 50;

export function planBudgetFor(intervalMs: number, maxPlans: number): PlanBudget {
  return { maxPlans, maxMs: Math.max(20, intervalMs * PLAN_BUDGET_SHARE), candidates: PLAN_CANDIDATES };
}

export interface PlanCycleInput {
  targetId: string;
  explain: ExplainConnection;
  store: pg.Pool;
  /** The sampler's catalog fingerprint (catalogVersion in lib/sampler/sample-once.ts). */
  catalogVersion: string | null;
  budget: PlanBudget;
}

export interface PlanCycleReport {
  available: boolean;
  reason: string | null;
  planned: number;
  failed: number;
  refused: number;
  /** Wanted a plan, left for a later interval by the budget. */
  pending: number;
  /** Planning time spent on the EXPLAIN connection this cycle, ms. */
  planningMs: number;
  reasons: Partial<Record<PlanReason, number>>;
}

/** Plans need the statement history: what to plan comes from it, never from the target. */
export const NO_STATEMENTS_REASON =
  "Plans wait for the statement history: pg_stat_statements is not sampled on this target yet.";

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export async function runPlanCycle(input: PlanCycleInput): Promise<PlanCycleReport> {
  const report: PlanCycleReport = {
    available: true,
    reason: null,
    planned: 0,
    failed: 0,
    refused: 0,
    pending: 0,
    planningMs: 0,
    reasons: {},
  };
  const finish = async (over: Partial<PlanCycleReport> = {}) => {
    Object.assign(report, over);
    await recordPlanCycle(input.store, input.targetId, {
      available: report.available,
      reason: report.reason,
      planned: report.planned,
      planningMs: Math.round(report.planningMs * 100) / 100,
      pending: report.pending,
    });
    return report;
  };
  if (!input.explain.available) return finish({ available: false, reason: input.explain.reason });
  // The candidates are the statement history's busiest of the last day or two (today's and
  // yesterday's roll-ups), with their texts as stored: choosing them costs the target nothing.
  const status = await readStatementStatus(input.store, input.targetId);
  if (!status?.available) return finish({ available: false, reason: status?.reason ?? NO_STATEMENTS_REASON });
  await pruneOrphanPlans(input.store, input.targetId);
  const now = new Date();
  const stats = await readStatementStats(input.store, input.targetId, {
    from: dayOf(new Date(now.getTime() - 86_400_000)),
    to: dayOf(now),
    limit: input.budget.candidates,
    sort: "totalMs",
  });
  const candidates = stats.map((r) => ({
    queryid: r.queryid,
    dbid: r.dbid,
    userid: r.userid,
    totalMs: r.totalMs,
    meanMs: r.meanMs,
    query: r.query,
  }));
  const states = await readPlanStates(input.store, input.targetId);
  const choices = choosePlans(candidates, (c) => states.get(planStateKey(c)), input.catalogVersion, now);
  if (choices.length === 0 || input.budget.maxPlans === 0) return finish({ pending: choices.length });

  for (const { candidate, reason } of choices) {
    const text = candidate.query;
    const base = {
      queryid: candidate.queryid,
      dbid: candidate.dbid,
      userid: candidate.userid,
      query: text,
      catalogVersion: input.catalogVersion,
      meanMs: candidate.meanMs,
    };
    // A text the history cut (it ends in "…") is not the statement: planning it would fail.
    const cut = text.length >= STATEMENT_TEXT_MAX && text.endsWith("…");
    const check = cut
      ? { ok: false as const, reason: `the stored text was cut at ${STATEMENT_TEXT_MAX} characters` }
      : checkPlannableStatement(text);
    if (!check.ok) {
      // Decided here, without the target: costs nothing, and is not tried again until the catalog changes.
      report.refused++;
      await storeDerivedPlan(input.store, input.targetId, {
        ...base,
        method: null,
        planningMs: 0,
        summary: null,
        error: `not planned: ${check.reason}`,
      });
      continue;
    }
    if (report.planned + report.failed >= input.budget.maxPlans || report.planningMs >= input.budget.maxMs) {
      report.pending++;
      continue;
    }
    const remaining = input.budget.maxMs - report.planningMs;
    const result = await planGeneric(input.explain.pool, text, {
      statementTimeoutMs: Math.min(PLAN_STATEMENT_TIMEOUT_MS, Math.max(50, remaining * 2)),
    });
    report.planningMs += result.elapsedMs;
    report.reasons[reason] = (report.reasons[reason] ?? 0) + 1;
    const walked = result.ok ? walkPlan(result.plan) : null;
    const summary = walked?.ok ? walked.summary : null;
    const error = !result.ok
      ? `${result.reason}: ${result.message}`
      : walked && !walked.ok
        ? walked.reason
        : null;
    if (error === null) report.planned++;
    else report.failed++;
    await storeDerivedPlan(input.store, input.targetId, {
      ...base,
      method: result.ok ? result.method : null,
      planningMs: result.elapsedMs,
      summary,
      error,
    });
  }
  return finish();
}
