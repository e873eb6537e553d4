import { getCatalogVersion } from "@/lib/catalog/index-inventory";
import { env } from "@/lib/config/env";
import { monitoringPool } from "@/lib/targets/pools";
import { getTargetConfig } from "@/lib/targets/registry";
import { warmFindingsPages } from "./findings-page";
import {
  type ComputedFindings,
  computeFindings,
  type FindingsResponse,
  readIgnores,
  splitIgnores,
} from "./get-findings";

/**
 * The findings of a target, computed once and shared by every viewer. The analysis reads the
 * whole catalog (seconds at 50,000 indexes), so it runs again only when the catalog changed
 * (callers wait for it), when the sizes it rests on are older than one sizing interval (in the
 * background: callers get the previous one meanwhile), or when someone asks for it
 * (rate-limited). Concurrent callers share one computation (single flight).
 */

/** How often the cheap catalog version may be read per target: viewers must not poll the target. */
const VERSION_CHECK_MS = 5_000;
/** A recompute on demand at most this often per target. */
export const RECOMPUTE_MIN_INTERVAL_MS = 10_000;

interface CachedFindings {
  computed: ComputedFindings;
  catalogVersion: string;
  /** Date.now() when the computation finished. */
  computedAt: number;
  versionCheckedAt: number;
}

interface TargetFindingsState {
  entry: CachedFindings | null;
  inFlight: Promise<CachedFindings> | null;
  versionCheck: Promise<boolean> | null;
  /** How many analyses ran for this target in this process (tests and the bench read it). */
  computations: number;
}

export interface ServedFindings {
  computed: ComputedFindings;
  /** When the analysis finished (app clock, ISO). */
  computedAt: string;
  /** The last try to refresh it failed; the previous analysis is served. */
  refreshError: string | null;
}

const states = new Map<string, TargetFindingsState>();

function stateOf(targetId: string): TargetFindingsState {
  let state = states.get(targetId);
  if (!state) {
    state = { entry: null, inFlight: null, versionCheck: null, computations: 0 };
    states.set(targetId, state);
  }
  return state;
}

function catalogVersionOf(targetId: string): Promise<string> {
  return getCatalogVersion(monitoringPool(getTargetConfig(targetId)));
}

/** One computation for every caller that arrives while it runs. */
function recompute(targetId: string, state: TargetFindingsState): Promise<CachedFindings> {
  if (state.inFlight) return state.inFlight;
  const run = (async () => {
    state.computations++;
    // Read before the analysis: DDL during it makes the next check see a change, never hides one.
    const catalogVersion = await catalogVersionOf(targetId);
    const computed = await computeFindings(targetId);
    const now = Date.now();
    const entry = { computed, catalogVersion, computedAt: now, versionCheckedAt: now };
    state.entry = entry;
    return entry;
  })();
  state.inFlight = run;
  run.then(
    () => {
      state.inFlight = null;
    },
    () => {
      state.inFlight = null;
    },
  );
  return run;
}

/** Whether the catalog moved since the entry was computed, read at most every VERSION_CHECK_MS. */
async function catalogChanged(targetId: string, state: TargetFindingsState, entry: CachedFindings) {
  if (Date.now() - entry.versionCheckedAt < VERSION_CHECK_MS) return false;
  if (!state.versionCheck) {
    state.versionCheck = catalogVersionOf(targetId)
      .then((version) => {
        entry.versionCheckedAt = Date.now();
        return version !== entry.catalogVersion;
      })
      .finally(() => {
        state.versionCheck = null;
      });
  }
  return state.versionCheck;
}

function served(entry: CachedFindings, refreshError: string | null): ServedFindings {
  return { computed: entry.computed, computedAt: new Date(entry.computedAt).toISOString(), refreshError };
}

/** The findings as last computed, recomputed first when the catalog or the sizes moved on. */
export async function getCachedFindings(targetId: string): Promise<ServedFindings> {
  getTargetConfig(targetId); // an unknown target is a 404 before anything is read
  const state = stateOf(targetId);
  const entry = state.entry;
  if (!entry) return served(await recompute(targetId, state), null);
  try {
    // Changed DDL is waited for: a dropped index must not be offered again.
    if (await catalogChanged(targetId, state, entry)) return served(await recompute(targetId, state), null);
  } catch (error) {
    // The target is down or busy: the last analysis is still the best answer, marked as such.
    return served(entry, error instanceof Error ? error.message : String(error));
  }
  // Sizes and windows older than one sizing interval: served as they are while a fresh analysis runs.
  if (Date.now() - entry.computedAt > env().SIZE_INTERVAL * 1000 && !state.inFlight) {
    recompute(targetId, state).catch((error: unknown) => {
      console.error(`[indexwatch] findings of ${targetId} not refreshed: ${String(error)}`);
    });
  }
  return served(entry, null);
}

const splitMemo = new WeakMap<ComputedFindings, { signature: string; response: FindingsResponse }>();

/**
 * The analysis minus the accepted findings. The same analysis and the same ignore list give
 * the same object, so that what is derived from it (sorted lists, summaries) is kept too.
 */
export async function sharedResponse(computed: ComputedFindings): Promise<FindingsResponse> {
  const ignores = await readIgnores(computed.target);
  const signature =
    ignores === null ? "unreadable" : ignores.map((i) => `${i.key}\u0000${i.createdAt}`).join("\u0001");
  const memo = splitMemo.get(computed);
  if (memo?.signature === signature) return memo.response;
  const response = splitIgnores(computed, ignores);
  splitMemo.set(computed, { signature, response });
  setImmediate(() => warmFindingsPages(response));
  return response;
}

/** The shared analysis minus the accepted findings: for server-side readers (fleet, digest) that want all of it. */
export async function getSharedFindings(targetId: string): Promise<FindingsResponse> {
  return sharedResponse((await getCachedFindings(targetId)).computed);
}

export type RecomputeOutcome =
  | { status: "recomputed"; findings: ServedFindings }
  | { status: "rate_limited"; retryAfterSeconds: number };

/** A recompute asked for by a person; shares a running one, refuses one within RECOMPUTE_MIN_INTERVAL_MS. */
export async function recomputeFindings(targetId: string): Promise<RecomputeOutcome> {
  getTargetConfig(targetId);
  const state = stateOf(targetId);
  if (!state.inFlight && state.entry) {
    const waitMs = state.entry.computedAt + RECOMPUTE_MIN_INTERVAL_MS - Date.now();
    if (waitMs > 0) return { status: "rate_limited", retryAfterSeconds: Math.ceil(waitMs / 1000) };
  }
  return { status: "recomputed", findings: served(await recompute(targetId, state), null) };
}

/** How many analyses ran for a target in this process. */
export function findingsComputations(targetId: string): number {
  return states.get(targetId)?.computations ?? 0;
}

/** Drops what is cached for a target (tests, and after DDL this process ran itself). */
export function forgetFindings(targetId: string): void {
  states.delete(targetId);
}
