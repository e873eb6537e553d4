import { describe, expect, it } from "vitest";
import { aForeignKey, anIndex, anObservation } from "@/test/fixtures/findings-fixture";
import { isCoveredBy } from "./index-keys";
import { findDuplicateIndexes, findRedundantIndexes } from "./overlaps";
import type { IndexFacts } from "./types";

const input = (indexes: IndexFacts[], scans: Record<number, number> = {}) => ({
  indexes,
  foreignKeys: [],
  activity: new Map(),
  observation: anObservation(30, Object.fromEntries(indexes.map((i) => [i.oid, scans[i.oid] ?? 0]))),
});

describe("findDuplicateIndexes", () => {
  it("groups same columns, opclasses, collations, options, expressions and predicate; keeps the constraint", () => {
    const plain = anIndex({ keyColumns: [2, 3] });
    const unique = anIndex({ keyColumns: [2, 3], unique: true, constraint: { name: "t_key", kind: "u" } });
    const findings = findDuplicateIndexes(input([plain, unique]));
    expect(findings.map((f) => f.index?.oid)).toEqual([plain.oid]);
    expect(findings[0]?.details?.keep).toBe(unique.name);
    expect(findings[0]?.evidence).toMatch(/because it backs the constraint t_key/);
    expect(findings[0]?.safeToDrop).toBe(true);
  });

  it("keeps the more scanned of two plain twins", () => {
    const a = anIndex();
    const b = anIndex();
    const findings = findDuplicateIndexes(input([a, b], { [a.oid]: 1, [b.oid]: 40 }));
    expect(findings.map((f) => f.index?.oid)).toEqual([a.oid]);
    expect(findings[0]?.evidence).toMatch(/more scans in the window \(40 against 1\)/);
  });

  it("does not call indexes duplicates when one thing differs", () => {
    const base = anIndex({ keyColumns: [2] });
    const variants = [
      anIndex({ keyColumns: [3] }),
      anIndex({ keyColumns: [2], opclasses: [10043] }),
      anIndex({ keyColumns: [2], collations: [950] }),
      // DESC NULLS LAST: no scan direction of (col2) delivers it.
      anIndex({ keyColumns: [2], options: [1] }),
      anIndex({ keyColumns: [2], options: [2] }),
      anIndex({ keyColumns: [2], predicate: "(x > 0)" }),
      anIndex({ keyColumns: [2], method: "hash" }),
      anIndex({ keyColumns: [2], includeColumns: [4] }),
      anIndex({ keyColumns: [2], tableOid: 999 }),
    ];
    for (const variant of variants) expect(findDuplicateIndexes(input([base, variant]))).toEqual([]);
    const exprA = anIndex({ keyColumns: [0], expressions: "lower(name)" });
    const exprB = anIndex({ keyColumns: [0], expressions: "upper(name)" });
    expect(findDuplicateIndexes(input([exprA, exprB]))).toEqual([]);
  });

  it("ignores invalid indexes", () => {
    expect(findDuplicateIndexes(input([anIndex(), anIndex({ valid: false })]))).toEqual([]);
  });
});

describe("findRedundantIndexes", () => {
  it("finds a btree whose columns lead another's and names the one to keep", () => {
    const short = anIndex({ keyColumns: [2, 3] });
    const long = anIndex({ keyColumns: [2, 3, 4] });
    const findings = findRedundantIndexes(input([short, long]));
    expect(findings.map((f) => f.index?.oid)).toEqual([short.oid]);
    expect(findings[0]?.details?.keep).toBe(long.name);
  });

  it("compares attribute numbers: (ab) is not a prefix of (a, bc)", () => {
    const ab = anIndex({ keyColumns: [7], columnNames: ["ab"] });
    const aBc = anIndex({ keyColumns: [5, 6], columnNames: ["a", "bc"] });
    expect(isCoveredBy(ab, aBc)).toBe(false);
    expect(findRedundantIndexes(input([ab, aBc]))).toEqual([]);
  });

  it("never calls a constraint, unique or non-btree index redundant, nor one a different predicate or expression leads", () => {
    const long = anIndex({ keyColumns: [2, 3] });
    const cases = [
      anIndex({ keyColumns: [2], constraint: { name: "k", kind: "u" }, unique: true }),
      anIndex({ keyColumns: [2], unique: true }),
      anIndex({ keyColumns: [2], predicate: "(x)" }),
      anIndex({ keyColumns: [0], expressions: "lower(x)", columnNames: ["lower(x)"] }),
      anIndex({ keyColumns: [2], method: "hash" }),
    ];
    for (const short of cases) expect(findRedundantIndexes(input([short, long]))).toEqual([]);
  });

  it("needs a sort order the cover can scan and the covered INCLUDE columns", () => {
    const long = anIndex({ keyColumns: [2, 3] });
    expect(findRedundantIndexes(input([anIndex({ keyColumns: [2], options: [1] }), long]))).toEqual([]);
    expect(findRedundantIndexes(input([anIndex({ keyColumns: [2], includeColumns: [9] }), long]))).toEqual(
      [],
    );
    expect(
      findRedundantIndexes(input([anIndex({ keyColumns: [2], includeColumns: [3] }), long])),
    ).toHaveLength(1);
  });

  it("does not accept a partial index as the cover", () => {
    const short = anIndex({ keyColumns: [2] });
    const long = anIndex({ keyColumns: [2, 3], predicate: "(x)" });
    expect(findRedundantIndexes(input([short, long]))).toEqual([]);
  });
});

