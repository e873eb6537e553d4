import type pg from "pg";
import { planStateKey, readPlanCycle, readPlannedStatementsByIndex } from "@/lib/store/plan-reads";
import { readStatementDailySeries, type StatementRange } from "@/lib/store/statement-reads";
import { PLANS_NOT_YET } from "./index-statements";

/** Per index with any: how many statements plan to use it, and how many of them ran in the range. */
export interface PlannedIndexNote {
  schema: string;
  table: string;
  name: string;
  statements: number;
  ranInRange: number;
}

export interface PlannedIndexNotes {
  available: boolean;
  reason: string | null;
  from: string;
  to: string;
  indexes: PlannedIndexNote[];
}

/**
 * The Unused page's note per index, in two store reads: an index no stored plan uses gets "no
 * tracked statement plans to use it"; one with plans that did not run in the window gets "2
 * statements plan to use it but did not run in the window".
 */
export async function getPlannedIndexNotes(
  pool: pg.Pool,
  targetId: string,
  range: StatementRange,
): Promise<PlannedIndexNotes> {
  const [cycle, planned] = await Promise.all([
    readPlanCycle(pool, targetId),
    readPlannedStatementsByIndex(pool, targetId),
  ]);
  const keys = new Map(planned.flatMap((p) => p.keys.map((k) => [planStateKey(k), k] as const)));
  const points = await readStatementDailySeries(pool, targetId, [...keys.values()], range);
  const ran = new Set(points.filter((p) => p.calls > 0).map((p) => planStateKey(p)));
  const reason = !cycle ? PLANS_NOT_YET : cycle.available ? null : cycle.reason;
  return {
    available: reason === null,
    reason,
    from: range.from,
    to: range.to,
    indexes: planned.map((p) => ({
      schema: p.schema,
      table: p.table,
      name: p.name,
      statements: p.statements,
      ranInRange: p.keys.filter((k) => ran.has(planStateKey(k))).length,
    })),
  };
}
