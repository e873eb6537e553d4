import { describe, expect, it } from "vitest";
import { digestMarkdown } from "./markdown";
import type { Digest, TargetDigest } from "./types";

function target(overrides: Partial<TargetDigest> = {}): TargetDigest {
  return {
    targetId: "shop",
    name: "Shop",
    servers: ["shop"],
    complete: true,
    simulated: false,
    totals: { scans: 1500, lastWeekScans: 1000, indexes: 3, usedIndexes: 2 },
    mostUsed: [
      {
        schema: "public",
        table: "orders",
        name: "orders_status_idx",
        scans: 1200,
        lastWeekScans: 1000,
        changeRatio: 0.2,
      },
      {
        schema: "public",
        table: "users",
        name: "users|email",
        scans: 300,
        lastWeekScans: 0,
        changeRatio: null,
      },
    ],
    newlyUnused: [
      {
        schema: "public",
        table: "orders",
        name: "orders_old_idx",
        scans: 0,
        lastWeekScans: 5,
        changeRatio: -1,
      },
    ],
    newlyUsed: [],
    growth: [
      {
        schema: "public",
        table: "orders",
        name: "orders_status_idx",
        sizeBefore: 8192,
        sizeAfter: 16384,
        growthBytes: 8192,
      },
    ],
    totalGrowthBytes: 8192,
    newFindings: [
      {
        key: "k",
        kind: "unused",
        schema: "public",
        table: "orders",
        index: "orders_old_idx",
        evidence: "0 scans in 30 days",
        safeToDrop: false,
      },
    ],
    openFindings: 4,
    findingsNote: "new since the findings seen in 2026-W46",
    actions: [
      {
        id: 1,
        kind: "reindex_index",
        status: "succeeded",
        username: "alice",
        requestedAt: "2026-11-18T09:30:00.000Z",
        schema: "public",
        table: "orders",
        index: "orders_status_idx",
        durationMs: 42_000,
      },
    ],
    events: [],
    ...overrides,
  };
}

const digest = (targets: TargetDigest[], scope: Digest["scope"] = "target"): Digest => ({
  week: "2026-W47",
  from: "2026-11-16",
  to: "2026-11-22",
  scope,
  generatedAt: "2026-11-23T06:00:00.000Z",
  targets,
});

describe("digestMarkdown", () => {
  it("writes every section of the weekly checklist", () => {
    const md = digestMarkdown(digest([target()]));
    expect(md).toContain("# indexwatch weekly digest: Shop, 2026-W47");
    expect(md).toContain("| `public.orders_status_idx` on `orders` | 1,200 | 1,000 | +20% |");
    expect(md).toContain("| `public.users\\|email` on `users` | 300 | 0 | new |");
    expect(md).toContain("### Newly unused");
    expect(md).toContain("| `public.orders_old_idx` on `orders` | 0 | 5 | -100% |");
    expect(md).toMatch(/### Newly used\n\n_none_/);
    expect(md).toContain("8 kB → 16 kB (+8 kB)");
    expect(md).toContain("### New findings (4 open)");
    expect(md).toContain("- **unused** `public.orders_old_idx`: 0 scans in 30 days (not safe to drop)");
    expect(md).toContain(
      "- 2026-11-18 09:30 UTC: reindex_index of `public.orders_status_idx` by alice: succeeded in 42 s",
    );
    expect(md).not.toContain("incomplete");
  });

  it("says when a server was not observed, and when findings are not available", () => {
    const md = digestMarkdown(
      digest(
        [
          target({ complete: false, servers: ["shop", "shop--replica"] }),
          target({
            targetId: "billing",
            name: "Billing",
            newFindings: null,
            openFindings: null,
            findingsNote: "not for old weeks",
          }),
        ],
        "fleet",
      ),
    );
    expect(md).toContain("# indexwatch weekly digest: Fleet, 2026-W47");
    expect(md).toContain("> usage summed over 2 servers: shop, shop--replica");
    expect(md).toContain("> **incomplete**: a server was not observed for the whole week");
    expect(md).toContain("## Billing (`billing`)");
    expect(md).toMatch(/### New findings\n\n_not for old weeks_/);
  });
});
