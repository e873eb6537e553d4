import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aForeignKey, anIndex, aTable } from "@/test/fixtures/findings-fixture";
import { estimateBtreeBloat, findBloatedIndexes } from "./bloat";
import { definitionHash, findingKey, parseFindingKey } from "./finding-key";
import { indexCoversForeignKey } from "./fk-coverage";
import { hitRatios } from "./hit-ratio";
import { findInvalidIndexes, leftoverOfConcurrentRebuild } from "./invalid";
import { findMissingForeignKeyIndexes } from "./missing-fk-index";
import type { BloatInputs } from "./types";

describe("findInvalidIndexes", () => {
  it("tells a running build, a failed build and the leftovers of a failed rebuild apart", () => {
    const failed = anIndex({ valid: false, name: "orders_code_idx" });
    const ccnew = anIndex({ valid: false, name: "orders_code_idx_ccnew1" });
    const ccold = anIndex({ valid: false, name: "orders_code_idx_ccold" });
    const building = anIndex({ valid: false, name: "orders_new_idx" });
    const findings = findInvalidIndexes(
      [failed, ccnew, ccold, building, anIndex()],
      [
        {
          pid: 42,
          tableOid: 100,
          indexOid: building.oid,
          command: "CREATE INDEX CONCURRENTLY",
          phase: "building index",
        },
      ],
    );
    expect(findings).toHaveLength(4);
    const by = (oid: number) => findings.find((f) => f.index?.oid === oid);
    expect(by(failed.oid)).toMatchObject({
      safeToDrop: true,
      details: { leftover: null, buildInProgress: false },
    });
    expect(by(ccnew.oid)?.details?.leftover).toBe("ccnew");
    expect(by(ccold.oid)?.details?.leftover).toBe("ccold");
    expect(by(building.oid)).toMatchObject({ safeToDrop: false, details: { buildInProgress: true } });
    expect(by(building.oid)?.reasons[0]?.message).toMatch(/pid 42/);
    expect(by(failed.oid)?.sql?.undo).toMatch(/^CREATE INDEX CONCURRENTLY /);
  });

  it("recognises only the suffixes REINDEX CONCURRENTLY uses", () => {
    expect(leftoverOfConcurrentRebuild("a_ccnew")).toBe("ccnew");
    expect(leftoverOfConcurrentRebuild("a_ccold12")).toBe("ccold");
    expect(leftoverOfConcurrentRebuild("ccnew_table_idx")).toBeNull();
  });
});

describe("foreign key coverage", () => {
  it("needs the FK columns, in any order, as the leading key columns of a whole valid index", () => {
    const fk = aForeignKey({ columns: [3, 2] });
    expect(indexCoversForeignKey(anIndex({ keyColumns: [2, 3, 4] }), fk)).toBe(true);
    expect(indexCoversForeignKey(anIndex({ keyColumns: [2, 4, 3] }), fk)).toBe(false);
    expect(indexCoversForeignKey(anIndex({ keyColumns: [2] }), fk)).toBe(false);
    expect(indexCoversForeignKey(anIndex({ keyColumns: [2, 3], predicate: "(x)" }), fk)).toBe(false);
    expect(indexCoversForeignKey(anIndex({ keyColumns: [2, 3], valid: false }), fk)).toBe(false);
    expect(indexCoversForeignKey(anIndex({ keyColumns: [2, 3], tableOid: 7 }), fk)).toBe(false);
  });

  it("takes a partial index whose predicate the key lookup implies, and no other (issue 14, section 4)", () => {
    const fk = aForeignKey({ columns: [3, 2], columnNames: ["invited_by_id", 'Team "Id"'] });
    const notNull = '((invited_by_id IS NOT NULL) AND ("Team ""Id""" IS NOT NULL))';
    expect(indexCoversForeignKey(anIndex({ keyColumns: [2, 3], predicate: notNull }), fk)).toBe(true);
    expect(
      indexCoversForeignKey(anIndex({ keyColumns: [2, 3], predicate: "(invited_by_id IS NOT NULL)" }), fk),
    ).toBe(true);
    for (const other of [
      "(invited_by_id IS NULL)",
      "((invited_by_id IS NOT NULL) OR (x > 0))",
      "((invited_by_id IS NOT NULL) AND (deleted_at IS NULL))",
      "(other_id IS NOT NULL)",
      "(NOT (invited_by_id IS NULL))",
    ])
      expect(indexCoversForeignKey(anIndex({ keyColumns: [2, 3], predicate: other }), fk), other).toBe(false);
    expect(indexCoversForeignKey(anIndex({ keyColumns: [2, 3], predicate: notNull, valid: false }), fk)).toBe(
      false,
    );
  });

  it("takes a hash index on a single-column key, never on a longer one", () => {
    expect(
      indexCoversForeignKey(anIndex({ keyColumns: [2], method: "hash" }), aForeignKey({ columns: [2] })),
    ).toBe(true);
    expect(
      indexCoversForeignKey(
        anIndex({ keyColumns: [2, 3], method: "hash" }),
        aForeignKey({ columns: [2, 3] }),
      ),
    ).toBe(false);
    expect(
      indexCoversForeignKey(anIndex({ keyColumns: [2], method: "gin" }), aForeignKey({ columns: [2] })),
    ).toBe(false);
  });

  it("reports a missing FK index with the CREATE and the DROP that undoes it", () => {
    const fk = aForeignKey({ columns: [5] });
    const findings = findMissingForeignKeyIndexes([fk], [anIndex({ keyColumns: [2, 5] })]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      kind: "missing_fk_index",
      index: null,
      sql: { apply: fk.createIndexSql, undo: fk.dropCreatedIndexSql },
    });
    expect(findMissingForeignKeyIndexes([fk], [anIndex({ keyColumns: [5, 2] })])).toEqual([]);
  });
});

