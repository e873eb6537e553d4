import { describe, expect, it } from "vitest";
import {
  type Counters,
  classifyWindow,
  indexDelta,
  type PreviousIndexState,
  REBUILD_COPY_WAIT_POLLS,
  type WindowFacts,
} from "./deltas";

const t0 = new Date("2026-01-01T00:00:00Z");
const later = new Date("2026-01-01T01:00:00Z");

function facts(overrides: Partial<WindowFacts> = {}): WindowFacts {
  return {
    systemIdentifier: "7000",
    postmasterStartedAt: t0,
    statsReset: null,
    databaseActivity: 1000,
    ...overrides,
  };
}

function counters(scans: number, tuplesRead = scans * 2, tuplesFetched = scans): Counters {
  return { scans, tuplesRead, tuplesFetched };
}

describe("classifyWindow", () => {
  it("treats the first poll as a baseline", () => {
    expect(classifyWindow(undefined, facts()).kind).toBe("first");
  });
  it("sees nothing when nothing moved", () => {
    expect(classifyWindow(facts(), facts({ databaseActivity: 1200 })).kind).toBe("same");
  });
  it("calls a fast restart that kept counters a restart", () => {
    expect(classifyWindow(facts(), facts({ postmasterStartedAt: later, databaseActivity: 1010 })).kind).toBe(
      "restart",
    );
  });
  it("calls an immediate restart on PG15+ (stats_reset becomes NULL) a reset", () => {
    const previous = facts({ statsReset: t0 });
    expect(
      classifyWindow(previous, facts({ postmasterStartedAt: later, statsReset: null, databaseActivity: 3 }))
        .kind,
    ).toBe("reset");
  });
  it("calls an immediate restart on PG14 (stats_reset set to the restart) a reset", () => {
    const change = classifyWindow(
      facts(),
      facts({ postmasterStartedAt: later, statsReset: later, databaseActivity: 1 }),
    );
    expect(change).toMatchObject({ kind: "reset", restarted: true });
  });
  it("tells pg_stat_reset() (database counters zeroed) from a single-table reset", () => {
    expect(classifyWindow(facts(), facts({ statsReset: later, databaseActivity: 4 })).kind).toBe("reset");
    expect(classifyWindow(facts(), facts({ statsReset: later, databaseActivity: 1100 })).kind).toBe(
      "partial_reset",
    );
  });
  it("sees pg_stat_reset() by any one counter that fell, when reads after it outgrew the sum", () => {
    const previous = facts({ databaseCounters: [100, 0, 10, 900, 500, 200, 2000] });
    const busyAfterReset = { statsReset: later, databaseActivity: 1300 };
    expect(
      classifyWindow(
        previous,
        facts({ ...busyAfterReset, databaseCounters: [150, 0, 12, 1100, 700, 300, 0] }),
      ).kind,
    ).toBe("reset");
    // Every counter at or above its old value: only a single table or index can have been reset.
    expect(
      classifyWindow(
        previous,
        facts({ ...busyAfterReset, databaseCounters: [150, 0, 12, 1100, 700, 300, 2000] }),
      ).kind,
    ).toBe("partial_reset");
    // Counters from another shape (or none, after a takeover): the sum alone decides.
    expect(classifyWindow(previous, facts({ ...busyAfterReset, databaseCounters: [0, 0] })).kind).toBe(
      "partial_reset",
    );
  });
  it("calls another system identifier a restore, and degrades when it is unknown", () => {
    expect(classifyWindow(facts(), facts({ systemIdentifier: "8000" })).kind).toBe("restore");
    expect(classifyWindow(facts({ systemIdentifier: null }), facts({ systemIdentifier: "8000" })).kind).toBe(
      "same",
    );
  });
});

describe("indexDelta", () => {
  const same = { kind: "same" } as const;
  it("subtracts within one window", () => {
    expect(indexDelta({ oid: 1, counters: counters(5) }, { oid: 1, counters: counters(8) }, same)).toEqual({
      delta: counters(3),
    });
  });
  it("takes a baseline on the first poll and after a restore", () => {
    expect(indexDelta(undefined, { oid: 1, counters: counters(50) }, { kind: "first" }).delta).toEqual(
      counters(0),
    );
    expect(
      indexDelta(
        { oid: 1, counters: counters(5) },
        { oid: 1, counters: counters(50) },
        { kind: "restore", detail: "" },
      ).delta,
    ).toEqual(counters(0));
  });
  it("counts a new index's counters since it was created", () => {
    expect(indexDelta(undefined, { oid: 9, counters: counters(4) }, same).delta).toEqual(counters(4));
  });
  it("never goes negative: a lower counter is a reset of that index", () => {
    const outcome = indexDelta({ oid: 1, counters: counters(10) }, { oid: 1, counters: counters(2) }, same);
    expect(outcome.delta).toEqual(counters(2));
    expect(outcome.event?.kind).toBe("reset");
  });
  it("counts everything since a database-wide reset, even when the counter climbed past the old value", () => {
    const reset = { kind: "reset", detail: "", restarted: false } as const;
    expect(
      indexDelta({ oid: 1, counters: counters(3) }, { oid: 1, counters: counters(7) }, reset).delta,
    ).toEqual(counters(7));
  });
  it("keeps counting across a restart that kept the counters", () => {
    const restart = { kind: "restart", detail: "" } as const;
    expect(
      indexDelta({ oid: 1, counters: counters(3) }, { oid: 1, counters: counters(7) }, restart).delta,
    ).toEqual(counters(4));
  });
  it("continues a rebuilt index whose counters were carried over", () => {
    const outcome = indexDelta({ oid: 1, counters: counters(10) }, { oid: 2, counters: counters(12) }, same);
    expect(outcome.delta).toEqual(counters(2));
    expect(outcome.event?.kind).toBe("rebuild");
  });
  it("waits for copied counters when a rebuilt index reads below the old one (PG14's zero window)", () => {
    const zero = indexDelta(
      { oid: 1, counters: counters(10) },
      { oid: 2, counters: counters(0), epoch: 7 },
      same,
    );
    expect(zero).toEqual({
      delta: counters(0),
      pendingRebuild: { fromOid: 1, counters: counters(10), sinceEpoch: 7 },
    });
    const previous: PreviousIndexState = {
      oid: 2,
      counters: counters(0),
      pendingRebuild: zero.pendingRebuild,
    };
    const copied = indexDelta(previous, { oid: 2, counters: counters(13), epoch: 8 }, same);
    expect(copied.delta).toEqual(counters(3));
    expect(copied.event).toEqual({ kind: "rebuild", detail: "new oid 2 (was 1)" });
  });
  it("starts a recreated index (lower counters, new OID) from zero once the copy did not come", () => {
    const first = indexDelta(
      { oid: 1, counters: counters(10) },
      { oid: 2, counters: counters(1), epoch: 1 },
      same,
    );
    expect(first.delta).toEqual(counters(0));
    const previous: PreviousIndexState = {
      oid: 2,
      counters: counters(1),
      pendingRebuild: first.pendingRebuild,
    };
    const waited = { oid: 2, counters: counters(1), epoch: 1 + REBUILD_COPY_WAIT_POLLS };
    const outcome = indexDelta(previous, waited, same);
    expect(outcome.delta).toEqual(counters(1));
    expect(outcome.event?.detail).toContain("started over");
    expect(outcome.pendingRebuild).toBeUndefined();
  });
});
