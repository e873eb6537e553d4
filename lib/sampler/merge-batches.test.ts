import { describe, expect, it } from "vitest";
import { mergeBatches } from "./merge-batches";
import type { IndexChange, PollBatch } from "./poll-batch";

const window = {
  systemIdentifier: "1",
  postmasterStartedAt: new Date(0),
  statsReset: null,
  databaseActivity: 1,
};

function change(name: string, scans: number, cumulative: number): IndexChange {
  return {
    schema: "public",
    table: "t",
    name,
    oid: 1,
    counters: { scans: cumulative, tuplesRead: 0, tuplesFetched: 0 },
    delta: { scans, tuplesRead: 0, tuplesFetched: 0 },
  };
}

function batch(at: string, changes: IndexChange[], extra: Partial<PollBatch> = {}): PollBatch {
  return {
    targetId: "x",
    polledAt: new Date(at),
    window,
    indexCount: 2,
    changes,
    sizes: [],
    dropped: [],
    events: [],
    ...extra,
  };
}

describe("mergeBatches", () => {
  it("adds deltas, keeps the later cumulative state and time, and says the span was merged", () => {
    const merged = mergeBatches(
      batch("2026-01-01T00:00:00Z", [change("a", 2, 12), change("b", 1, 1)]),
      batch("2026-01-01T00:01:00Z", [change("a", 3, 15)]),
    );
    expect(merged.polledAt.toISOString()).toBe("2026-01-01T00:01:00.000Z");
    const a = merged.changes.find((c) => c.name === "a");
    expect(a?.delta.scans).toBe(5);
    expect(a?.counters.scans).toBe(15);
    expect(merged.changes.find((c) => c.name === "b")?.delta.scans).toBe(1);
    expect(merged.events).toEqual([
      expect.objectContaining({
        kind: "store_gap",
        at: new Date("2026-01-01T00:00:00Z"),
        endedAt: merged.polledAt,
      }),
    ]);
  });
  it("keeps one store_gap event across repeated merges, and forgets a drop that was undone", () => {
    const dropped = { schema: "public", table: "t", name: "b" };
    const first = mergeBatches(
      batch("2026-01-01T00:00:00Z", [], { dropped: [dropped] }),
      batch("2026-01-01T00:01:00Z", []),
    );
    const second = mergeBatches(first, batch("2026-01-01T00:02:00Z", [change("b", 4, 4)]));
    expect(second.events.filter((e) => e.kind === "store_gap")).toHaveLength(1);
    expect(second.events[0]?.at.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(second.dropped).toEqual([]);
  });
});
