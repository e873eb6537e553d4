import type { IndexFacts, UsageObservation } from "./types";

export interface IndexUsage {
  scans: number;
  firstSeenAt: string | null;
  /** False when the observation does not know this index (new since the last sample). */
  observed: boolean;
}

/**
 * Scans of an index over the observed window. A partitioned index has no counters of its
 * own: its usage is the sum of the indexes attached to it, all the way down.
 */
export function usageOf(
  index: IndexFacts,
  observation: UsageObservation,
  children: ReadonlyMap<number, readonly IndexFacts[]>,
): IndexUsage {
  if (index.partitionedIndex) {
    let scans = 0;
    let observed = true;
    let firstSeenAt: string | null = null;
    for (const child of children.get(index.oid) ?? []) {
      const usage = usageOf(child, observation, children);
      scans += usage.scans;
      observed &&= usage.observed;
      if (usage.firstSeenAt && (!firstSeenAt || usage.firstSeenAt > firstSeenAt))
        firstSeenAt = usage.firstSeenAt;
    }
    return { scans, firstSeenAt, observed };
  }
  const seen = observation.scans.get(index.oid);
  if (seen) return { scans: seen.scans, firstSeenAt: seen.firstSeenAt, observed: true };
  return { scans: index.liveScans ?? 0, firstSeenAt: null, observed: false };
}

export function childrenByParent(indexes: readonly IndexFacts[]): Map<number, IndexFacts[]> {
  const map = new Map<number, IndexFacts[]>();
  for (const index of indexes) {
    if (index.parentIndexOid === null) continue;
    const list = map.get(index.parentIndexOid) ?? [];
    list.push(index);
    map.set(index.parentIndexOid, list);
  }
  return map;
}

/**
 * The indexes with each partitioned index's size as the sum of the indexes attached to it,
 * all the way down (its own relation holds nothing): what dropping it would give back.
 * Unknown when any part's size is (a locked partition).
 */
export function withPartitionSizes(indexes: readonly IndexFacts[]): IndexFacts[] {
  const children = childrenByParent(indexes);
  const sizeOf = (index: IndexFacts): number | null => {
    if (!index.partitionedIndex) return index.sizeBytes;
    let total = 0;
    for (const child of children.get(index.oid) ?? []) {
      const size = sizeOf(child);
      if (size === null) return null;
      total += size;
    }
    return total;
  };
  return indexes.map((index) => (index.partitionedIndex ? { ...index, sizeBytes: sizeOf(index) } : index));
}
