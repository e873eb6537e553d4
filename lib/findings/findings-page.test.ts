import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FINDING_KINDS, type Finding, type FindingKind } from "@/lib/analysis/types";
import { findingsPage, findingsPageQuery } from "./findings-page";
import type { FindingsResponse } from "./get-findings";

function finding(
  name: string,
  kind: FindingKind,
  sizeBytes: number | null,
  extra: Partial<Finding> = {},
): Finding {
  return {
    key: `${kind}:${name}`,
    kind,
    index: { oid: name.length, schema: "public", table: extra.table ?? "orders", name },
    schema: "public",
    table: "orders",
    columns: ["a"],
    sizeBytes,
    evidence: "",
    reasons: [],
    safeToDrop: true,
    writeRows: 0,
    sql: { apply: `DROP INDEX ${name}`, undo: "CREATE INDEX" },
    ...extra,
  };
}

function response(findings: Finding[], extra: Partial<FindingsResponse> = {}): FindingsResponse {
  return {
    target: "demo",
    generatedAt: "2026-12-07T02:00:00.000Z",
    window: {
      since: "2026-11-01T00:00:00.000Z",
      days: 36,
      source: "history",
      sources: [{ kind: "history", since: "2026-11-01T00:00:00.000Z", days: 36 }],
      complete: true,
      minDays: 7,
      tooEarly: false,
      note: null,
    },
    findings,
    tooEarlyCandidates: [],
    hitRatios: { indexes: [], tables: [] },
    ignored: [],
    ignoresAvailable: true,
    skippedLocked: [],
    exactBloatAvailable: false,
    ...extra,
  };
}

const meta = { computedAt: "2026-12-07T02:00:01.000Z", refreshError: null };
const query = (q: Record<string, string> = {}) => findingsPageQuery.parse(q);
const names = (items: Finding[]) => items.map((f) => f.index?.name);

const sample = [
  finding("big_idx", "unused", 3000, { writeRows: 5 }),
  finding("mid_idx", "unused", 2000, { safeToDrop: false, reasons: [{ code: "unique", message: "" }] }),
  finding("small_idx", "unused", 1000, { table: "users" }),
  finding("dup_idx", "duplicate", 500, { table: "users" }),
  finding("bloat_idx", "bloat", 700, { safeToDrop: false }),
];

describe("findingsPage", () => {
  it("sums counts and bytes per kind, safe ones apart", () => {
    const page = findingsPage(response(sample), meta, query());
    expect(page.summary.kinds.unused).toEqual({ count: 3, bytes: 6000, safeCount: 2, safeBytes: 4000 });
    expect(page.summary.kinds.duplicate.count).toBe(1);
    expect(page.summary.kinds.invalid).toEqual({ count: 0, bytes: 0, safeCount: 0, safeBytes: 0 });
    // Every kind the analysis knows has its summary: the page shows a box for each.
    expect(Object.keys(page.summary.kinds).sort()).toEqual([...FINDING_KINDS].sort());
  });

  it("filters by list, kind, table, text and safety, and counts what passed", () => {
    expect(names(findingsPage(response(sample), meta, query({ list: "unused" })).page.items)).toEqual([
      "big_idx",
      "mid_idx",
      "small_idx",
    ]);
    expect(names(findingsPage(response(sample), meta, query({ list: "health" })).page.items)).toEqual([
      "dup_idx",
      "bloat_idx",
    ]);
    const byKind = findingsPage(response(sample), meta, query({ kind: "duplicate,bloat" })).page;
    expect(names(byKind.items)).toEqual(["dup_idx", "bloat_idx"]);
    const byTable = findingsPage(response(sample), meta, query({ table: "USERS" })).page;
    expect(names(byTable.items)).toEqual(["small_idx", "dup_idx"]);
    const safe = findingsPage(response(sample), meta, query({ list: "unused", safe: "1" })).page;
    expect(safe.total).toBe(2);
    expect(names(findingsPage(response(sample), meta, query({ q: "mid" })).page.items)).toEqual(["mid_idx"]);
  });

  it("sorts on the server, biggest first by default for sizes, and pages with a stable order", () => {
    const bySize = findingsPage(response(sample), meta, query({ sort: "size" })).page;
    expect(bySize.dir).toBe("desc");
    expect(names(bySize.items)).toEqual(["big_idx", "mid_idx", "small_idx", "bloat_idx", "dup_idx"]);
    const byName = findingsPage(
      response(sample),
      meta,
      query({ sort: "name", limit: "2", offset: "2" }),
    ).page;
    expect(byName.total).toBe(5);
    expect(names(byName.items)).toEqual(["dup_idx", "mid_idx"]);
  });

  it("serves the too-early candidates on the Unused list while the window is short", () => {
    const short = response([], {
      window: { ...response([]).window, tooEarly: true, days: 2 },
      tooEarlyCandidates: [finding("young_idx", "unused", 10)],
    });
    const page = findingsPage(short, meta, query({ list: "unused" }));
    expect(page.page.tooEarly).toBe(true);
    expect(names(page.page.items)).toEqual(["young_idx"]);
    expect(page.summary.tooEarlyCandidates.count).toBe(1);
  });

  it("rejects unbounded or unknown parameters", () => {
    expect(findingsPageQuery.safeParse({ limit: "100000" }).success).toBe(false);
    expect(findingsPageQuery.safeParse({ kind: "unused,nonsense" }).success).toBe(false);
    expect(findingsPageQuery.safeParse({ sort: "oid" }).success).toBe(false);
    expect(findingsPageQuery.safeParse({ offset: "-1" }).success).toBe(false);
  });

  it("pages partition the filtered list: every row once, in order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ size: fc.option(fc.nat(10_000)), safe: fc.boolean() }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 17 }),
        fc.constantFrom("benefit", "size", "writes", "name", "table"),
        (rows, limit, sort) => {
          const all = rows.map((r, i) => finding(`idx_${i}`, "unused", r.size, { safeToDrop: r.safe }));
          const whole = findingsPage(response(all), meta, query({ sort, limit: "500" })).page.items;
          const pages: Finding[] = [];
          for (let offset = 0; offset < all.length; offset += limit) {
            pages.push(
              ...findingsPage(
                response(all),
                meta,
                query({ sort, limit: String(limit), offset: String(offset) }),
              ).page.items,
            );
          }
          expect(names(pages)).toEqual(names(whole));
          expect(new Set(names(whole)).size).toBe(all.length);
        },
      ),
    );
  });
});