describe("btree bloat estimate", () => {
  const inputs = (overrides: Partial<BloatInputs> = {}): BloatInputs => ({
    oid: 1,
    blockSize: 8192,
    relpages: 1000,
    reltuples: 200_000,
    fillfactor: 90,
    columnWidths: [8],
    nullFractions: [0],
    columnLengths: [8],
    ...overrides,
  });

  it("finds little free space in a freshly built index and a lot after mass deletes", () => {
    // 200k bigints: (8 + 8) aligned + 4 = 20 bytes; 7336 usable bytes → 546 leaf pages.
    const fresh = estimateBtreeBloat(inputs({ relpages: 548 }));
    expect(fresh?.freePercent).toBeLessThan(1);
    const emptied = estimateBtreeBloat(inputs({ relpages: 548, reltuples: 20_000 }));
    expect(emptied?.freePercent).toBeGreaterThan(85);
    expect(emptied?.confidence).toBe("high");
  });

  it("is fillfactor-aware", () => {
    const packed = estimateBtreeBloat(inputs({ relpages: 548, fillfactor: 100 }));
    const loose = estimateBtreeBloat(inputs({ relpages: 548, fillfactor: 50 }));
    expect(packed?.freePercent ?? 0).toBeGreaterThan(5);
    expect(loose?.freePercent).toBe(0);
  });

  it("falls back to attlen without statistics, and gives up on variable width or without reltuples", () => {
    const fixed = estimateBtreeBloat(
      inputs({ relpages: 548, reltuples: 20_000, columnWidths: [null], nullFractions: [null] }),
    );
    expect(fixed?.confidence).toBe("medium");
    expect(fixed?.freePercent).toBeGreaterThan(85);
    expect(estimateBtreeBloat(inputs({ columnWidths: [null], columnLengths: [-1] }))).toBeNull();
    expect(estimateBtreeBloat(inputs({ relpages: 20, reltuples: 10 }))?.confidence).toBe("low");
    expect(estimateBtreeBloat(inputs({ reltuples: -1 }))).toBeNull();
  });

  it("reports bloat only past both thresholds, with REINDEX CONCURRENTLY", () => {
    const index = anIndex({ oid: 1 });
    const big = [inputs({ relpages: 548, reltuples: 20_000 })];
    const findings = findBloatedIndexes([index], big, { minPercent: 30, minBytes: 1024 * 1024 });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.sql?.apply).toBe(index.sql.reindex);
    expect(findBloatedIndexes([index], big, { minPercent: 95, minBytes: 0 })).toEqual([]);
    expect(findBloatedIndexes([index], big, { minPercent: 0, minBytes: 100 * 1024 * 1024 })).toEqual([]);
  });
});

describe("hit ratios", () => {
  it("computes per index and per table (heap and indexes), worst first, null when never read", () => {
    const a = anIndex({ oid: 1 });
    const b = anIndex({ oid: 2 });
    const c = anIndex({ oid: 3 });
    const ratios = hitRatios(
      [a, b, c],
      [
        { oid: 1, blocksHit: 99, blocksRead: 1 },
        { oid: 2, blocksHit: 1, blocksRead: 1 },
        { oid: 3, blocksHit: 0, blocksRead: 0 },
      ],
      [aTable({ heapBlocksHit: 30, heapBlocksRead: 10, indexBlocksHit: 50, indexBlocksRead: 10 })],
      0,
    );
    expect(ratios.indexes.map((r) => [r.oid, r.ratio])).toEqual([
      [2, 0.5],
      [1, 0.99],
      [3, null],
    ]);
    expect(ratios.tables[0]?.ratio).toBeCloseTo(80 / 100);
  });

  it("lists only what was read enough to mean something (issue 14, section 7)", () => {
    const busy = anIndex({ oid: 11 });
    const twice = anIndex({ oid: 12 });
    const ratios = hitRatios(
      [busy, twice],
      [
        { oid: 11, blocksHit: 9_000, blocksRead: 1_000 },
        { oid: 12, blocksHit: 1, blocksRead: 1 },
      ],
      [aTable({ heapBlocksHit: 5, heapBlocksRead: 5 })],
    );
    expect(ratios.indexes.map((r) => r.oid)).toEqual([11]);
    expect(ratios.tables).toEqual([]);
  });
});

describe("finding keys", () => {
  it("change when the definition changes, and keep names with dots apart", () => {
    const a = findingKey("unused", "s", "t", "i", "CREATE INDEX i ON s.t USING btree (a)");
    const b = findingKey("unused", "s", "t", "i", "CREATE INDEX i ON s.t USING btree (b)");
    expect(a).not.toBe(b);
    expect(findingKey("unused", "a.b", "c", "d", "x")).not.toBe(findingKey("unused", "a", "b.c", "d", "x"));
    expect(definitionHash("x")).toBe(definitionHash("x"));
    expect(definitionHash("x")).toMatch(/^[0-9a-f]{14}$/);
  });
});

describe("parseFindingKey", () => {
  it("reads back what findingKey wrote, names with dots, quotes and colons included", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (schema, table, name, definition) => {
        expect(parseFindingKey(findingKey("redundant", schema, table, name, definition))).toEqual({
          kind: "redundant",
          schema,
          table,
          name,
        });
      }),
    );
    expect(parseFindingKey("not a key")).toBeNull();
  });
});
