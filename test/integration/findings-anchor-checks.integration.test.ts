import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeFindings, type FindingsReport } from "@/lib/analysis/analyze-findings";
import { splitStatements } from "@/lib/analysis/drop-sql";
import type { Finding, FindingKind } from "@/lib/analysis/types";
import { getServerInfo } from "@/lib/catalog/server-info";
import { readCatalogFacts } from "@/lib/findings/catalog-facts";
import { liveObservation } from "@/lib/findings/live-observation";
import { createTestDatabase, type TestDatabase, waitForStats } from "@/test/support/test-database";

/**
 * One planted case per check of issue 14's section 6, and its look-alike that must stay
 * silent, read by the app's catalog queries from a real server.
 */
const CASES_SQL = `
CREATE TABLE parents (id bigint PRIMARY KEY, code int NOT NULL UNIQUE);
CREATE TABLE items (
  id bigint PRIMARY KEY,
  tags text[],
  archived boolean NOT NULL DEFAULT false,
  kind int NOT NULL,
  rare_note text,
  note text,
  parent_id bigint,
  parent_code bigint,
  small_parent int
);
CREATE INDEX items_tags_btree ON items (tags);
CREATE INDEX items_tags_gin ON items USING gin (tags);
CREATE INDEX items_archived ON items (archived);
CREATE INDEX items_kind ON items (kind);
CREATE INDEX items_kind_id ON items (id, kind);
CREATE INDEX items_rare_note ON items (rare_note);
CREATE INDEX items_note ON items (note);
CREATE INDEX items_kind_where_not_null ON items (id) WHERE kind IS NOT NULL;
CREATE INDEX items_note_where_not_null ON items (id) WHERE note IS NOT NULL;
INSERT INTO parents SELECT g, g FROM generate_series(1, 100) g;
INSERT INTO items (id, tags, archived, kind, rare_note, note, parent_id, parent_code, small_parent)
  SELECT g, ARRAY['t' || g % 5], g % 2 = 0, g % 3, CASE WHEN g % 10 = 0 THEN 'n' || g END, 'note ' || g,
         1 + g % 100, 1 + g % 100, 1 + g % 100
    FROM generate_series(1, 20000) g;
ALTER TABLE items ADD CONSTRAINT items_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id);
ALTER TABLE items ADD CONSTRAINT items_parent_fk_again FOREIGN KEY (parent_id) REFERENCES parents (id);
ALTER TABLE items ADD CONSTRAINT items_small_parent_fk FOREIGN KEY (small_parent) REFERENCES parents (id);
ALTER TABLE items ADD CONSTRAINT items_code_fk FOREIGN KEY (parent_code) REFERENCES parents (code) NOT VALID;
ALTER TABLE items ADD CONSTRAINT items_kind_check CHECK (kind >= 0) NOT VALID;
CREATE TABLE pairs (a bigint, b bigint, PRIMARY KEY (a, b));
CREATE TABLE pair_refs (id bigint PRIMARY KEY, a bigint, b bigint, c bigint,
  FOREIGN KEY (a, b) REFERENCES pairs (a, b), FOREIGN KEY (a, c) REFERENCES pairs (a, b));
CREATE TABLE no_key (v int);
CREATE TABLE no_key_full (v int);
ALTER TABLE no_key_full REPLICA IDENTITY FULL;
CREATE TABLE scanned (id bigint PRIMARY KEY, v int);
INSERT INTO scanned SELECT g, g FROM generate_series(1, 12000) g;
CREATE TABLE indexed_reads (id bigint PRIMARY KEY, v int);
INSERT INTO indexed_reads SELECT g, g FROM generate_series(1, 12000) g;
`;

let db: TestDatabase;
let report: FindingsReport;

