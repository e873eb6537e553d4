import { describe, expect, it } from "vitest";
import { aForeignKey, anIndex, anObservation } from "@/test/fixtures/findings-fixture";
import { withExclusions } from "./exclusions";
import { findDuplicateIndexes, findRedundantIndexes } from "./overlaps";
import type { Finding, IndexFacts } from "./types";
import { findUnusedIndexes } from "./unused";

function analyze(indexes: IndexFacts[], foreignKeys = [aForeignKey({ columns: [9] })]) {
  const context = {
    indexes,
    foreignKeys,
    activity: new Map(),
    observation: anObservation(30, Object.fromEntries(indexes.map((i) => [i.oid, 0]))),
    minDays: 7,
  };
  const findings: Finding[] = [
    ...findUnusedIndexes(context).findings,
    ...findDuplicateIndexes(context),
    ...findRedundantIndexes(context),
  ];
  return withExclusions(findings, indexes, foreignKeys);
}

const keyOf = (findings: Finding[], kind: Finding["kind"], oid: number) =>
  findings.find((f) => f.kind === kind && f.index?.oid === oid)?.key;

describe("findings that exclude one another (issue 14, section 3)", () => {
  it("pairs two unused indexes that are each other's only stand-in behind a foreign key", () => {
    const fk = aForeignKey({ columns: [2] });
    const a = anIndex({ keyColumns: [2] });
    const b = anIndex({ keyColumns: [2, 3] });
    const findings = analyze([a, b], [fk]);
    const unusedA = findings.find((f) => f.kind === "unused" && f.index?.oid === a.oid);
    const unusedB = findings.find((f) => f.kind === "unused" && f.index?.oid === b.oid);
    // Each alone is safe: the other still serves the key.
    expect(unusedA?.safeToDrop).toBe(true);
    expect(unusedB?.safeToDrop).toBe(true);
    expect(unusedA?.excludes).toContain(unusedB?.key);
    expect(unusedB?.excludes).toContain(unusedA?.key);
  });

  it("pairs a redundant index with the finding that would drop its only cover", () => {
    const short = anIndex({ keyColumns: [2] });
    const long = anIndex({ keyColumns: [2, 3] });
    const findings = analyze([short, long]);
    const redundant = keyOf(findings, "redundant", short.oid);
    const longUnused = keyOf(findings, "unused", long.oid);
    expect(redundant).toBeDefined();
    expect(findings.find((f) => f.key === redundant)?.excludes).toContain(longUnused);
  });

  it("leaves findings alone when a third index still stands in for both", () => {
    const short = anIndex({ keyColumns: [2] });
    const mid = anIndex({ keyColumns: [2, 3] });
    const long = anIndex({ keyColumns: [2, 3, 4] });
    const findings = analyze([short, mid, long]);
    const redundantShort = findings.find((f) => f.kind === "redundant" && f.index?.oid === short.oid);
    const redundantMid = keyOf(findings, "redundant", mid.oid);
    expect(redundantMid).toBeDefined();
    expect(redundantShort?.excludes).not.toContain(redundantMid);
  });

  it("gives every finding an excludes list, empty for an index on another table", () => {
    const a = anIndex({ keyColumns: [2] });
    const b = anIndex({ keyColumns: [2], tableOid: 555 });
    const findings = analyze([a, b]);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.excludes).toEqual([]);
  });
});
