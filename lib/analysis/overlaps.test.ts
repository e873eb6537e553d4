import { describe, expect, it } from "vitest";
import { anIndex, anObservation } from "@/test/fixtures/findings-fixture";
import { findDuplicateIndexes, findRedundantIndexes, isLeadingPrefix } from "./overlaps";
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
      anIndex({ keyColumns: [2], options: [3] }),
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
    expect(isLeadingPrefix(ab, aBc)).toBe(false);
    expect(findRedundantIndexes(input([ab, aBc]))).toEqual([]);
  });

  it("never calls a constraint, unique, partial, expression or non-btree index redundant", () => {
    const long = anIndex({ keyColumns: [2, 3] });
    const cases = [
      anIndex({ keyColumns: [2], constraint: { name: "k", kind: "u" }, unique: true }),
      anIndex({ keyColumns: [2], unique: true }),
      anIndex({ keyColumns: [2], predicate: "(x)" }),
      anIndex({ keyColumns: [0], expressions: "lower(x)" }),
      anIndex({ keyColumns: [2], method: "hash" }),
    ];
    for (const short of cases) expect(findRedundantIndexes(input([short, long]))).toEqual([]);
  });

  it("needs the same sort order and the covered INCLUDE columns", () => {
    const long = anIndex({ keyColumns: [2, 3] });
    expect(findRedundantIndexes(input([anIndex({ keyColumns: [2], options: [3] }), long]))).toEqual([]);
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
