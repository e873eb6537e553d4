import { describe, expect, it } from "vitest";
import { aForeignKey, anIndex } from "@/test/fixtures/findings-fixture";
import { findColumnShapeFindings } from "./column-shape-checks";
import {
  findDuplicatedForeignKeys,
  findForeignKeyTypeMismatches,
  findIntersectingForeignKeys,
} from "./foreign-key-checks";
import { findNotValidConstraints, findSeqScanHeavyTables, findTablesWithoutPrimaryKey } from "./table-checks";
import type { IndexColumnFacts, IndexFacts, TableShape } from "./types";

function columnsOf(index: IndexFacts, overrides: Partial<IndexColumnFacts> = {}): IndexColumnFacts {
  return {
    oid: index.oid,
    keyTypeCategories: index.keyColumns.map(() => "N"),
    keyTypes: index.keyColumns.map(() => "integer"),
    leadingColumn: "col2",
    leadingColumnQuoted: "col2",
    leadingNullFraction: 0,
    leadingDistinct: -1,
    tableRows: 100_000,
    tableNotNullColumns: null,
    notNullVariantName: `${index.name}_not_null`,
    notNullVariantQualified: `public.${index.name}_not_null`,
    ...overrides,
  };
}

const kindsFor = (index: IndexFacts, overrides: Partial<IndexColumnFacts>) =>
  findColumnShapeFindings([index], [columnsOf(index, overrides)]).map((f) => f.kind);

