import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Counters, indexDelta, type PreviousIndexState, REBUILD_COPY_WAIT_POLLS, ZERO } from "./deltas";

/*
 * A rebuild as PostgreSQL 14 shows it: REINDEX CONCURRENTLY gives the index a new OID whose
 * counters read zero (or only its own first scans) until the copy of the old counters reaches
 * the collector, after which they read old + own. Polls fall anywhere in that; their summed
 * deltas must never exceed the scans that really ran on the new index.
 */

const same = { kind: "same" } as const;

function plus(a: Counters, b: Counters): Counters {
  return {
    scans: a.scans + b.scans,
    tuplesRead: a.tuplesRead + b.tuplesRead,
    tuplesFetched: a.tuplesFetched + b.tuplesFetched,
  };
}

const countersArb = fc.record({
  scans: fc.nat(1_000),
  tuplesRead: fc.nat(100_000),
  tuplesFetched: fc.nat(100_000),
});

/** Runs the polls like the sampler does: what it remembers is the last state it committed. */
function sumOfDeltas(old: Counters, observed: readonly Counters[]): { total: Counters; pending: boolean } {
  let memory: PreviousIndexState = { oid: 1, counters: old };
  let total = ZERO;
  observed.forEach((counters, i) => {
    const outcome = indexDelta(memory, { oid: 2, counters, epoch: i + 1 }, same);
    total = plus(total, outcome.delta);
    memory = { oid: 2, counters, pendingRebuild: outcome.pendingRebuild };
  });
  return { total, pending: memory.pendingRebuild !== undefined };
}

/** Cumulative own usage of the new index at each poll (never falls). */
function cumulative(steps: readonly Counters[]): Counters[] {
  let at = ZERO;
  return steps.map((step) => {
    at = plus(at, step);
    return at;
  });
}

describe("deltas across a rebuild whose copied counters arrive late", () => {
  it("never count more than ran, and count exactly what ran once the copy shows", () => {
    fc.assert(
      fc.property(
        countersArb,
        fc.array(countersArb, { minLength: 1, maxLength: 12 }),
        fc.nat(REBUILD_COPY_WAIT_POLLS - 1),
        (old, steps, windowPolls) => {
          const own = cumulative(steps);
          const copyAt = Math.min(windowPolls, own.length - 1);
          // Before the copy: only the new index's own counters; from it on: old + own.
          const observed = own.map((c, i) => (i < copyAt ? c : plus(old, c)));
          const { total, pending } = sumOfDeltas(old, observed);
          const ran = own.at(-1) as Counters;
          expect(total).toEqual(ran);
          expect(pending).toBe(false);
        },
      ),
    );
  });

  it("a fresh index (drop + create, no copy) loses none of its scans once the wait is over", () => {
    fc.assert(
      fc.property(
        countersArb.filter((c) => c.scans > 0),
        fc.array(countersArb, { minLength: REBUILD_COPY_WAIT_POLLS + 1, maxLength: 12 }),
        (old, steps) => {
          const own = cumulative(steps);
          const { total } = sumOfDeltas(old, own);
          const ran = own.at(-1) as Counters;
          // Until the own counters pass the old ones they might still be a copy: never more.
          expect(total.scans).toBeLessThanOrEqual(ran.scans);
          if (own.every((c) => c.scans < old.scans)) expect(total).toEqual(ran);
        },
      ),
    );
  });
});
