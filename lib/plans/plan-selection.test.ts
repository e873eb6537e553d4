import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  choosePlans,
  MEAN_MOVE_FACTOR,
  type PlanCandidate,
  RETRY_FAILED_AFTER_MS,
  type StoredPlanState,
  whyPlan,
} from "./plan-selection";

const now = new Date("2026-12-07T12:00:00Z");
const candidate = (over: Partial<PlanCandidate> = {}): PlanCandidate => ({
  queryid: "1",
  dbid: 5,
  userid: 10,
  totalMs: 100,
  meanMs: 10,
  ...over,
});
const stored = (over: Partial<StoredPlanState> = {}): StoredPlanState => ({
  plannedAt: new Date(now.getTime() - 60_000),
  catalogVersion: "v1",
  meanMsAtPlan: 10,
  error: null,
  ...over,
});

describe("whyPlan", () => {
  it("plans a statement never planned", () => {
    expect(whyPlan(candidate(), undefined, "v1", now)).toBe("new");
  });
  it("re-plans after the catalog changed, not while the sampler has no fingerprint yet", () => {
    expect(whyPlan(candidate(), stored(), "v2", now)).toBe("catalog_changed");
    expect(whyPlan(candidate(), stored(), null, now)).toBeNull();
  });
  it("re-plans when the mean moved by the factor either way, above the noise floor", () => {
    expect(whyPlan(candidate({ meanMs: 10 * MEAN_MOVE_FACTOR }), stored(), "v1", now)).toBe("mean_moved");
    expect(whyPlan(candidate({ meanMs: 10 / MEAN_MOVE_FACTOR }), stored(), "v1", now)).toBe("mean_moved");
    expect(whyPlan(candidate({ meanMs: 15 }), stored(), "v1", now)).toBeNull();
    expect(whyPlan(candidate({ meanMs: 0.03 }), stored({ meanMsAtPlan: 0.01 }), "v1", now)).toBeNull();
  });
  it("retries a failed plan after an hour only", () => {
    const failed = stored({ error: "timeout: …" });
    expect(whyPlan(candidate({ meanMs: 100 }), failed, "v1", now)).toBeNull();
    const old = stored({ error: "timeout: …", plannedAt: new Date(now.getTime() - RETRY_FAILED_AFTER_MS) });
    expect(whyPlan(candidate(), old, "v1", now)).toBe("retry_failed");
  });
});

describe("choosePlans", () => {
  it("orders new, catalog changed, mean moved, retries; busiest first within each", () => {
    const states = new Map<string, StoredPlanState>([
      ["a", stored({ catalogVersion: "old" })],
      ["b", stored({ meanMsAtPlan: 1 })],
      ["c", stored({ error: "x", plannedAt: new Date(0) })],
      ["d", stored()],
    ]);
    const list = [
      candidate({ queryid: "a", totalMs: 5 }),
      candidate({ queryid: "b", totalMs: 50 }),
      candidate({ queryid: "c", totalMs: 500 }),
      candidate({ queryid: "d", totalMs: 5000 }),
      candidate({ queryid: "e", totalMs: 1 }),
      candidate({ queryid: "f", totalMs: 2 }),
    ];
    const chosen = choosePlans(list, (c) => states.get(c.queryid), "v1", now);
    expect(chosen.map((c) => `${c.candidate.queryid}:${c.reason}`)).toEqual([
      "f:new",
      "e:new",
      "a:catalog_changed",
      "b:mean_moved",
      "c:retry_failed",
    ]);
  });

  it("chooses each wanting candidate exactly once, and none that is up to date", () => {
    const arbitraryState = fc.option(
      fc.record({
        plannedAt: fc.date({ min: new Date(0), max: now, noInvalidDate: true }),
        catalogVersion: fc.constantFrom("v1", "v2", null),
        meanMsAtPlan: fc.double({ min: 0, max: 1e4, noNaN: true }),
        error: fc.constantFrom(null, "failed"),
      }),
      { nil: undefined },
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            totalMs: fc.double({ min: 0, max: 1e6, noNaN: true }),
            meanMs: fc.double({ min: 0, max: 1e4, noNaN: true }),
            state: arbitraryState,
          }),
          { maxLength: 40 },
        ),
        fc.constantFrom("v1", "v2", null),
        (rows, version) => {
          const list = rows.map((r, i) => ({
            ...candidate({ queryid: String(i), totalMs: r.totalMs, meanMs: r.meanMs }),
            state: r.state,
          }));
          const chosen = choosePlans(list, (c) => c.state, version, now);
          const wanted = list.filter((c) => whyPlan(c, c.state, version, now) !== null);
          expect(chosen.map((c) => c.candidate.queryid).sort()).toEqual(wanted.map((c) => c.queryid).sort());
        },
      ),
    );
  });
});
