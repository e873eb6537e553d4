import type { Counters } from "@/lib/analysis/deltas";
import { type IndexChange, nameKey, type PollBatch } from "./poll-batch";

function add(a: Counters, b: Counters): Counters {
  return {
    scans: a.scans + b.scans,
    tuplesRead: a.tuplesRead + b.tuplesRead,
    tuplesFetched: a.tuplesFetched + b.tuplesFetched,
  };
}

/**
 * Two consecutive polls as one, at the later poll's time: deltas add up, the later
 * cumulative state wins. Used when the store stays down longer than the buffer holds.
 */
export function mergeBatches(older: PollBatch, newer: PollBatch): PollBatch {
  const changes = new Map<string, IndexChange>();
  for (const c of older.changes) changes.set(nameKey(c), c);
  for (const c of newer.changes) {
    const key = nameKey(c);
    const before = changes.get(key);
    changes.set(
      key,
      before ? { ...c, delta: add(before.delta, c.delta), definition: c.definition ?? before.definition } : c,
    );
  }
  const sizes = new Map(older.sizes.map((s) => [nameKey(s), s]));
  for (const s of newer.sizes) sizes.set(nameKey(s), s);
  const reappeared = new Set(newer.changes.map(nameKey));
  const gapStart = older.events.find((e) => e.kind === "store_gap")?.at ?? older.polledAt;
  return {
    ...newer,
    changes: [...changes.values()],
    sizes: [...sizes.values()],
    sizedAt: newer.sizedAt ?? older.sizedAt,
    dropped: [...older.dropped.filter((d) => !reappeared.has(nameKey(d))), ...newer.dropped],
    events: [
      ...older.events.filter((e) => e.kind !== "store_gap"),
      ...newer.events,
      {
        kind: "store_gap",
        at: gapStart,
        endedAt: newer.polledAt,
        detail: "the store was down longer than the sampler buffers: polls in this span were merged",
      },
    ],
  };
}
