import { describe, expect, it } from "vitest";
import { withSimulatedPast } from "@/lib/findings/observation";
import { anIndex } from "@/test/fixtures/findings-fixture";
import { describeWindow, findUnusedIndexes } from "./unused";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7, 5);
const iso = (ms: number) => new Date(ms).toISOString();

describe("the demo's window: its simulated past, then what indexwatch observed", () => {
  const idle = anIndex({ liveScans: 0 });
  const busy = anIndex({ liveScans: 40 });
  const historySince = iso(NOW - 2 * 3_600_000);
  const simulatedSince = iso(Date.UTC(2026, 9, 12));
  const scans = new Map([
    [idle.oid, { scans: 0, firstSeenAt: historySince }],
    [busy.oid, { scans: 90_000, firstSeenAt: historySince }],
  ]);
  const observation = withSimulatedPast(
    { since: historySince, days: 2 / 24, complete: true },
    { since: simulatedSince },
    scans,
  );

  it("names each stretch, the simulated one as such, and spans both", () => {
    expect(observation.source).toBe("simulated_and_history");
    expect(observation.since).toBe(simulatedSince);
    expect(observation.sources?.map((s) => s.kind)).toEqual(["simulated", "history"]);
    expect(observation.days).toBeCloseTo((NOW - Date.UTC(2026, 9, 12)) / DAY);
    expect(describeWindow(observation)).toBe(
      `no scans in 56 days: 56 days of simulated demo history since ${simulatedSince}, 2 hours observed by indexwatch since ${historySince}`,
    );
  });

  it("gives verdicts: the never-scanned index is safe to drop, the scanned one is not unused", () => {
    const result = findUnusedIndexes({
      indexes: [idle, busy],
      foreignKeys: [],
      activity: new Map(),
      observation,
      minDays: 7,
    });
    expect(result.tooEarly).toBe(false);
    expect(result.findings.map((f) => f.index?.oid)).toEqual([idle.oid]);
    expect(result.findings[0]?.safeToDrop).toBe(true);
    expect(result.findings[0]?.evidence).toContain("of simulated demo history");
  });
});
