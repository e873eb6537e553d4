import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeFindings, type FindingsReport } from "@/lib/analysis/analyze-findings";
import type { FindingKind } from "@/lib/analysis/types";
import { getServerInfo } from "@/lib/catalog/server-info";
import { readCatalogFacts } from "@/lib/findings/catalog-facts";
import { liveObservation } from "@/lib/findings/live-observation";
import { createTestDatabase, serverMajor, type TestDatabase } from "@/test/support/test-database";

/**
 * The redundancy and foreign-key cases of issue 14 (sections 2 and 4) as a real server
 * describes them: pg_index's keys, expressions, predicates, INCLUDE lists and indoption
 * bits, read by the same catalog query the app runs, judged by the same rules.
 */
const CASES_SQL = `
CREATE TABLE parents (id bigint PRIMARY KEY);
CREATE TABLE people (
  id bigint PRIMARY KEY, email text, status text, a int, b int, c int, d int,
  invited_by_id bigint REFERENCES parents (id),
  sponsor_id bigint REFERENCES parents (id),
  mentor_id bigint REFERENCES parents (id),
  hashed_id bigint REFERENCES parents (id)
);
-- Partial: a prefix under the same WHERE is redundant; another WHERE is not a twin.
CREATE INDEX p_status_new ON people (a) WHERE status = 'new';
CREATE INDEX p_status_new_ab ON people (a, b) WHERE status = 'new';
CREATE INDEX p_status_old ON people (a) WHERE status = 'old';
-- Expressions compare as keys.
CREATE INDEX p_lower_email ON people (lower(email));
CREATE INDEX p_lower_email_id ON people (lower(email), id);
-- INCLUDE: keys lead, included columns held; INCLUDE order does not count.
CREATE INDEX p_b_inc_c ON people (b) INCLUDE (c);
CREATE INDEX p_b_c ON people (b, c);
CREATE INDEX p_c_inc_ad ON people (c) INCLUDE (a, d);
CREATE INDEX p_c_inc_da ON people (c) INCLUDE (d, a);
-- Direction: a btree scans both ways; NULLS placement counts.
CREATE INDEX p_d_asc ON people (d);
CREATE INDEX p_d_desc ON people (d DESC);
CREATE INDEX p_d_desc_nulls_last ON people (d DESC NULLS LAST);
CREATE INDEX p_ab_mixed ON people (a, b DESC);
CREATE INDEX p_ab_asc ON people (a ASC, b ASC);
-- Foreign keys: IS NOT NULL partial covers; another predicate does not; hash covers one column.
CREATE INDEX p_invited_partial ON people (invited_by_id) WHERE invited_by_id IS NOT NULL;
CREATE INDEX p_sponsor_other ON people (sponsor_id) WHERE status = 'new';
CREATE INDEX p_hashed_hash ON people USING hash (hashed_id);
-- A partition's local twin of its attached copy.
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX events_kind ON events (kind);
CREATE INDEX events_2026_kind_local ON events_2026 (kind);
-- Unique twins: the one a foreign key points through is kept.
CREATE TABLE codes (code text NOT NULL);
CREATE UNIQUE INDEX codes_code_a ON codes (code);
CREATE UNIQUE INDEX codes_code_b ON codes (code);
CREATE TABLE code_users (code text REFERENCES codes (code));
`;

/** PostgreSQL 15 added NULLS NOT DISTINCT. */
const NULLS_NOT_DISTINCT_SQL = `
CREATE TABLE tokens (token text);
CREATE UNIQUE INDEX tokens_plain ON tokens (token);
CREATE UNIQUE INDEX tokens_strict ON tokens (token) NULLS NOT DISTINCT;
`;

let db: TestDatabase;
let report: FindingsReport;

const dropped = (kind: FindingKind) =>
  report.findings
    .filter((f) => f.kind === kind)
    .map((f) => f.index?.name)
    .sort();
