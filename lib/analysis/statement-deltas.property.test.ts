import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  capStatementText,
  carryOverUnread,
  classifyStatementWindow,
  deallocatedSince,
  NO_STATEMENT_USAGE,
  type StatementCounters,
  type StatementState,
  statementDelta,
} from "./statement-deltas";

const counters = fc.record({
  calls: fc.nat({ max: 1e9 }),
  totalMs: fc.double({ min: 0, max: 1e9, noNaN: true }),
  rows: fc.nat({ max: 1e9 }),
});
const state = (c: StatementCounters, statsSince: number | null = null): StatementState => ({
  counters: c,
  statsSince,
});
const same = { kind: "same" } as const;

/**
 * A statement's life as the server shows it: calls that add up, and now and then a reset
 * (the counters start again from zero). Polled at random points, the deltas must add up to
 * what ran after the first poll, minus what ran between a poll and a reset (lost by design),
 * and never be negative.
 */
describe("statement deltas", () => {
  it("are never negative, whatever the two readings", () => {
    fc.assert(
      fc.property(fc.option(counters, { nil: undefined }), counters, (before, after) => {
        const { delta } = statementDelta(before && state(before), state(after), same);
        expect(delta.calls).toBeGreaterThanOrEqual(0);
        expect(delta.totalMs).toBeGreaterThanOrEqual(0);
        expect(delta.rows).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("add up to the calls run after the baseline, less those lost to resets", () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant("run" as const), calls: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ kind: fc.constant("reset" as const) }),
      fc.record({ kind: fc.constant("poll" as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let server = 0;
        let remembered: StatementState | undefined;
        let stored = 0;
        let expected = 0;
        let sincePoll = 0;
        let polled = false;
        // The baseline poll.
        remembered = state({ calls: 0, totalMs: 0, rows: 0 });
        polled = true;
        for (const s of steps) {
          if (s.kind === "run") {
            server += s.calls;
            sincePoll += s.calls;
          } else if (s.kind === "reset") {
            server = 0;
            sincePoll = 0; // what ran since the last poll is lost with the reset
          } else {
            const current = state({ calls: server, totalMs: server * 1.5, rows: server });
            const { delta } = statementDelta(remembered, current, same);
            stored += delta.calls;
            expected += sincePoll;
            sincePoll = 0;
            remembered = current;
          }
        }
        expect(polled).toBe(true);
        // A reset followed by more calls than before, with no poll between: undetectable
        // without stats_since; then the delta is an undercount, never an overcount.
        expect(stored).toBeLessThanOrEqual(expected);
        if (!steps.some((s) => s.kind === "reset")) expect(stored).toBe(expected);
      }),
    );
  });

  it("takes the first poll and a new baseline as no usage", () => {
    fc.assert(
      fc.property(counters, (c) => {
        expect(statementDelta(undefined, state(c), { kind: "first" }).delta).toEqual(NO_STATEMENT_USAGE);
        expect(statementDelta(state(c), state(c), { kind: "baseline", detail: "" }).delta).toEqual(
          NO_STATEMENT_USAGE,
        );
      }),
    );
  });

  it("takes a moved stats_since (PostgreSQL 17+) as a restart even when counters climbed past", () => {
    const out = statementDelta(
      state({ calls: 5, totalMs: 5, rows: 5 }, 1_000),
      state({ calls: 9, totalMs: 9, rows: 9 }, 2_000),
      same,
    );
    expect(out).toEqual({ delta: { calls: 9, totalMs: 9, rows: 9 }, reset: true });
  });

  it("after pg_stat_statements_reset() counts what is there now", () => {
    const out = statementDelta(
      state({ calls: 50, totalMs: 50, rows: 50 }),
      state({ calls: 70, totalMs: 1, rows: 2 }),
      { kind: "reset", detail: "" },
    );
    expect(out.delta).toEqual({ calls: 70, totalMs: 1, rows: 2 });
  });
});

describe("the statement window", () => {
  const at = (ms: number) => new Date(ms);
  it("is a reset exactly when stats_reset moved", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }), (a, b) => {
        const change = classifyStatementWindow(
          { statsReset: at(a), dealloc: 0 },
          { statsReset: at(b), dealloc: 0 },
        );
        expect(change.kind).toBe(a === b ? "same" : "reset");
      }),
    );
  });
  it("is a first read without memory, and a baseline on another cluster", () => {
    expect(classifyStatementWindow(undefined, { statsReset: null, dealloc: null }).kind).toBe("first");
    expect(
      classifyStatementWindow({ statsReset: null, dealloc: null }, { statsReset: null, dealloc: null }, true)
        .kind,
    ).toBe("baseline");
  });
  it("counts evictions, never negative", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (a, b) => {
        const n = deallocatedSince({ statsReset: null, dealloc: a }, { statsReset: null, dealloc: b });
        if (n !== null) expect(n).toBeGreaterThan(0);
        if (b > a) expect(n).toBe(b - a);
      }),
    );
    expect(deallocatedSince(undefined, { statsReset: null, dealloc: 3 })).toBeNull();
  });
});

describe("capStatementText", () => {
  it("keeps at most the cap, whole texts untouched, cut ones marked, no lone surrogate", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 300 }),
        fc.integer({ min: 2, max: 200 }),
        (text, max) => {
          const out = capStatementText(text, max);
          expect(out.length).toBeLessThanOrEqual(max);
          if (text.length <= max) expect(out).toBe(text);
          else {
            expect(out.endsWith("…")).toBe(true);
            expect(text.startsWith(out.slice(0, -1))).toBe(true);
            expect(/[\uD800-\uDBFF]$/.test(out.slice(0, -1))).toBe(false);
          }
        },
      ),
    );
  });
});

describe("carryOverUnread", () => {
  const entry = (calls: number): StatementState => state({ calls, totalMs: calls, rows: calls });
  const remembered = new Map([
    ["a", entry(10)],
    ["b", entry(20)],
  ]);
  it("forgets every unread entry after a full read (evicted or reset away)", () => {
    expect(carryOverUnread(remembered, new Set(["a"]), same, true).size).toBe(0);
  });
  it("keeps the unread entries between full reads, and zeroes them after a full reset", () => {
    expect(carryOverUnread(remembered, new Set(["a"]), same, false)).toEqual(new Map([["b", entry(20)]]));
    const afterReset = carryOverUnread(remembered, new Set(["a"]), { kind: "reset", detail: "" }, false);
    expect(afterReset).toEqual(new Map([["b", state(NO_STATEMENT_USAGE)]]));
    // Read later, after climbing past its old count: all of it is usage since the reset.
    const later = statementDelta(afterReset.get("b"), entry(25), same);
    expect(later.delta.calls).toBe(25);
  });
  it("never keeps an entry this poll read (the caller sets those)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 10 }), fc.boolean(), (keys, full) => {
        const memory = new Map(keys.map((k, i) => [k, entry(i)] as const));
        const read = new Set(keys.filter((_, i) => i % 2 === 0));
        const kept = carryOverUnread(memory, read, same, full);
        for (const k of kept.keys()) expect(read.has(k)).toBe(false);
        if (!full) expect(kept.size).toBe(keys.length - read.size);
      }),
    );
  });
});
