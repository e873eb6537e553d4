import type { IndexFacts, UsageObservation } from "@/lib/analysis/types";
import { env } from "@/lib/config/env";
import { getObservedUsage } from "@/lib/store/observed-usage";
import { storePool } from "@/lib/store/pool";
import { liveObservation } from "./live-observation";

export interface ObservationOutcome {
  observation: UsageObservation;
  /** Why the history was not used, when it was not (shown beside the window). */
  note: string | null;
}

/**
 * The usage window the unused rule judges by: the stored history when there is one (across
 * resets and restarts), else the live statistics window, labelled as such.
 */
export async function observeUsage(
  targetId: string,
  indexes: readonly IndexFacts[],
  live: { since: string; now: string },
): Promise<ObservationOutcome> {
  const fallback = (note: string) => ({ observation: liveObservation(indexes, live.since, live.now), note });
  if (!env().STORE_URL) return fallback("no history store configured (STORE_URL): live statistics only");
  let usage: Awaited<ReturnType<typeof getObservedUsage>>;
  try {
    usage = await getObservedUsage(targetId, storePool());
  } catch (error) {
    return fallback(
      `the history store could not be read (${error instanceof Error ? error.message : String(error)}): live statistics only`,
    );
  }
  if (!usage) return fallback("no stored history for this target yet: live statistics only");
  const scans = new Map<number, { scans: number; firstSeenAt: string | null }>();
  for (const [oid, index] of usage.indexes)
    scans.set(oid, { scans: index.scans, firstSeenAt: index.firstSeenAt });
  return {
    observation: { source: "history", since: usage.since, days: usage.days, complete: usage.complete, scans },
    note: null,
  };
}
