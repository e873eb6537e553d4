/**
 * Which statements to (re)plan this interval: pure. A statement is planned when it has no plan
 * yet, when the catalog changed since its plan (an index added or dropped can change the
 * plan), when its mean time moved by MEAN_MOVE_FACTOR either way since (data or settings moved
 * under it), and a failed plan is retried after RETRY_FAILED_AFTER_MS. The budget takes them in
 * that order, busiest first within each.
 */

export interface PlanCandidate {
  queryid: string;
  dbid: number;
  userid: number;
  totalMs: number;
  meanMs: number;
}

export interface StoredPlanState {
  plannedAt: Date;
  catalogVersion: string | null;
  meanMsAtPlan: number;
  error: string | null;
}

export type PlanReason = "new" | "catalog_changed" | "mean_moved" | "retry_failed";

export interface PlanChoice<C extends PlanCandidate = PlanCandidate> {
  candidate: C;
  reason: PlanReason;
}

export const MEAN_MOVE_FACTOR = 2;
/** Below this mean a move is noise (a 0.01 ms statement at 0.03 ms is not news). */
export const MEAN_MOVE_MIN_MS = 1;
export const RETRY_FAILED_AFTER_MS = 60 * 60_000;

const ORDER: Record<PlanReason, number> = { new: 0, catalog_changed: 1, mean_moved: 2, retry_failed: 3 };

export function whyPlan(
  candidate: PlanCandidate,
  stored: StoredPlanState | undefined,
  catalogVersion: string | null,
  now: Date,
): PlanReason | null {
  if (!stored) return "new";
  if (catalogVersion !== null && stored.catalogVersion !== catalogVersion) return "catalog_changed";
  if (stored.error !== null) {
    return now.getTime() - stored.plannedAt.getTime() >= RETRY_FAILED_AFTER_MS ? "retry_failed" : null;
  }
  const before = stored.meanMsAtPlan;
  const after = candidate.meanMs;
  if (Math.max(before, after) >= MEAN_MOVE_MIN_MS) {
    if (after >= before * MEAN_MOVE_FACTOR || after * MEAN_MOVE_FACTOR <= before) return "mean_moved";
  }
  return null;
}

/** Every candidate that wants a plan, in the order the budget should take them. */
export function choosePlans<C extends PlanCandidate>(
  candidates: readonly C[],
  stored: (candidate: C) => StoredPlanState | undefined,
  catalogVersion: string | null,
  now: Date,
): PlanChoice<C>[] {
  const chosen: PlanChoice<C>[] = [];
  for (const candidate of candidates) {
    const reason = whyPlan(candidate, stored(candidate), catalogVersion, now);
    if (reason !== null) chosen.push({ candidate, reason });
  }
  return chosen.sort(
    (a, b) => ORDER[a.reason] - ORDER[b.reason] || b.candidate.totalMs - a.candidate.totalMs,
  );
}
