import type { IndexFacts, UsageObservation } from "@/lib/analysis/types";

const DAY_MS = 86_400_000;

/**
 * With no stored history yet, the window is the live statistics window: the server's
 * counters since their last reset (or the server start). Labelled "live_stats", never
 * passed off as history. One server, watched the whole time: complete.
 */
export function liveObservation(
  indexes: readonly IndexFacts[],
  since: string,
  now: string,
): UsageObservation {
  const scans = new Map<number, { scans: number; firstSeenAt: string | null }>();
  for (const index of indexes) {
    if (index.liveScans !== null) scans.set(index.oid, { scans: index.liveScans, firstSeenAt: null });
  }
  const days = Math.max(0, Math.floor((Date.parse(now) - Date.parse(since)) / DAY_MS));
  return { source: "live_stats", since, days, complete: true, scans };
}