async function analyze(disabledKinds?: ReadonlySet<FindingKind>): Promise<FindingsReport> {
  const facts = await readCatalogFacts(db.pool);
  const info = await getServerInfo(db.pool);
  const live = liveObservation(
    facts.indexes,
    info.postmaster_started_at.toISOString(),
    info.now.toISOString(),
  );
  return analyzeFindings({
    ...facts,
    observation: { ...live, days: 30 },
    minDays: 7,
    bloatThresholds: { minPercent: 30, minBytes: 1024 * 1024 },
    ...(disabledKinds ? { disabledKinds } : {}),
  });
}

const subjects = (kind: FindingKind) =>
  report.findings
    .filter((f) => f.kind === kind)
    .map((f) => f.index?.name ?? `${f.table}:${f.details?.constraint ?? f.columns.join(",")}`)
    .sort();
const findingOf = (kind: FindingKind, name: string): Finding => {
  const found = report.findings.find((f) => f.kind === kind && (f.index?.name ?? f.table) === name);
  if (!found) throw new Error(`no ${kind} finding for ${name}`);
  return found;
};

beforeAll(async () => {
  db = await createTestDatabase("anchor_checks");
  await db.pool.query(CASES_SQL);
  // What a failed CREATE UNIQUE INDEX CONCURRENTLY leaves: an invalid unique index over
  // duplicate keys (3 values held twice; NULLs are distinct and do not count).
  await db.pool.query(
    "CREATE TABLE handles (id serial PRIMARY KEY, h text); INSERT INTO handles (h) SELECT 'h' || (g % 7) FROM generate_series(1, 10) g; INSERT INTO handles (h) VALUES (NULL), (NULL)",
  );
  await db.pool.query("CREATE UNIQUE INDEX CONCURRENTLY handles_h_key ON handles (h)").catch(() => undefined);
  await db.pool.query("ANALYZE");
  // Reads: `scanned` only sequentially (and once by key), `indexed_reads` by key.
  const client = await db.pool.connect();
  try {
    await client.query("SET enable_seqscan = off");
    await client.query("SELECT v FROM scanned WHERE id = 1");
    for (let i = 0; i < 20; i++) await client.query("SELECT v FROM indexed_reads WHERE id = $1", [i + 1]);
    await client.query("SET enable_seqscan = on; SET enable_indexscan = off; SET enable_bitmapscan = off");
    for (let i = 0; i < 20; i++) await client.query("SELECT count(*) FROM scanned WHERE v = $1", [i]);
    await waitForStats(
      async () =>
        (await client.query("SELECT seq_scan, idx_scan FROM pg_stat_user_tables WHERE relname = 'scanned'"))
          .rows[0],
      (row) => Number(row?.seq_scan) >= 20 && Number(row?.idx_scan) >= 1,
      client,
    );
  } finally {
    client.release();
  }
  report = await analyze();
});

afterAll(async () => {
  await db.drop();
});

