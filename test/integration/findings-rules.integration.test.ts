import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeFindings, type FindingsReport } from "@/lib/analysis/analyze-findings";
import { splitStatements } from "@/lib/analysis/drop-sql";
import type { Finding, FindingKind } from "@/lib/analysis/types";
import { readPgstatindex } from "@/lib/catalog/findings-pgstattuple";
import { getServerInfo } from "@/lib/catalog/server-info";
import { type CatalogFacts, readCatalogFacts } from "@/lib/findings/catalog-facts";
import { liveObservation } from "@/lib/findings/live-observation";
import {
  FINDINGS_FIXTURE_SQL,
  failConcurrentBuilds,
  QUOTED_INDEX,
  QUOTED_SCHEMA,
  settleFixture,
} from "@/test/fixtures/findings-fixture";
import { createTestDatabase, type TestDatabase, waitForStats } from "@/test/support/test-database";

let db: TestDatabase;

async function analyze(days = 30): Promise<{ facts: CatalogFacts; report: FindingsReport }> {
  const facts = await readCatalogFacts(db.pool);
  const info = await getServerInfo(db.pool);
  const live = liveObservation(
    facts.indexes,
    info.postmaster_started_at.toISOString(),
    info.now.toISOString(),
  );
  const report = analyzeFindings({
    ...facts,
    // The fixture was made seconds ago: pretend the live window is `days` long.
    observation: { ...live, days },
    minDays: 7,
    bloatThresholds: { minPercent: 30, minBytes: 1024 * 1024 },
  });
  return { facts, report };
}

function findingOf(report: FindingsReport, kind: FindingKind, name: string): Finding {
  const found = report.findings.find(
    (f) => f.kind === kind && (f.index?.name ?? f.details?.constraint) === name,
  );
  if (!found) throw new Error(`no ${kind} finding for ${name}`);
  return found;
}

const codesOf = (finding: Finding) => finding.reasons.map((r) => r.code);
const namesOf = (report: FindingsReport, kind: FindingKind) =>
  report.findings.filter((f) => f.kind === kind).map((f) => f.index?.name ?? f.columns.join(","));

beforeAll(async () => {
  db = await createTestDatabase("findings");
  await db.pool.query(FINDINGS_FIXTURE_SQL);
  await failConcurrentBuilds(db.pool);
  await settleFixture(db.pool);
  // One index is really used: it must never be called unused.
  const client = await db.pool.connect();
  try {
    await client.query("SET enable_seqscan = off; SET enable_bitmapscan = off");
    await client.query("SELECT id FROM children WHERE a = 1 AND bc = 2");
    await waitForStats(
      async () =>
        (
          await client.query(
            "SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'children_a_bc_idx'",
          )
        ).rows[0]?.idx_scan,
      (scans) => Number(scans) > 0,
      client,
    );
  } finally {
    client.release();
  }
});

afterAll(async () => {
  await db.drop();
});