describe("redundancy as the planner judges it (issue 14, section 2)", () => {
  it("compares partial indexes under the same predicate like full ones; another predicate is not a twin", () => {
    const where = "(status = 'new'::text)";
    const short = anIndex({ keyColumns: [2], predicate: where });
    const long = anIndex({ keyColumns: [2, 3], predicate: where });
    expect(findRedundantIndexes(input([short, long])).map((f) => f.index?.oid)).toEqual([short.oid]);
    expect(findRedundantIndexes(input([short, long]))[0]?.evidence).toContain(`WHERE ${where}`);
    const twinA = anIndex({ keyColumns: [2], predicate: where });
    const twinB = anIndex({ keyColumns: [2], predicate: where });
    expect(findDuplicateIndexes(input([twinA, twinB]))).toHaveLength(1);
    const other = anIndex({ keyColumns: [2], predicate: "(status = 'old'::text)" });
    expect(findDuplicateIndexes(input([twinA, other]))).toEqual([]);
    expect(
      findRedundantIndexes(input([short, anIndex({ keyColumns: [2, 3], predicate: "(x > 0)" })])),
    ).toEqual([]);
  });

  it("compares expression keys as keys: (lower(email)) leads (lower(email), id)", () => {
    const lower = anIndex({ keyColumns: [0], columnNames: ["lower(email)"], expressions: "lower(email)" });
    const lowerId = anIndex({
      keyColumns: [0, 1],
      columnNames: ["lower(email)", "id"],
      expressions: "lower(email)",
    });
    const upperId = anIndex({
      keyColumns: [0, 1],
      columnNames: ["upper(email)", "id"],
      expressions: "upper(email)",
    });
    expect(findRedundantIndexes(input([lower, lowerId])).map((f) => f.index?.oid)).toEqual([lower.oid]);
    expect(findRedundantIndexes(input([lower, upperId]))).toEqual([]);
  });

  it("tells key columns from INCLUDE columns, and INCLUDE order does not count", () => {
    const keysOnly = anIndex({ keyColumns: [2, 3] });
    // (col2) INCLUDE (col3): its key leads (col2, col3), which holds col3 as a key.
    const withInclude = anIndex({ keyColumns: [2], includeColumns: [3] });
    expect(findRedundantIndexes(input([withInclude, keysOnly])).map((f) => f.index?.oid)).toEqual([
      withInclude.oid,
    ]);
    // The other way round is not redundant: (col2) INCLUDE (col3) cannot search by col3.
    expect(isCoveredBy(keysOnly, withInclude)).toBe(false);
    // Equal keys, and the other returns strictly more from INCLUDE.
    const more = anIndex({ keyColumns: [2], includeColumns: [4, 3] });
    expect(isCoveredBy(withInclude, more)).toBe(true);
    const ab = anIndex({ keyColumns: [2], includeColumns: [3, 4] });
    const ba = anIndex({ keyColumns: [2], includeColumns: [4, 3] });
    expect(findDuplicateIndexes(input([ab, ba]))).toHaveLength(1);
    expect(findRedundantIndexes(input([ab, ba]))).toEqual([]);
  });

  it("reads sort order as a btree scans: both ways, NULLS placement included", () => {
    // (a) ASC NULLS LAST and (a DESC) NULLS FIRST: one index read backwards.
    const asc = anIndex({ keyColumns: [2], options: [0] });
    const desc = anIndex({ keyColumns: [2], options: [3] });
    expect(findDuplicateIndexes(input([asc, desc]))).toHaveLength(1);
    // (a DESC NULLS LAST) is no direction of (a).
    expect(findDuplicateIndexes(input([asc, anIndex({ keyColumns: [2], options: [1] })]))).toEqual([]);
    // (a DESC) is served by (a, b), read backwards.
    expect(
      findRedundantIndexes(input([desc, anIndex({ keyColumns: [2, 3] })])).map((f) => f.index?.oid),
    ).toEqual([desc.oid]);
    // Multi-column: another direction pattern is another index; the whole pattern reversed is not.
    const ascAsc = anIndex({ keyColumns: [2, 3], options: [0, 0] });
    const ascDesc = anIndex({ keyColumns: [2, 3], options: [0, 3] });
    const descDesc = anIndex({ keyColumns: [2, 3], options: [3, 3] });
    expect(findDuplicateIndexes(input([ascAsc, ascDesc]))).toEqual([]);
    expect(findDuplicateIndexes(input([ascAsc, descDesc]))).toHaveLength(1);
    expect(
      isCoveredBy(
        anIndex({ keyColumns: [2, 3], options: [3, 0] }),
        anIndex({ keyColumns: [2, 3, 4], options: [0, 3, 0] }),
      ),
    ).toBe(true);
    expect(
      isCoveredBy(
        anIndex({ keyColumns: [2, 3], options: [3, 3] }),
        anIndex({ keyColumns: [2, 3, 4], options: [0, 3, 0] }),
      ),
    ).toBe(false);
    // A hash index keeps no order: nothing to reverse.
    expect(
      findDuplicateIndexes(
        input([anIndex({ method: "hash", options: [0] }), anIndex({ method: "hash", options: [3] })]),
      ),
    ).toEqual([]);
  });

  it("keeps the stricter of unique twins (NULLS NOT DISTINCT) and the one a foreign key points through", () => {
    const plain = anIndex({ unique: true });
    const strict = anIndex({ unique: true, nullsNotDistinct: true });
    const found = findDuplicateIndexes(input([strict, plain]));
    expect(found.map((f) => f.index?.oid)).toEqual([plain.oid]);
    expect(found[0]?.evidence).toMatch(/stricter of the two \(NULLS NOT DISTINCT\)/);
    const a = anIndex({ unique: true });
    const b = anIndex({ unique: true });
    const fk = aForeignKey({ tableOid: 200, referencedIndexOid: b.oid });
    const twins = findDuplicateIndexes({ ...input([a, b], { [a.oid]: 99 }), foreignKeys: [fk] });
    expect(twins.map((f) => f.index?.oid)).toEqual([a.oid]);
    expect(twins[0]?.evidence).toMatch(/a foreign key points through it/);
  });

  it("drops an index made on a partition beside the partition's attached copy of a parent index", () => {
    const attached = anIndex({ keyColumns: [2], parentIndexOid: 77, tableIsPartition: true });
    const local = anIndex({ keyColumns: [2], tableIsPartition: true });
    const found = findDuplicateIndexes(input([local, attached], { [local.oid]: 500 }));
    expect(found.map((f) => f.index?.oid)).toEqual([local.oid]);
    expect(found[0]?.evidence).toMatch(/attached copy of its parent's index/);
    // Two attached copies: the parents are the twins, and their own finding speaks.
    const other = anIndex({ keyColumns: [2], parentIndexOid: 78, tableIsPartition: true });
    expect(findDuplicateIndexes(input([attached, other]))).toEqual([]);
  });
});

describe("partitioned indexes in findings (issue 14, section 7)", () => {
  it("are as big as their partitions' indexes, all the way down, and unknown when a part is", async () => {
    const { withPartitionSizes } = await import("./observed-scans");
    const parent = anIndex({ partitionedIndex: true, sizeBytes: 0 });
    const mid = anIndex({ partitionedIndex: true, sizeBytes: 0, parentIndexOid: parent.oid });
    const leafA = anIndex({ sizeBytes: 100, parentIndexOid: mid.oid });
    const leafB = anIndex({ sizeBytes: 50, parentIndexOid: parent.oid });
    const sized = withPartitionSizes([parent, mid, leafA, leafB]);
    expect(sized.map((i) => i.sizeBytes)).toEqual([150, 100, 100, 50]);
    const locked = withPartitionSizes([parent, leafA, { ...leafB, sizeBytes: null }]);
    expect(locked[0]?.sizeBytes).toBeNull();
  });
});