describe("the anchors' index checks on a real catalog (issue 14, section 6)", () => {
  it("flags the btree over an array column and not the GIN one", () => {
    expect(subjects("btree_on_array")).toEqual(["items_tags_btree"]);
  });

  it("flags the mostly NULL leading column (90% NULL) and not the full one", () => {
    expect(subjects("mostly_null_leading")).toEqual(["items_rare_note"]);
    expect(findingOf("mostly_null_leading", "items_rare_note").details?.nullFraction).toBeGreaterThan(0.85);
  });

  it("flags the boolean and the three-valued leading columns, not a selective lead", () => {
    expect(subjects("low_cardinality_leading")).toEqual(["items_archived", "items_kind"]);
  });

  it("flags the WHERE that repeats NOT NULL, not the one on a nullable column", () => {
    expect(subjects("unnecessary_predicate")).toEqual(["items_kind_where_not_null"]);
  });

  it("flags the duplicated, the intersecting and the mistyped foreign keys", () => {
    const duplicated = report.findings.filter((f) => f.kind === "duplicated_foreign_key");
    expect(duplicated.map((f) => f.details?.keep)).toEqual(["items_parent_fk"]);
    expect(subjects("intersecting_foreign_keys")).toEqual(["pair_refs:a,c"]);
    const mismatched = report.findings.filter((f) => f.kind === "fk_type_mismatch");
    expect(mismatched.map((f) => f.columns.join(","))).toEqual(["parent_code", "small_parent"].sort());
    expect(mismatched.find((f) => f.columns[0] === "small_parent")?.evidence).toMatch(
      /small_parent is integer, it references bigint/,
    );
  });

  it("flags the NOT VALID constraints, the tables without a primary key, and the table read by sequential scans", () => {
    expect(subjects("not_valid_constraint")).toEqual(["items:items_code_fk", "items:items_kind_check"]);
    expect(subjects("no_primary_key")).toEqual(["no_key:", "no_key_full:"]);
    expect(findingOf("no_primary_key", "no_key_full").evidence).toMatch(/replica identity is full/);
    expect(subjects("seq_scan_heavy")).toEqual(["scanned:"]);
  });

  it("drops a key that foreign keys point through only with those keys, and the undo brings all back, a NOT VALID key still NOT VALID (section 5)", async () => {
    const throughKeys = report.findings.filter(
      (f) => f.sql && f.reasons.some((r) => r.code === "referenced_by_foreign_key"),
    );
    expect(throughKeys.map((f) => f.index?.name)).toContain("parents_code_key");
    const keys = async () =>
      (
        await db.pool.query(
          "SELECT conname, pg_get_constraintdef(oid) AS def, convalidated FROM pg_constraint WHERE contype IN ('f', 'p', 'u') ORDER BY 1",
        )
      ).rows;
    for (const finding of throughKeys) {
      const before = await keys();
      for (const statement of splitStatements(finding.sql?.apply ?? "")) await db.pool.query(statement);
      const applied = await keys();
      expect(applied.length, finding.sql?.apply).toBeLessThan(before.length);
      for (const statement of splitStatements(finding.sql?.undo ?? "")) await db.pool.query(statement);
      expect(await keys(), finding.sql?.undo).toEqual(before);
    }
  });

  it("runs every statement it offers, and its undo, on the server", async () => {
    for (const finding of report.findings.filter((f) =>
      ["mostly_null_leading", "not_valid_constraint"].includes(f.kind),
    )) {
      const sql = finding.sql;
      expect(sql, finding.key).not.toBeNull();
      for (const statement of splitStatements(sql?.apply ?? "")) await db.pool.query(statement);
      for (const statement of splitStatements(sql?.undo ?? "")) await db.pool.query(statement);
    }
    const after = await analyze();
    // Apply and undo left the index as it was: the same finding, under the same key.
    expect(after.findings.find((f) => f.kind === "mostly_null_leading")?.key).toBe(
      findingOf("mostly_null_leading", "items_rare_note").key,
    );
    expect(after.findings.filter((f) => f.kind === "not_valid_constraint")).toEqual([]);
  });

  it("says whether duplicate keys block the rebuild of an invalid unique index, with the query that lists them (section 7)", async () => {
    const invalid = report.findings.find((f) => f.kind === "invalid" && f.index?.name === "handles_h_key");
    expect(invalid?.details?.duplicateKeys).toBe(3);
    expect(invalid?.reasons.map((r) => r.code)).toContain("duplicate_keys");
    expect(invalid?.evidence).toMatch(/3 duplicated key values: a REINDEX fails until they are resolved/);
    const listed = await db.pool.query(String(invalid?.details?.duplicatesQuery));
    expect(listed.rows.map((r) => r.h).sort()).toEqual(["h1", "h2", "h3"]);
  });

  it("turns a kind off", async () => {
    const quiet = await analyze(new Set(["no_primary_key", "btree_on_array"]));
    expect(quiet.findings.some((f) => f.kind === "no_primary_key" || f.kind === "btree_on_array")).toBe(
      false,
    );
    expect(quiet.findings.some((f) => f.kind === "low_cardinality_leading")).toBe(true);
  });
});