describe("unused indexes on a real server", () => {
  it("lists never-scanned indexes with each reason a drop would be unsafe", async () => {
    const { report } = await analyze();
    const unused = (name: string) => findingOf(report, "unused", name);
    expect(unused("children_plain_idx")).toMatchObject({ safeToDrop: true, reasons: [] });
    expect(unused("children_plain_idx").evidence).toMatch(/^no scans in 30 days of observation, since /);
    expect(codesOf(unused("children_email_uidx"))).toEqual(["enforces_uniqueness"]);
    expect(codesOf(unused("children_pkey"))).toEqual(["backs_primary_key"]);
    expect(codesOf(unused("rooms_no_overlap"))).toEqual(["backs_exclusion_constraint"]);
    expect(codesOf(unused("replicated_key_idx"))).toEqual(["enforces_uniqueness", "replica_identity"]);
    expect(codesOf(unused("children_parent_idx"))).toEqual(["supports_foreign_key"]);
    expect(codesOf(unused("children_lower_note_idx"))).toEqual(["expression_index"]);
    expect(codesOf(unused("children_recent_idx"))).toEqual(["partial_index"]);
    expect(codesOf(unused("measurements_at_idx"))).toEqual(["partitioned_index"]);
    expect(codesOf(unused("measurements_2026_at_idx"))).toEqual([
      "belongs_to_partitioned_index",
      "only_index_of_partition",
    ]);
    expect(unused("measurements_2026_at_idx").sql).toBeNull();
    // The parent holds nothing itself: its size is its one partition's (issue 14, section 7).
    expect(unused("measurements_2026_at_idx").sizeBytes).toBeGreaterThan(0);
    expect(unused("measurements_at_idx").sizeBytes).toBe(unused("measurements_2026_at_idx").sizeBytes);
    expect(unused(QUOTED_INDEX)).toMatchObject({ safeToDrop: true, schema: QUOTED_SCHEMA });
    expect(unused(QUOTED_INDEX).sql?.apply).toBe(
      `DROP INDEX CONCURRENTLY "Odd Schema"."it's a ""Quoted"" Index"`,
    );
    expect(unused("children_pkey").sql?.apply).toBe(
      "ALTER TABLE public.children DROP CONSTRAINT children_pkey",
    );
    // Scanned once: not unused. Invalid: its own kind.
    expect(namesOf(report, "unused")).not.toContain("children_a_bc_idx");
    expect(namesOf(report, "unused")).not.toContain("children_broken_idx");
  });

  it("says too early to tell before the minimum window", async () => {
    const { report } = await analyze(2);
    expect(report.window.tooEarly).toBe(true);
    expect(namesOf(report, "unused")).toEqual([]);
    expect(report.tooEarlyCandidates.map((f) => f.index?.name)).toContain("children_plain_idx");
  });
});

describe("overlaps, invalid, missing FK index, bloat, hit ratio", () => {
  it("finds the duplicate, keeps one, and calls the kept one redundant to its longer sibling", async () => {
    const { report } = await analyze();
    const duplicates = report.findings.filter((f) => f.kind === "duplicate");
    expect(duplicates.map((f) => f.index?.name)).toEqual(["children_status_dup_idx"]);
    expect(duplicates[0]?.details?.keep).toBe("children_status_idx");
    expect(duplicates[0]?.evidence).toMatch(/keep children_status_idx because/);
    const redundant = namesOf(report, "redundant");
    expect(redundant).toEqual(expect.arrayContaining(["children_status_idx", "children_status_dup_idx"]));
    expect(findingOf(report, "redundant", "children_status_idx").details?.keep).toBe(
      "children_status_created_idx",
    );
    // (ab) is not a prefix of (a, bc), whatever the names look like; a constraint is never redundant.
    expect(redundant).not.toContain("children_ab_idx");
    expect(redundant).not.toContain("children_a_bc_idx");
    expect(redundant).not.toContain("children_pkey");
  });

  it("tells a failed concurrent build from a leftover of a failed rebuild", async () => {
    const { report } = await analyze();
    expect(findingOf(report, "invalid", "children_broken_idx").evidence).toMatch(
      /CREATE INDEX CONCURRENTLY failed/,
    );
    const leftover = findingOf(report, "invalid", "children_note_idx_ccnew");
    expect(leftover.details?.leftover).toBe("ccnew");
    expect(leftover.safeToDrop).toBe(true);
  });

  it("tells an index being built from a broken one", async () => {
    const holder = await db.pool.connect();
    const builder = await db.pool.connect();
    try {
      // A REPEATABLE READ snapshot keeps the concurrent build waiting, invalid, in plain sight.
      await holder.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
      await holder.query("SELECT count(*) FROM parents");
      const build = builder.query("CREATE INDEX CONCURRENTLY children_building_idx ON children (created_at)");
      const seen = await waitForStats(
        () => analyze(),
        ({ report }) => report.findings.some((f) => f.index?.name === "children_building_idx"),
      );
      const building = findingOf(seen.report, "invalid", "children_building_idx");
      expect(codesOf(building)).toEqual(["build_in_progress"]);
      expect(building.safeToDrop).toBe(false);
      await holder.query("COMMIT");
      await build;
      await builder.query("DROP INDEX children_building_idx");
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      holder.release();
      builder.release();
    }
  });

  it("finds foreign keys with no index, on a plain and on a partitioned table", async () => {
    const { report } = await analyze();
    const missing = report.findings.filter((f) => f.kind === "missing_fk_index");
    expect(missing.map((f) => `${f.table}(${f.columns.join(",")})`).sort()).toEqual([
      "children(other_parent_id)",
      "measurements(parent_id)",
    ]);
    expect(missing.find((f) => f.table === "children")?.sql?.apply).toBe(
      "CREATE INDEX CONCURRENTLY children_other_parent_id_fk_idx ON public.children (other_parent_id)",
    );
    expect(missing.find((f) => f.table === "measurements")?.sql?.apply).toBe(
      "CREATE INDEX measurements_parent_id_fk_idx ON public.measurements (parent_id)",
    );
  });

  it("estimates bloat of the emptied index only, and pgstattuple agrees", async () => {
    const { report } = await analyze();
    expect(namesOf(report, "bloat")).toEqual(["bloated_v_idx"]);
    const bloat = findingOf(report, "bloat", "bloated_v_idx");
    expect(Number(bloat.details?.estimatedFreePercent)).toBeGreaterThan(70);
    expect(bloat.details?.confidence).toBe("high");
    await db.pool.query("CREATE EXTENSION IF NOT EXISTS pgstattuple");
    const exact = await readPgstatindex(db.pool, bloat.index?.oid ?? 0);
    expect(100 - exact.avg_leaf_density).toBeGreaterThan(70);
  });

  it("gives a hit ratio per index and per table", async () => {
    const { report } = await analyze();
    const table = report.hitRatios.tables.find((t) => t.table === "children");
    expect(table?.blocksHit).toBeGreaterThan(0);
    expect(table?.ratio).toBeGreaterThan(0);
    expect(report.hitRatios.indexes.some((i) => i.name === "children_a_bc_idx" && (i.ratio ?? 0) > 0)).toBe(
      true,
    );
  });
});

