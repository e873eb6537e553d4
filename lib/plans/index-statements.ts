import type pg from "pg";
import { daysBetween } from "@/lib/analysis/rollup";
import type { IndexIdentityKey } from "@/lib/store/index-identity-reads";
import {
  readPlanCycle,
  readStatementHistoryStartDay,
  readStatementsPlanningIndex,
} from "@/lib/store/plan-reads";
import {
  readStatementDailySeries,
  readStatementStatus,
  type StatementRange,
} from "@/lib/store/statement-reads";

/** One statement whose generic plan uses the index, with what it did in the range. */
export interface IndexStatement {
  queryid: string;
  query: string;
  calls: number;
  /** Calls per day of the range that the statement history covers. */
  callsPerDay: number;
  totalMs: number;
  meanMs: number;
  rows: number;
  /** The plan node that uses the index ("Index Scan", …; several joined by ", "). */
  node: string;
  totalCost: number | null;
  plannedAt: string;
}

export interface IndexStatementsView {
  /** True when plans are derived on this target (statement history and an EXPLAIN connection). */
  available: boolean;
  /** Why not, and how to turn it on; null when available. */
  reason: string | null;
  from: string;
  to: string;
  statements: IndexStatement[];
}

export const PLANS_NOT_YET =
  "Plans have not been derived on this target yet: the sampler derives them after its polls, a few per interval.";

/**
 * The statements whose stored generic plans use an index (by identity: a rebuild keeps them),
 * with their calls, time and rows over the range from the statement history. From the store
 * only: viewers never reach the target. Statements that did not run in the range stay listed
 * with zero calls (the Unused page's "plan to use it but did not run").
 */
export async function getIndexStatements(
  pool: pg.Pool,
  targetId: string,
  index: IndexIdentityKey,
  range: StatementRange,
): Promise<IndexStatementsView> {
  const [cycle, status, planned, historyStart] = await Promise.all([
    readPlanCycle(pool, targetId),
    readStatementStatus(pool, targetId),
    readStatementsPlanningIndex(pool, targetId, index),
    readStatementHistoryStartDay(pool, targetId),
  ]);
  const reason = !cycle
    ? PLANS_NOT_YET
    : !cycle.available
      ? cycle.reason
      : status?.available
        ? null
        : status?.reason;
  const points = await readStatementDailySeries(pool, targetId, planned, range);
  // Per day of the range the history covers: a history three minutes old has one day, not seven.
  const observedFrom = historyStart !== null && historyStart > range.from ? historyStart : range.from;
  const days = Math.max(1, daysBetween(observedFrom, range.to) + 1);
  const statements = planned.map((p): IndexStatement => {
    const mine = points.filter((d) => d.queryid === p.queryid && d.dbid === p.dbid && d.userid === p.userid);
    const calls = mine.reduce((sum, d) => sum + d.calls, 0);
    const totalMs = mine.reduce((sum, d) => sum + d.totalMs, 0);
    return {
      queryid: p.queryid,
      query: p.query,
      calls,
      callsPerDay: calls / days,
      totalMs,
      meanMs: calls > 0 ? totalMs / calls : 0,
      rows: mine.reduce((sum, d) => sum + d.rows, 0),
      node: p.nodes.join(", "),
      totalCost: p.totalCost,
      plannedAt: p.plannedAt,
    };
  });
  statements.sort((a, b) => b.totalMs - a.totalMs || b.calls - a.calls || a.queryid.localeCompare(b.queryid));
  return { available: reason === null, reason: reason ?? null, from: range.from, to: range.to, statements };
}
