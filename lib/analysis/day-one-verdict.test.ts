import { describe, expect, it } from "vitest";
import { joinServerWindow } from "@/lib/findings/observation";
import { anIndex } from "@/test/fixtures/findings-fixture";
import type { UsageObservation } from "./types";
import { describeWindow, findUnusedIndexes } from "./unused";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7);
const iso = (ms: number) => new Date(ms).toISOString();

describe("a verdict on day one, with its proof (issue 14, section 1)", () => {
  const index = anIndex({ liveScans: 0 });
  const historySince = iso(NOW - 3 * DAY);
  const history = new Map([[index.oid, { scans: 0, firstSeenAt: historySince }]]);

  it("joins the server's counters since their reset to the history, and names each stretch", () => {
    const joined = joinServerWindow(
      [index],
      history,
      { since: historySince, days: 3 },
      { since: iso(NOW - 91 * DAY), now: iso(NOW) },
    );
    expect(joined?.source).toBe("server_and_history");
    expect(joined?.days).toBeCloseTo(91);
    expect(joined?.sources?.map((s) => [s.kind, Math.round(s.days)])).toEqual([
      ["server", 88],
      ["history", 3],
    ]);
    expect(describeWindow(joined as UsageObservation)).toBe(
      `no scans in 91 days: 88 days from the server's counters since ${iso(NOW - 91 * DAY)}, 3 days observed by indexwatch since ${historySince}`,
    );
  });

  it("refuses to join across a reset: a counter window that begins after the history, or a counter below what the history saw", () => {
    expect(
      joinServerWindow(
        [index],
        history,
        { since: historySince, days: 3 },
        { since: iso(NOW - DAY), now: iso(NOW) },
      ),
    ).toBeNull();
    const reset = new Map([[index.oid, { scans: 40, firstSeenAt: historySince }]]);
    expect(
      joinServerWindow(
        [{ ...index, liveScans: 5 }],
        reset,
        { since: historySince, days: 3 },
        { since: iso(NOW - 91 * DAY), now: iso(NOW) },
      ),
    ).toBeNull();
  });

  it("gives the verdict on day one, but keeps an index of unknown age from safeToDrop until it was watched minDays", () => {
    const joined = joinServerWindow(
      [index],
      history,
      { since: historySince, days: 3 },
      { since: iso(NOW - 91 * DAY), now: iso(NOW) },
    );
    const input = {
      indexes: [index],
      foreignKeys: [],
      activity: new Map(),
      observation: joined as UsageObservation,
      minDays: 7,
    };
    const result = findUnusedIndexes(input);
    expect(result.tooEarly).toBe(false);
    const [finding] = result.findings;
    expect(finding?.evidence).toMatch(/^no scans in 91 days: 88 days from the server's counters/);
    expect(finding?.reasons.map((r) => r.code)).toEqual(["age_unknown"]);
    expect(finding?.reasons[0]?.message).toMatch(/age unknown before first seen/);
    expect(finding?.safeToDrop).toBe(false);
    // Ten days of its own watching later, the same window proves it.
    const later = joinServerWindow(
      [index],
      new Map([[index.oid, { scans: 0, firstSeenAt: iso(NOW - 10 * DAY) }]]),
      { since: iso(NOW - 10 * DAY), days: 10 },
      { since: iso(NOW - 91 * DAY), now: iso(NOW) },
    );
    const proven = findUnusedIndexes({ ...input, observation: later as UsageObservation }).findings[0];
    expect(proven?.reasons).toEqual([]);
    expect(proven?.safeToDrop).toBe(true);
  });

  it("still calls an index made after the history began younger than the window", () => {
    const young = anIndex({ liveScans: 0 });
    const seen = new Map([
      [index.oid, { scans: 0, firstSeenAt: historySince }],
      [young.oid, { scans: 0, firstSeenAt: iso(NOW - DAY) }],
    ]);
    const joined = joinServerWindow(
      [index, young],
      seen,
      { since: historySince, days: 3 },
      { since: iso(NOW - 91 * DAY), now: iso(NOW) },
    );
    const result = findUnusedIndexes({
      indexes: [index, young],
      foreignKeys: [],
      activity: new Map(),
      observation: joined as UsageObservation,
      minDays: 7,
    });
    expect(result.findings.find((f) => f.index?.oid === young.oid)?.reasons.map((r) => r.code)).toEqual([
      "younger_than_window",
    ]);
  });
});

describe("the age flag while it is too early", () => {
  it("is not raised while the joined window is shorter than minDays: no verdict rests on it", () => {
    const index = anIndex({ liveScans: 0 });
    const seconds = (n: number) => n * 1000;
    const joined = joinServerWindow(
      [index],
      new Map([[index.oid, { scans: 0, firstSeenAt: iso(NOW - seconds(30)) }]]),
      { since: iso(NOW - seconds(30)), days: seconds(30) / DAY },
      { since: iso(NOW - seconds(40)), now: iso(NOW) },
    );
    const result = findUnusedIndexes({
      indexes: [index],
      foreignKeys: [],
      activity: new Map(),
      observation: joined as UsageObservation,
      minDays: 7,
    });
    expect(result.tooEarly).toBe(true);
    expect(result.tooEarlyCandidates[0]?.reasons).toEqual([]);
    expect(result.tooEarlyCandidates[0]?.safeToDrop).toBe(true);
  });
});
