import type pg from "pg";
import type { CheckedCandidate, CostCheck, MissingIndexCandidate } from "@/lib/analysis/missing-index";
import { createHypotheticalIndex, resetHypotheticalIndexes } from "@/lib/catalog/hypopg";
import { buildSuggestedIndexSql } from "@/lib/catalog/suggested-index";
import type { Queryable } from "@/lib/db/query";
import { type HypotheticalSession, withHypotheticalSession } from "./hypothetical-session";

/** The total cost of one statement's generic plan on a pool's connection, or null when it could not be planned. */
export type PlanCost = (pool: pg.Pool, query: string) => Promise<number | null>;

/** At most this many statements are re-planned per suggestion, and this many suggestions per analysis. */
export const MAX_STATEMENTS_PER_SUGGESTION = 5;
export const MAX_CHECKED_SUGGESTIONS = 20;

export interface CheckOptions {
  /** The target's monitoring connection: the suggested SQL is written there, from the catalog. */
  catalog: Queryable;
  /** A role that may plan the statements (EXPLAIN_DATABASE_URL); null: nothing can be verified. */
  explainUrl: string | null;
  planCost: PlanCost;
}

async function costWith(
  session: HypotheticalSession,
  candidate: MissingIndexCandidate,
  hypotheticalSql: string,
  planCost: PlanCost,
): Promise<CostCheck | string> {
  const statements: CostCheck["statements"] = [];
  const planned = candidate.statements.slice(0, MAX_STATEMENTS_PER_SUGGESTION);
  const before = new Map<string, number>();
  for (const s of planned) {
    const cost = await planCost(session.pool, s.query);
    if (cost !== null) before.set(s.queryid, cost);
  }
  if (before.size === 0) return "none of its statements could be planned";
  await createHypotheticalIndex(session.pool, session.hypopg, hypotheticalSql);
  try {
    for (const s of planned) {
      const costBefore = before.get(s.queryid);
      if (costBefore === undefined) continue;
      const costAfter = await planCost(session.pool, s.query);
      if (costAfter !== null) statements.push({ queryid: s.queryid, costBefore, costAfter });
    }
    if (!(await session.sameBackend())) return "the planning connection was lost half-way";
  } finally {
    await resetHypotheticalIndexes(session.pool, session.hypopg);
  }
  if (statements.length === 0) return "its statements could not be re-planned";
  return {
    costBefore: statements.reduce((sum, s) => sum + s.costBefore, 0),
    costAfter: statements.reduce((sum, s) => sum + s.costAfter, 0),
    statements,
  };
}

/**
 * Each candidate with its SQL and, where hypopg is installed in the target database, the cost of
 * its statements without and with it as a hypothetical index (one session for all of them,
 * bounded by MAX_CHECKED_SUGGESTIONS and MAX_STATEMENTS_PER_SUGGESTION). Candidates whose table
 * or columns are gone are left out.
 */
export async function checkCandidates(
  candidates: readonly MissingIndexCandidate[],
  options: CheckOptions,
): Promise<CheckedCandidate[]> {
  const withSql: {
    candidate: MissingIndexCandidate;
    sql: { create: string; drop: string; hypothetical: string };
  }[] = [];
  for (const candidate of candidates) {
    const sql = await buildSuggestedIndexSql(
      options.catalog,
      candidate.tableOid,
      candidate.indexName,
      candidate.columns,
    );
    if (sql) {
      withSql.push({
        candidate,
        sql: { create: sql.create_sql, drop: sql.drop_sql, hypothetical: sql.hypothetical_sql },
      });
    }
  }
  const unchecked = (reason: string): CheckedCandidate[] =>
    withSql.map(({ candidate, sql }) => ({
      candidate,
      sql: { create: sql.create, drop: sql.drop },
      check: null,
      reason,
    }));
  if (withSql.length === 0) return [];
  if (!options.explainUrl)
    return unchecked("no EXPLAIN connection (EXPLAIN_DATABASE_URL) to re-plan its statements");
  const outcome = await withHypotheticalSession(options.explainUrl, async (session) => {
    const checked: CheckedCandidate[] = [];
    for (const [i, { candidate, sql }] of withSql.entries()) {
      const plain = { create: sql.create, drop: sql.drop };
      if (i >= MAX_CHECKED_SUGGESTIONS) {
        checked.push({ candidate, sql: plain, check: null, reason: "over this analysis's budget of checks" });
        continue;
      }
      const result = await costWith(session, candidate, sql.hypothetical, options.planCost).catch(
        (error: unknown) => `hypopg failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      checked.push(
        typeof result === "string"
          ? { candidate, sql: plain, check: null, reason: result }
          : { candidate, sql: plain, check: result, reason: null },
      );
    }
    return checked;
  });
  return outcome.installed ? outcome.result : unchecked("hypopg is not installed in the target database");
}
