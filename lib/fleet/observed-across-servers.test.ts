import { describe, expect, it } from "vitest";
import type { ObservedUsage } from "@/lib/store/observed-usage";
import type { TargetServer } from "@/lib/targets/servers";
import { mergeServerUsage } from "./observed-across-servers";

const servers: TargetServer[] = [
  { serverId: "shop", targetId: "shop", role: "primary", name: "primary", url: "" },
  { serverId: "shop--r1", targetId: "shop", role: "standby", name: "r1", url: "" },
];

function usage(
  oidBase: number,
  scans: Record<string, number>,
  extra: Partial<ObservedUsage> = {},
): ObservedUsage {
  const indexes = new Map(
    Object.entries(scans).map(([name, n], i) => [
      oidBase + i,
      {
        oid: oidBase + i,
        schema: "public",
        table: "orders",
        name,
        scans: n,
        firstSeenAt: "2026-11-01T00:00:00.000Z",
      },
    ]),
  );
  return { since: "2026-11-01T00:00:00.000Z", days: 20, indexes, complete: true, simulated: null, ...extra };
}

describe("mergeServerUsage", () => {
  it("sums scans by index name, keyed by the primary's OIDs, and keeps each server's part", () => {
    // The standby reports other OIDs (say, after a rebuild it has not replayed yet): names match.
    const merged = mergeServerUsage(servers, [
      usage(100, { a: 0, b: 5 }),
      usage(900, { a: 7, b: 1, gone: 3 }),
    ]);
    expect(merged?.complete).toBe(true);
    expect(merged?.indexes.get(100)?.scans).toBe(7);
    expect(merged?.indexes.get(101)?.scans).toBe(6);
    expect(merged?.indexes.size).toBe(2);
    expect(merged?.byServer.get(100)).toEqual({ shop: 0, "shop--r1": 7 });
  });

  it("is incomplete when a standby was never sampled, had gaps, started late or stopped early", () => {
    const primary = usage(100, { a: 0 });
    const cases: Array<[ObservedUsage | null, string]> = [
      [null, "never sampled"],
      [usage(100, { a: 0 }, { complete: false }), "unreachable"],
      [usage(100, { a: 0 }, { since: "2026-11-05T00:00:00.000Z", days: 16 }), "observed only since"],
      [usage(100, { a: 0 }, { days: 10 }), "stop before the window ends"],
    ];
    for (const [standby, gap] of cases) {
      const merged = mergeServerUsage(servers, [primary, standby]);
      expect(merged?.complete).toBe(false);
      expect(merged?.servers[1]?.gap).toContain(gap);
      expect(merged?.servers[0]?.complete).toBe(true);
    }
  });

  it("has nothing to say without the primary's history, and follows the primary's own gaps", () => {
    expect(mergeServerUsage(servers, [null, usage(100, { a: 1 })])).toBeNull();
    expect(
      mergeServerUsage(servers, [usage(100, { a: 1 }, { complete: false }), usage(100, { a: 1 })])?.complete,
    ).toBe(false);
  });
});
