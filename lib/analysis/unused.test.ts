import { describe, expect, it } from "vitest";
import { aForeignKey, anIndex, anObservation, aTable } from "@/test/fixtures/findings-fixture";
import type { IndexFacts } from "./types";
import { findUnusedIndexes } from "./unused";

const run = (indexes: IndexFacts[], scans: Record<number, number>, days = 30, extra = {}) =>
  findUnusedIndexes({
    indexes,
    foreignKeys: [],
    activity: new Map([[100, aTable({ inserts: 50, updates: 10, hotUpdates: 4 })]]),
    observation: anObservation(days, scans),
    minDays: 7,
    ...extra,
  });

const codes = (result: ReturnType<typeof run>, oid: number) =>
  result.findings.find((f) => f.index?.oid === oid)?.reasons.map((r) => r.code);

describe("findUnusedIndexes", () => {
  it("reports zero-scan indexes over the window with its length and start, and skips scanned ones", () => {
    const plain = anIndex();
    const used = anIndex();
    const result = run([plain, used], { [plain.oid]: 0, [used.oid]: 3 });
    expect(result.tooEarly).toBe(false);
    expect(result.findings.map((f) => f.index?.oid)).toEqual([plain.oid]);
    expect(result.findings[0]?.evidence).toBe(
      "no scans in 30 days of observation, since 2026-01-01T00:00:00.000Z",
    );
    expect(result.findings[0]).toMatchObject({
      kind: "unused",
      safeToDrop: true,
      reasons: [],
      writeRows: 56,
    });
    expect(result.findings[0]?.sql).toEqual({
      apply: plain.sql.dropIndex,
      undo: plain.definition.replace("CREATE INDEX", "CREATE INDEX CONCURRENTLY"),
    });
  });

  it("says too early to tell before the minimum window, keeping the candidates apart", () => {
    const plain = anIndex();
    const result = run([plain], { [plain.oid]: 0 }, 3);
    expect(result.tooEarly).toBe(true);
    expect(result.findings).toEqual([]);
    expect(result.tooEarlyCandidates.map((f) => f.index?.oid)).toEqual([plain.oid]);
  });

  it("counts scans across the whole window, not the live counters since the last reset", () => {
    const reset = anIndex({ liveScans: 0 });
    expect(run([reset], { [reset.oid]: 12 }).findings).toEqual([]);
  });

  it("flags each reason a drop would be unsafe, each on its own", () => {
    const pk = anIndex({ primary: true, unique: true, constraint: { name: "orders_pkey", kind: "p" } });
    const uq = anIndex({ unique: true, constraint: { name: "orders_code_key", kind: "u" } });
    const excl = anIndex({ method: "gist", constraint: { name: "no_overlap", kind: "x" } });
    const uniqueIndex = anIndex({ unique: true });
    const replica = anIndex({ unique: true, replicaIdentity: true });
    const expression = anIndex({ keyColumns: [0], expressions: "lower(name)" });
    const partial = anIndex({ keyColumns: [5], predicate: "(status = 'new'::text)" });
    const all = [pk, uq, excl, uniqueIndex, replica, expression, partial];
    const result = run(all, Object.fromEntries(all.map((i) => [i.oid, 0])));
    expect(codes(result, pk.oid)).toEqual(["backs_primary_key"]);
    expect(codes(result, uq.oid)).toEqual(["backs_unique_constraint"]);
    expect(codes(result, excl.oid)).toEqual(["backs_exclusion_constraint"]);
    expect(codes(result, uniqueIndex.oid)).toEqual(["enforces_uniqueness"]);
    expect(codes(result, replica.oid)).toEqual(["enforces_uniqueness", "replica_identity"]);
    expect(codes(result, expression.oid)).toEqual(["expression_index"]);
    expect(codes(result, partial.oid)).toEqual(["partial_index"]);
    expect(result.findings.every((f) => !f.safeToDrop)).toBe(true);
  });

  it("drops a constraint's index with ALTER TABLE … DROP CONSTRAINT, not DROP INDEX", () => {
    const uq = anIndex({
      unique: true,
      constraint: { name: "orders_code_key", kind: "u" },
      sql: {
        ...anIndex().sql,
        dropConstraint: "ALTER TABLE public.orders DROP CONSTRAINT orders_code_key",
        addConstraint: "ALTER TABLE public.orders ADD CONSTRAINT orders_code_key UNIQUE (code)",
      },
    });
    const result = run([uq], { [uq.oid]: 0 });
    expect(result.findings[0]?.sql).toEqual({
      apply: "ALTER TABLE public.orders DROP CONSTRAINT orders_code_key",
      undo: "ALTER TABLE public.orders ADD CONSTRAINT orders_code_key UNIQUE (code)",
    });
  });

  it("flags the only index behind a foreign key, but not one of two", () => {
    const fkIndex = anIndex({ keyColumns: [7, 8] });
    const fk = aForeignKey({ columns: [7], constraintName: "orders_customer_fkey" });
    const alone = run([fkIndex], { [fkIndex.oid]: 0 }, 30, { foreignKeys: [fk] });
    expect(codes(alone, fkIndex.oid)).toEqual(["supports_foreign_key"]);
    const other = anIndex({ keyColumns: [7] });
    const both = run([fkIndex, other], { [fkIndex.oid]: 0, [other.oid]: 5 }, 30, { foreignKeys: [fk] });
    expect(codes(both, fkIndex.oid)).toEqual([]);
  });

  it("flags the primary key a foreign key of another table points through", () => {
    const pk = anIndex({
      oid: 1,
      primary: true,
      unique: true,
      constraint: { name: "customers_pkey", kind: "p" },
    });
    const result = run([pk], { 1: 0 }, 30, {
      foreignKeys: [aForeignKey({ tableOid: 200, referencedIndexOid: 1 })],
    });
    expect(codes(result, 1)).toEqual(["backs_primary_key", "referenced_by_foreign_key"]);
  });

  it("flags partition cases: a partitioned index, its attached children, the only index of a partition", () => {
    const parent = anIndex({ partitionedIndex: true, liveScans: null });
    const child = anIndex({ parentIndexOid: parent.oid, tableIsPartition: true, tableIndexCount: 1 });
    const result = run([parent, child], { [child.oid]: 0 });
    expect(codes(result, parent.oid)).toEqual(["partitioned_index"]);
    expect(codes(result, child.oid)).toEqual(["belongs_to_partitioned_index", "only_index_of_partition"]);
    expect(result.findings.find((f) => f.index?.oid === child.oid)?.sql).toBeNull();
  });

  it("counts a partitioned index as used when any partition's index was scanned", () => {
    const parent = anIndex({ partitionedIndex: true, liveScans: null });
    const child = anIndex({ parentIndexOid: parent.oid });
    const result = run([parent, child], { [child.oid]: 4 });
    expect(result.findings).toEqual([]);
  });

  it("flags an index younger than the window, one not in the history, and an incomplete window", () => {
    const young = anIndex();
    const unseen = anIndex();
    const observation = anObservation(30, { [young.oid]: 0 }, { complete: false });
    observation.scans.set(young.oid, { scans: 0, firstSeenAt: "2026-01-20T00:00:00.000Z" });
    const result = run([young, unseen], {}, 30, { observation });
    expect(codes(result, young.oid)).toEqual(["younger_than_window", "incomplete_observation"]);
    expect(codes(result, unseen.oid)).toEqual(["younger_than_window", "incomplete_observation"]);
  });

  it("leaves invalid indexes to their own rule", () => {
    const invalid = anIndex({ valid: false });
    expect(run([invalid], { [invalid.oid]: 0 }).findings).toEqual([]);
  });

  it("sorts by what a drop wins: size first, then the table's write work", () => {
    const small = anIndex({ sizeBytes: 10_000 });
    const big = anIndex({ sizeBytes: 900_000 });
    const quiet = anIndex({ sizeBytes: 10_000, tableOid: 101 });
    const activity = new Map([
      [100, aTable({ inserts: 1000 })],
      [101, aTable({ tableOid: 101, inserts: 5 })],
    ]);
    const result = run([quiet, small, big], { [small.oid]: 0, [big.oid]: 0, [quiet.oid]: 0 }, 30, {
      activity,
    });
    expect(result.findings.map((f) => f.index?.oid)).toEqual([big.oid, small.oid, quiet.oid]);
  });

  it("labels a live-statistics window as such", () => {
    const plain = anIndex();
    const observation = anObservation(9, { [plain.oid]: 0 }, { source: "live_stats" });
    const result = run([plain], {}, 9, { observation });
    expect(result.findings[0]?.evidence).toMatch(/live statistics since the last reset/);
  });
});