const keepOf = (kind: FindingKind, name: string) =>
  report.findings.find((f) => f.kind === kind && f.index?.name === name)?.details?.keep;

beforeAll(async () => {
  db = await createTestDatabase("planner_exact");
  await db.pool.query(CASES_SQL);
  if (serverMajor() >= 15) await db.pool.query(NULLS_NOT_DISTINCT_SQL);
  const facts = await readCatalogFacts(db.pool);
  const info = await getServerInfo(db.pool);
  const live = liveObservation(
    facts.indexes,
    info.postmaster_started_at.toISOString(),
    info.now.toISOString(),
  );
  report = analyzeFindings({
    ...facts,
    observation: { ...live, days: 30 },
    minDays: 7,
    bloatThresholds: { minPercent: 30, minBytes: 1024 * 1024 },
  });
});

afterAll(async () => {
  await db.drop();
});

describe("redundancy judged as the planner judges it, on a real catalog", () => {
  it("finds exactly the planted redundant indexes, each with the index that serves it", () => {
    expect(dropped("redundant")).toEqual(["p_b_inc_c", "p_lower_email", "p_status_new"].sort());
    expect(keepOf("redundant", "p_status_new")).toBe("p_status_new_ab");
    expect(keepOf("redundant", "p_lower_email")).toBe("p_lower_email_id");
    expect(keepOf("redundant", "p_b_inc_c")).toBe("p_b_c");
  });

  it("finds exactly the planted duplicates, keeping the right one of each pair", async () => {
    // The server picks which of the unique twins the foreign key points through: ask it.
    const { rows } = await db.pool.query(
      "SELECT conindid::regclass::text AS name FROM pg_constraint WHERE conrelid = 'code_users'::regclass AND contype = 'f'",
    );
    const through = String(rows[0]?.name);
    const other = through === "codes_code_a" ? "codes_code_b" : "codes_code_a";
    const expected = ["p_c_inc_da", "p_d_desc", "events_2026_kind_local", other];
    if (serverMajor() >= 15) expected.push("tokens_plain");
    expect(dropped("duplicate")).toEqual(expected.sort());
    expect(keepOf("duplicate", "events_2026_kind_local")).toBe("events_2026_kind_idx");
    expect(keepOf("duplicate", other)).toBe(through);
    if (serverMajor() >= 15) expect(keepOf("duplicate", "tokens_plain")).toBe("tokens_strict");
  });

  it("calls no different direction pattern, NULLS placement or predicate a twin", () => {
    const named = report.findings
      .filter((f) => f.kind === "duplicate" || f.kind === "redundant")
      .map((f) => f.index?.name);
    for (const name of ["p_d_desc_nulls_last", "p_ab_mixed", "p_status_old", "p_status_new_ab"])
      expect(named).not.toContain(name);
  });
});

describe("findings that exclude one another, on a real catalog", () => {
  it("pairs a redundant index with the unused finding on its only cover, and the two FK indexes of one key", () => {
    const find = (kind: FindingKind, name: string) =>
      report.findings.find((f) => f.kind === kind && f.index?.name === name);
    const redundant = find("redundant", "p_lower_email");
    const coverUnused = find("unused", "p_lower_email_id");
    expect(coverUnused).toBeDefined();
    expect(redundant?.excludes).toContain(coverUnused?.key);
    expect(coverUnused?.excludes).toContain(redundant?.key);
    // p_status_old shares no stand-in and no key with anything: it stands alone.
    expect(find("unused", "p_status_old")?.excludes).toEqual([]);
  });
});

describe("foreign-key coverage as the planner sees it, on a real catalog", () => {
  it("counts a partial IS NOT NULL index and a single-column hash index, and no other predicate", () => {
    const missing = report.findings
      .filter((f) => f.kind === "missing_fk_index" && f.table === "people")
      .map((f) => f.columns.join(","))
      .sort();
    expect(missing).toEqual(["mentor_id", "sponsor_id"]);
  });
});