describe("the index checks the anchors have (issue 14, section 6)", () => {
  it("flags a btree over an array column, and not a GIN one", () => {
    const btree = anIndex({ keyColumns: [2, 3] });
    expect(kindsFor(btree, { keyTypeCategories: ["N", "A"], keyTypes: ["integer", "text[]"] })).toEqual([
      "btree_on_array",
    ]);
    const gin = anIndex({ method: "gin" });
    expect(kindsFor(gin, { keyTypeCategories: ["A"] })).toEqual([]);
  });

  it("offers a partial index for a mostly NULL leading column, with the size it saves and a working undo", () => {
    const index = anIndex({
      name: "orders_col2_idx",
      sizeBytes: 10 * 1024 * 1024,
      definition: "CREATE INDEX orders_col2_idx ON public.orders USING btree (col2)",
    });
    const [finding] = findColumnShapeFindings([index], [columnsOf(index, { leadingNullFraction: 0.8 })]);
    expect(finding?.kind).toBe("mostly_null_leading");
    expect(finding?.details?.savedBytes).toBe(Math.floor(10 * 1024 * 1024 * 0.8));
    expect(finding?.sql?.apply).toBe(
      "CREATE INDEX CONCURRENTLY orders_col2_idx_not_null ON public.orders USING btree (col2) WHERE (col2 IS NOT NULL);\nDROP INDEX CONCURRENTLY public.orders_col2_idx",
    );
    expect(finding?.sql?.undo).toBe(
      "CREATE INDEX CONCURRENTLY orders_col2_idx ON public.orders USING btree (col2);\nDROP INDEX CONCURRENTLY public.orders_col2_idx_not_null",
    );
    // Not mostly NULL, too small to matter, unknown, unique or already partial: nothing.
    expect(kindsFor(index, { leadingNullFraction: 0.3 })).toEqual([]);
    expect(kindsFor({ ...index, sizeBytes: 8192 }, { leadingNullFraction: 0.9 })).toEqual([]);
    expect(kindsFor(index, { leadingNullFraction: null })).toEqual([]);
    expect(kindsFor({ ...index, unique: true }, { leadingNullFraction: 0.9 })).toEqual([]);
    expect(kindsFor({ ...index, predicate: "(x > 0)" }, { leadingNullFraction: 0.9 })).toEqual([]);
  });

  it("flags a btree led by a boolean or by a column of a handful of values on a large table", () => {
    const index = anIndex();
    expect(kindsFor(index, { keyTypeCategories: ["B"] })).toEqual(["low_cardinality_leading"]);
    expect(kindsFor(index, { leadingDistinct: 3 })).toEqual(["low_cardinality_leading"]);
    // n_distinct as minus a fraction of the rows: 0.00002 × 100,000 = 2 values.
    expect(kindsFor(index, { leadingDistinct: -0.00002 })).toEqual(["low_cardinality_leading"]);
    expect(kindsFor(index, { leadingDistinct: 40 })).toEqual([]);
    expect(kindsFor(index, { keyTypeCategories: ["B"], tableRows: 200 })).toEqual([]);
    expect(kindsFor({ ...index, unique: true }, { keyTypeCategories: ["B"] })).toEqual([]);
  });

  it("flags a predicate that repeats a NOT NULL declaration, wholly or in part", () => {
    const whole = anIndex({ predicate: "(col2 IS NOT NULL)" });
    const [finding] = findColumnShapeFindings(
      [whole],
      [columnsOf(whole, { tableNotNullColumns: ["col2", "id"] })],
    );
    expect(finding?.kind).toBe("unnecessary_predicate");
    expect(finding?.evidence).toMatch(/is the whole predicate and filters nothing/);
    const part = anIndex({ predicate: "((col2 IS NOT NULL) AND (status = 'new'::text))" });
    expect(
      findColumnShapeFindings([part], [columnsOf(part, { tableNotNullColumns: ["col2"] })])[0]?.evidence,
    ).toMatch(/filters nothing in WHERE/);
    // A nullable column: the predicate does filter.
    expect(kindsFor(whole, { tableNotNullColumns: ["id"] })).toEqual([]);
  });

  it("finds duplicated and intersecting foreign keys, keeping the older", () => {
    const first = aForeignKey({ constraintName: "a_fk", columns: [2, 3], referencedColumns: [1, 2] });
    const twin = aForeignKey({ constraintName: "b_fk", columns: [3, 2], referencedColumns: [2, 1] });
    const narrower = aForeignKey({ constraintName: "c_fk", columns: [2], referencedColumns: [1] });
    const elsewhere = aForeignKey({
      constraintName: "d_fk",
      columns: [2],
      referencedColumns: [1],
      referencedTableOid: 999,
    });
    const duplicated = findDuplicatedForeignKeys([first, twin, elsewhere]);
    expect(duplicated.map((f) => f.details?.keep)).toEqual(["a_fk"]);
    expect(duplicated[0]?.key).toContain("b_fk");
    const intersecting = findIntersectingForeignKeys([first, narrower, elsewhere]);
    expect(intersecting).toHaveLength(1);
    expect(intersecting[0]?.details?.other).toBe("a_fk");
  });

  it("finds a foreign-key column of another type than the column it references", () => {
    const mismatch = aForeignKey({
      columnTypeOids: [23],
      columnTypes: ["integer"],
      referencedTypes: ["bigint"],
    });
    const [finding] = findForeignKeyTypeMismatches([mismatch, aForeignKey()]);
    expect(finding?.kind).toBe("fk_type_mismatch");
    expect(finding?.evidence).toMatch(/col2 is integer, it references bigint/);
  });

  it("finds NOT VALID constraints with the VALIDATE that fixes them", () => {
    const [finding] = findNotValidConstraints([
      {
        constraintOid: 1,
        tableOid: 100,
        schema: "public",
        table: "orders",
        name: "orders_total_check",
        kind: "c",
        definition: "CHECK ((total >= 0)) NOT VALID",
        validateSql: "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_total_check",
      },
    ]);
    expect(finding?.kind).toBe("not_valid_constraint");
    expect(finding?.sql?.apply).toBe("ALTER TABLE public.orders VALIDATE CONSTRAINT orders_total_check");
  });

  const aTableShape = (overrides: Partial<TableShape> = {}): TableShape => ({
    tableOid: 100,
    schema: "public",
    table: "orders",
    partitioned: false,
    hasPrimaryKey: true,
    replicaIdentity: "d",
    liveRows: 50_000,
    seqScans: 0,
    seqRowsRead: 0,
    indexScans: 100,
    ...overrides,
  });

  it("finds tables without a primary key, saying whether logical replication can still find rows", () => {
    const found = findTablesWithoutPrimaryKey([
      aTableShape(),
      aTableShape({ table: "logs", hasPrimaryKey: false }),
      aTableShape({ table: "audit", hasPrimaryKey: false, replicaIdentity: "f" }),
    ]);
    expect(found.map((f) => f.table)).toEqual(["logs", "audit"]);
    expect(found[0]?.evidence).toMatch(/UPDATE and DELETE fail/);
    expect(found[1]?.evidence).toMatch(/replica identity is full/);
  });

  it("applies PgHero's rule for tables read mostly by sequential scans", () => {
    const found = findSeqScanHeavyTables([
      aTableShape({ table: "hot", seqScans: 90, indexScans: 10, seqRowsRead: 4_500_000 }),
      aTableShape({ table: "indexed", seqScans: 4, indexScans: 96 }),
      aTableShape({ table: "small", liveRows: 9_999, seqScans: 90, indexScans: 10 }),
      aTableShape({ table: "never_indexed", seqScans: 90, indexScans: 0 }),
    ]);
    expect(found.map((f) => f.table)).toEqual(["hot"]);
    expect(found[0]?.details?.indexPercent).toBe(10);
    expect(found[0]?.evidence).toMatch(/about 50000 rows read per sequential scan/);
  });
});
