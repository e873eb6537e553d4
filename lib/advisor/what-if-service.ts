import { env } from "@/lib/config/env";
import { NotFoundError, RateLimitedError } from "@/lib/errors";
import { getSnapshotIndex } from "@/lib/inventory/snapshot";
import { readStatementsPlanningIndex } from "@/lib/store/plan-reads";
import { storePool } from "@/lib/store/pool";
import { getTargetConfig } from "@/lib/targets/registry";
import { genericPlanCost } from "./plan-cost";
import { WHAT_IF_MAX_STATEMENTS, type WhatIfDropResult, whatIfDropStatements } from "./what-if-drop";

/** One what-if per target at a time, and at most one every WHAT_IF_MIN_GAP_MS: each costs the target planning work. */
export const WHAT_IF_MIN_GAP_MS = 5_000;

const state = globalThis as unknown as {
  __indexwatchWhatIf?: Map<string, { startedAtMs: number; running: boolean }>;
};
state.__indexwatchWhatIf ??= new Map();
const lastByTarget = state.__indexwatchWhatIf;

function takeSlot(targetId: string, targetName: string): () => void {
  const now = Date.now();
  const last = lastByTarget.get(targetId);
  if (last?.running) throw new RateLimitedError(`a what-if is already running on target "${targetName}"`, 1);
  if (last && now - last.startedAtMs < WHAT_IF_MIN_GAP_MS) {
    const wait = Math.ceil((WHAT_IF_MIN_GAP_MS - (now - last.startedAtMs)) / 1000);
    throw new RateLimitedError(
      `a what-if ran on target "${targetName}" moments ago; try again in ${wait} s`,
      wait,
    );
  }
  const slot = { startedAtMs: now, running: true };
  lastByTarget.set(targetId, slot);
  return () => {
    slot.running = false;
  };
}

/**
 * POST …/indexes/{oid}/what-if-drop: the statements whose stored plans use the index, re-planned
 * with it hidden where hypopg 1.4+ allows (lib/advisor/what-if-drop.ts). Rate-limited per target.
 */
export async function whatIfDrop(targetId: string, oid: number): Promise<WhatIfDropResult> {
  const target = getTargetConfig(targetId);
  const index = await getSnapshotIndex(target.id, oid);
  if (!index) throw new NotFoundError(`no index with OID ${oid} on target "${target.name}"`);
  const release = takeSlot(target.id, target.name);
  try {
    if (!env().STORE_URL) {
      return {
        available: false,
        reason: "not verified: no history store (STORE_URL) keeps the plans",
        statements: [],
      };
    }
    let statements: { queryid: string; query: string; node: string }[];
    try {
      // The costliest first: those are the ones a drop would hurt most.
      statements = (await readStatementsPlanningIndex(storePool(), target.id, index))
        .sort((a, b) => (b.totalCost ?? 0) - (a.totalCost ?? 0))
        .slice(0, WHAT_IF_MAX_STATEMENTS)
        .map((s) => ({ queryid: s.queryid, query: s.query, node: s.nodes.join(", ") }));
    } catch (error) {
      // The plan store unreadable (down, or not migrated yet) degrades this panel, not the page.
      console.error(`[indexwatch] what-if: stored plans unreadable: ${String(error)}`);
      return { available: false, reason: "not verified: the stored plans could not be read", statements: [] };
    }
    return await whatIfDropStatements({
      explainUrl: target.explainUrl ?? null,
      indexOid: oid,
      statements,
      planCost: genericPlanCost,
    });
  } finally {
    release();
  }
}