async function definitions(client: pg.ClientBase) {
  const { rows } = await client.query<{ key: string; def: string; replident: boolean }>(
    `SELECT n.nspname || '.' || c.relname AS key, pg_get_indexdef(c.oid) AS def, i.indisreplident AS replident
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`,
  );
  return new Map(rows.map((r) => [r.key, r]));
}

async function foreignKeyDefinitions(client: pg.ClientBase) {
  const { rows } = await client.query<{ name: string; def: string; validated: boolean }>(
    `SELECT conrelid::regclass::text || '.' || conname AS name, pg_get_constraintdef(oid) AS def, convalidated AS validated
       FROM pg_constraint WHERE contype = 'f' ORDER BY 1`,
  );
  return rows;
}

async function runAll(client: pg.ClientBase, sql: string) {
  for (const statement of splitStatements(sql)) await client.query(statement);
}

describe("every generated statement, executed", () => {
  it("applies and undoes each finding, and the undo brings back the same definition and foreign keys", async () => {
    const { report } = await analyze();
    const client = await db.pool.connect();
    let checked = 0;
    try {
      for (const finding of report.findings) {
        if (!finding.sql) continue;
        const before = await definitions(client);
        const keysBefore = await foreignKeyDefinitions(client);
        const key = finding.index ? `${finding.index.schema}.${finding.index.name}` : null;
        await runAll(client, finding.sql.apply);
        const applied = await definitions(client);
        if (finding.kind === "missing_fk_index") {
          // On a partitioned table the new index comes with one per partition.
          expect(applied.size, finding.sql.apply).toBeGreaterThan(before.size);
        } else if (finding.kind !== "bloat" && key) {
          expect(applied.has(key), finding.sql.apply).toBe(false);
        }
        await runAll(client, finding.sql.undo);
        const undone = await definitions(client);
        expect(undone.size, finding.sql.undo).toBe(before.size);
        if (key) {
          expect(undone.get(key)?.def, finding.sql.undo).toBe(before.get(key)?.def);
          expect(undone.get(key)?.replident).toBe(before.get(key)?.replident);
        }
        expect(await foreignKeyDefinitions(client), finding.sql.undo).toEqual(keysBefore);
        checked++;
      }
    } finally {
      client.release();
    }
    expect(checked).toBeGreaterThan(15);
  });
});
