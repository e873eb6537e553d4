import { readMissingIndexFindings } from "@/lib/advisor/missing-index-findings";
import { analyzeFindings, type FindingsReport } from "@/lib/analysis/analyze-findings";
import type { Finding } from "@/lib/analysis/types";
import { hasPgstattuple } from "@/lib/catalog/findings-pgstattuple";
import { env } from "@/lib/config/env";
import { asTargetError, fetchServerInfo, statsWindowOf } from "@/lib/inventory/target-status";
import { storePool } from "@/lib/store/pool";
import { monitoringPool } from "@/lib/targets/pools";
import { getTargetConfig } from "@/lib/targets/registry";
import { type CatalogFacts, readCatalogFacts } from "./catalog-facts";
import { type FindingIgnore, listIgnores } from "./ignores-store";
import { observeUsage } from "./observation";

export interface IgnoredFinding extends FindingIgnore {
  /** The finding as it stands now. */
  finding: Finding;
}

export interface FindingsResponse extends Omit<FindingsReport, "window"> {
  target: string;
  generatedAt: string;
  window: FindingsReport["window"] & { note: string | null };
  /** Accepted findings, hidden from `findings` until their index changes. */
  ignored: IgnoredFinding[];
  /** Whether the ignore list could be read (no store, or the store is down). */
  ignoresAvailable: boolean;
  skippedLocked: CatalogFacts["skippedLocked"];
  /** pgstattuple is installed: exact bloat is available on demand. */
  exactBloatAvailable: boolean;
}

export async function readIgnores(targetId: string): Promise<FindingIgnore[] | null> {
  if (!env().STORE_URL) return null;
  try {
    return await listIgnores(storePool(), targetId);
  } catch (error) {
    console.error(`[indexwatch] finding ignores unreadable: ${String(error)}`);
    return null;
  }
}

/** One analysis of a target as computed, before the accepted findings are taken out. */
export type ComputedFindings = Omit<FindingsResponse, "ignored" | "ignoresAvailable">;

/** Reads the catalog and the history once and runs every rule: the dear part, cached by findings-cache. */
export async function computeFindings(targetId: string): Promise<ComputedFindings> {
  const target = getTargetConfig(targetId);
  const info = await fetchServerInfo(target);
  const pool = monitoringPool(target);
  let facts: CatalogFacts;
  let exactBloatAvailable: boolean;
  try {
    facts = await readCatalogFacts(pool);
    exactBloatAvailable = await hasPgstattuple(pool);
  } catch (error) {
    throw asTargetError(target, error);
  }
  const now = info.now.toISOString();
  const { observation, note } = await observeUsage(target.id, facts.indexes, {
    since: statsWindowOf(info).since,
    now,
  });
  const e = env();
  const disabledKinds = new Set(e.FINDINGS_DISABLED);
  const missingIndexes = disabledKinds.has("missing_index")
    ? []
    : await readMissingIndexFindings(target, facts, pool);
  const report = analyzeFindings({
    ...facts,
    missingIndexes,
    observation,
    minDays: e.UNUSED_MIN_DAYS,
    bloatThresholds: { minPercent: e.BLOAT_MIN_PERCENT, minBytes: e.BLOAT_MIN_BYTES },
    disabledKinds,
  });
  return {
    ...report,
    target: target.id,
    generatedAt: now,
    window: { ...report.window, note },
    skippedLocked: facts.skippedLocked,
    exactBloatAvailable,
  };
}

/** Splits a computed analysis into what is shown and what was accepted (null: the ignores are unreadable). */
export function splitIgnores(computed: ComputedFindings, ignores: FindingIgnore[] | null): FindingsResponse {
  const ignoredByKey = new Map((ignores ?? []).map((i) => [i.key, i]));
  const ignored: IgnoredFinding[] = [];
  const shown: Finding[] = [];
  for (const finding of computed.findings) {
    const ignore = ignoredByKey.get(finding.key);
    if (ignore) ignored.push({ ...ignore, finding });
    else shown.push(finding);
  }
  return { ...computed, findings: shown, ignored, ignoresAvailable: ignores !== null };
}

/** The accepted findings, read fresh from the store (cheap), split off a computed analysis. */
export async function withIgnores(computed: ComputedFindings): Promise<FindingsResponse> {
  return splitIgnores(computed, await readIgnores(computed.target));
}

/** Every finding of a target, with its evidence, risks and SQL, minus the accepted ones (computed now). */
export async function getFindings(targetId: string): Promise<FindingsResponse> {
  return withIgnores(await computeFindings(targetId));
}
