import type pg from "pg";
import {
  findStatementsExtension,
  listTopStatementsByTime,
  readStatementTextsForPlans,
} from "@/lib/catalog/plan-candidates";
import type { Queryable } from "@/lib/db/query";
import { planStateKey, readPlanStates } from "@/lib/store/plan-reads";
import { recordPlanCycle, storeDerivedPlan } from "@/lib/store/plan-writer";
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
  /** The monitoring connection: reads pg_stat_statements (never plans). */
  monitoring: Queryable;
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

export const NO_STATEMENTS_REASON =
  "pg_stat_statements is not installed in this database: add it to shared_preload_libraries, restart, " +
  "and run CREATE EXTENSION pg_stat_statements; the monitoring role needs pg_read_all_stats to see every text.";

/** How many texts to read per cycle beyond the plan budget: refused statements cost no plan. */
const TEXT_READ_FACTOR = 3;

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
  const schema = await findStatementsExtension(input.monitoring);
  if (schema === null) return finish({ available: false, reason: NO_STATEMENTS_REASON });

  const candidates = (await listTopStatementsByTime(input.monitoring, schema, input.budget.candidates)).map(
    (r) => ({
      queryid: r.queryid,
      dbid: r.dbid,
      userid: r.userid,
      totalMs: r.total_ms,
      meanMs: r.mean_ms,
    }),
  );
  const states = await readPlanStates(input.store, input.targetId);
  const now = new Date();
  const choices = choosePlans(candidates, (c) => states.get(planStateKey(c)), input.catalogVersion, now);
  if (choices.length === 0 || input.budget.maxPlans === 0) return finish({ pending: choices.length });

  const reading = choices.slice(0, Math.max(1, input.budget.maxPlans * TEXT_READ_FACTOR));
  const texts = new Map(
    (
      await readStatementTextsForPlans(input.monitoring, schema, [
        ...new Set(reading.map((c) => c.candidate.queryid)),
      ])
    )
      .filter((t) => t.query !== null)
      .map((t) => [planStateKey(t), t.query as string]),
  );
  report.pending = choices.length - reading.length;
  for (const { candidate, reason } of reading) {
    const text = texts.get(planStateKey(candidate));
    if (text === undefined) {
      report.pending++;
      continue;
    }
    const base = {
      queryid: candidate.queryid,
      dbid: candidate.dbid,
      userid: candidate.userid,
      query: text,
      catalogVersion: input.catalogVersion,
      meanMs: candidate.meanMs,
    };
    const check = checkPlannableStatement(text);
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
