import { hideIndex, hypopgCanHide } from "@/lib/catalog/hypopg";
import type { PlanCost } from "./check-candidates";
import { withHypotheticalSession } from "./hypothetical-session";

/** At most this many statements are re-planned per what-if (the costliest ones). */
export const WHAT_IF_MAX_STATEMENTS = 10;

export const NOT_VERIFIED_OLD_HYPOPG = "not verified: needs hypopg 1.4+ (hypopg_hide_index)";
export const NOT_VERIFIED_NO_HYPOPG =
  "not verified: hypopg is not installed in the target database (CREATE EXTENSION hypopg; 1.4+ can hide indexes)";
export const NOT_VERIFIED_NO_EXPLAIN =
  "not verified: no EXPLAIN connection for this target (EXPLAIN_DATABASE_URL), so its statements cannot be re-planned";

export interface WhatIfStatement {
  queryid: string;
  query: string;
  /** The plan node that uses the index (from the stored plan). */
  node: string;
  /** Total cost of the generic plan as it is, and with the index hidden; null when not verified. */
  costBefore: number | null;
  costAfter: number | null;
}

export interface WhatIfDropResult {
  available: boolean;
  reason: string | null;
  statements: WhatIfStatement[];
}

const unverified = (
  statements: readonly Omit<WhatIfStatement, "costBefore" | "costAfter">[],
  reason: string,
) => ({
  available: false,
  reason,
  statements: statements.map((s) => ({ ...s, costBefore: null, costAfter: null })),
});

/**
 * What gets slower without an index: where hypopg 1.4+ is installed, the statements that use
 * it are planned as they are, then with the index hidden (hypopg_hide_index, this session
 * only: the index stays for everyone else), on one connection of their own. Without it, the
 * statements are listed and the reason says nothing was verified.
 */
export async function whatIfDropStatements(options: {
  explainUrl: string | null;
  indexOid: number;
  statements: readonly Omit<WhatIfStatement, "costBefore" | "costAfter">[];
  planCost: PlanCost;
}): Promise<WhatIfDropResult> {
  const statements = options.statements.slice(0, WHAT_IF_MAX_STATEMENTS);
  if (!options.explainUrl) return unverified(statements, NOT_VERIFIED_NO_EXPLAIN);
  const outcome = await withHypotheticalSession(options.explainUrl, async (session) => {
    if (!hypopgCanHide(session.hypopg.version)) {
      return unverified(
        statements,
        `${NOT_VERIFIED_OLD_HYPOPG}; hypopg ${session.hypopg.version} is installed`,
      );
    }
    const before: (number | null)[] = [];
    for (const s of statements) before.push(await options.planCost(session.pool, s.query));
    if (!(await hideIndex(session.pool, session.hypopg, options.indexOid))) {
      return unverified(statements, "not verified: hypopg could not hide this index");
    }
    const after: (number | null)[] = [];
    for (const s of statements) after.push(await options.planCost(session.pool, s.query));
    if (!(await session.sameBackend()))
      return unverified(statements, "not verified: the planning connection was lost");
    return {
      available: true,
      reason: null,
      statements: statements.map((s, i) => ({
        ...s,
        costBefore: before[i] ?? null,
        costAfter: after[i] ?? null,
      })),
    };
  });
  return outcome.installed ? outcome.result : unverified(statements, NOT_VERIFIED_NO_HYPOPG);
}
