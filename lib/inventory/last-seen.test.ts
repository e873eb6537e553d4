import { describe, expect, it } from "vitest";
import type { IndexChange } from "@/lib/sampler/poll-batch";
import { LastSeenTracker, lastSeenKey } from "./last-seen";

const change = (name: string, scans: number): IndexChange => ({
  schema: "public",
  table: "orders",
  name,
  oid: 1,
  counters: { scans, tuplesRead: 0, tuplesFetched: 0 },
  delta: { scans, tuplesRead: scans, tuplesFetched: 0 },
});

const at = (s: string) => new Date(`2026-12-07T10:${s}.000Z`);

describe("LastSeenTracker", () => {
  it("places each scan in the poll interval where the counter moved, the first one open-ended", () => {
    const tracker = new LastSeenTracker();
    tracker.apply({ polledAt: at("20:00"), changes: [change("a", 2)] });
    tracker.apply({ polledAt: at("30:00"), changes: [change("b", 1), change("a", 0)] });
    tracker.apply({ polledAt: at("40:00"), changes: [] });
    const a = { schema: "public", table: "orders", name: "a" };
    const b = { ...a, name: "b" };
    expect(tracker.seen.get(lastSeenKey(a))).toEqual({ from: null, to: at("20:00").toISOString() });
    expect(tracker.seen.get(lastSeenKey(b))).toEqual({
      from: at("20:00").toISOString(),
      to: at("30:00").toISOString(),
    });
  });

  it("ignores a poll not later than the last one it knows (already in what it loaded)", () => {
    const tracker = new LastSeenTracker();
    tracker.apply({ polledAt: at("30:00"), changes: [] });
    tracker.apply({ polledAt: at("30:00"), changes: [change("a", 5)] });
    expect(tracker.seen.size).toBe(0);
  });
});
