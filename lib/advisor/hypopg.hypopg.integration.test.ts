import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  findMissingIndexCandidates,
  MIN_COST_FACTOR,
  missingIndexFindings,
} from "@/lib/analysis/missing-index";
import { suggestedIndexName } from "@/lib/analysis/suggest-index";
import { createHypotheticalIndex, hideIndex, hypopgCanHide, readHypopgInstall } from "@/lib/catalog/hypopg";
import { buildSuggestedIndexSql, listScannedTables } from "@/lib/catalog/suggested-index";
import { planGeneric } from "@/lib/plans/generic-plan";
import { walkPlan } from "@/lib/plans/plan-walk";
import { createTestDatabase, serverMajor, type TestDatabase } from "@/test/support/test-database";
import { checkCandidates } from "./check-candidates";
import { withHypotheticalSession } from "./hypothetical-session";
import { adviseMissingIndexes, type StatementSeqScan } from "./missing-indexes";
import { genericPlanCost } from "./plan-cost";
import { NOT_VERIFIED_NO_EXPLAIN, NOT_VERIFIED_NO_HYPOPG, whatIfDropStatements } from "./what-if-drop";

// Runs in the integration-hypopg-pg15 project: Debian's PostgreSQL 15 with hypopg 1.3.1.
let db: TestDatabase;
let bare: TestDatabase;

const HOSTILE_SCHEMA = `it's "a" schéma`;
const HOSTILE_TABLE = `Ordres ✓ "x"`;
const HOSTILE_COLUMNS = [`status "q"`, "créé le", "user id"];

beforeAll(async () => {
  db = await createTestDatabase("hypopg");
  bare = await createTestDatabase("nohypopg");
  await db.pool.query("CREATE EXTENSION hypopg");
  const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
  await db.pool.query(`
    CREATE TABLE orders (id int8 PRIMARY KEY, user_id int NOT NULL, status text NOT NULL, created timestamptz NOT NULL);
    INSERT INTO orders SELECT g, g % 1000, CASE WHEN g % 100 = 0 THEN 'pending' ELSE 'done' END,
                              now() - make_interval(secs => g)
      FROM generate_series(1, 20000) g;
    ANALYZE orders;
    CREATE SCHEMA ${q(HOSTILE_SCHEMA)};
    CREATE TABLE ${q(HOSTILE_SCHEMA)}.${q(HOSTILE_TABLE)} (${HOSTILE_COLUMNS.map((c) => `${q(c)} int`).join(", ")});
  `);
});

afterAll(async () => {
  await db?.drop();
  await bare?.drop();
});

describe("hypopg on Debian's PostgreSQL 15", () => {
  it("runs on the server this project is for", () => {
    expect(serverMajor()).toBe(15);
  });

  it("finds hypopg and its version where it is installed, and nothing where it is not", async () => {
    const install = await readHypopgInstall(db.pool);
    expect(install).toEqual({ version: "1.3.1", schemaQuoted: "public" });
    expect(hypopgCanHide("1.3.1")).toBe(false);
    expect(hypopgCanHide("1.4.0")).toBe(true);
    expect(await readHypopgInstall(bare.pool)).toBeNull();
  });

  it("makes a hypothetical index the planner uses on its own session only, and forgets it after", async () => {
    const outcome = await withHypotheticalSession(db.url, async (session) => {
      const before = await session.pool.query("EXPLAIN (FORMAT JSON) SELECT * FROM orders WHERE user_id = 7");
      const made = await createHypotheticalIndex(
        session.pool,
        session.hypopg,
        "CREATE INDEX ON public.orders (user_id)",
      );
      const after = await session.pool.query("EXPLAIN (FORMAT JSON) SELECT * FROM orders WHERE user_id = 7");
      // Another connection does not see it.
      const other = await db.pool.query("EXPLAIN (FORMAT JSON) SELECT * FROM orders WHERE user_id = 7");
      // hypopg 1.3.1 cannot hide a real index: the call is refused before it reaches the server.
      await expect(hideIndex(session.pool, session.hypopg, made.oid)).rejects.toThrow(/needs 1.4\+/);
      const read = (r: pg.QueryResult) => JSON.stringify(r.rows[0]);
      return { before: read(before), after: read(after), other: read(other), name: made.name };
    });
    if (!outcome.installed) throw new Error("hypopg should be installed");
    expect(outcome.result.before).toContain("Seq Scan");
    expect(outcome.result.after).toContain(outcome.result.name);
    expect(outcome.result.other).not.toContain(outcome.result.name);
  });

  it("says hypopg is not installed instead of failing", async () => {
    expect(await withHypotheticalSession(bare.url, async () => 1)).toEqual({ installed: false });
  });

  it("writes suggested SQL that creates and drops the index for real, whatever the names", async () => {
    const [table] = await db.pool
      .query<{ oid: number }>(`SELECT c.oid::int8 AS oid FROM pg_class c WHERE c.relname = $1`, [
        HOSTILE_TABLE,
      ])
      .then((r) => r.rows);
    if (!table) throw new Error("fixture table missing");
    const [columns] = await listScannedTables(db.pool, [{ schema: HOSTILE_SCHEMA, table: HOSTILE_TABLE }]);
    expect(columns?.table_oid).toBe(Number(table.oid));
    // The system catalogs are never advised, however they are scanned.
    expect(await listScannedTables(db.pool, [{ schema: "pg_catalog", table: "pg_attribute" }])).toEqual([]);
    expect(columns?.columns).toEqual(HOSTILE_COLUMNS);
    const name = suggestedIndexName(HOSTILE_TABLE, HOSTILE_COLUMNS);
    const sql = await buildSuggestedIndexSql(db.pool, Number(table.oid), name, HOSTILE_COLUMNS);
    if (!sql) throw new Error("no SQL");
    // The hypothetical form parses for hypopg too.
    await withHypotheticalSession(db.url, (session) =>
      createHypotheticalIndex(session.pool, session.hypopg, sql.hypothetical_sql),
    );
    await db.pool.query(sql.create_sql);
    const made = await db.pool.query(
      `SELECT n.nspname AS schema, i.relname AS name, pg_get_indexdef(i.oid) AS def
         FROM pg_class i JOIN pg_namespace n ON n.oid = i.relnamespace WHERE i.relname = $1`,
      [name],
    );
    expect(made.rows).toHaveLength(1);
    expect(made.rows[0].schema).toBe(HOSTILE_SCHEMA);
    await db.pool.query(sql.drop_sql);
    expect((await db.pool.query("SELECT 1 FROM pg_class WHERE relname = $1", [name])).rowCount).toBe(0);
    // A column that is not there: no SQL at all.
    expect(await buildSuggestedIndexSql(db.pool, Number(table.oid), name, ["nope"])).toBeNull();
  });
});

/** The Seq Scans of a statement's generic plan, as the plan cycle would store them. */
async function seqScansOf(
  database: TestDatabase,
  queryid: string,
  query: string,
): Promise<StatementSeqScan[]> {
  const planned = await planGeneric(database.pool, query);
  if (!planned.ok) throw new Error(`could not plan ${query}: ${planned.message}`);
  const walked = walkPlan(planned.plan);
  if (!walked.ok) throw new Error(walked.reason);
  return walked.summary.seqScans.map((s) => ({ ...s, queryid, query }));
}

describe("missing_index suggestions checked with hypopg", () => {
  const selective = "SELECT * FROM orders WHERE user_id = $1 AND created > $2";

  it("verifies an index on a selective filter: cost before above cost after, by 2× or more", async () => {
    const scans = await seqScansOf(db, "11", selective);
    const findings = await adviseMissingIndexes(scans, {
      catalog: db.pool,
      explainUrl: db.url,
      indexes: [],
      tableShapes: [],
    });
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.kind).toBe("missing_index");
    expect(finding?.columns).toEqual(["user_id", "created"]);
    expect(finding?.details?.verified).toBe(true);
    const before = Number(finding?.details?.costBefore);
    const after = Number(finding?.details?.costAfter);
    expect(before).toBeGreaterThanOrEqual(after * MIN_COST_FACTOR);
    expect(finding?.sql?.apply).toBe(
      "CREATE INDEX CONCURRENTLY orders_user_id_created_idx ON public.orders (user_id, created)",
    );
    expect(finding?.sql?.undo).toBe("DROP INDEX CONCURRENTLY public.orders_user_id_created_idx");
    // The suggestion is what the statement needed: built for real, the planner takes it.
    await db.pool.query(finding?.sql?.apply ?? "");
    const plannedAfter = await seqScansOf(db, "11", selective);
    expect(plannedAfter).toEqual([]);
    await db.pool.query(finding?.sql?.undo ?? "");
  });

  it("drops a suggestion the planner would not use (an unselective filter)", async () => {
    const [candidate] = findMissingIndexCandidates(
      [
        {
          queryid: "12",
          query: "SELECT * FROM orders WHERE status <> $1",
          tableOid: 0,
          filter: null,
          sortKeys: ["status"],
          planRows: 20_000,
        },
      ],
      [{ tableOid: 0, schema: "public", table: "orders", rows: 20_000, columns: ["status"] }],
      [],
    );
    if (!candidate) throw new Error("no candidate");
    const oid = Number((await db.pool.query("SELECT 'public.orders'::regclass::oid AS oid")).rows[0].oid);
    const checked = await checkCandidates([{ ...candidate, tableOid: oid }], {
      catalog: db.pool,
      explainUrl: db.url,
      planCost: genericPlanCost,
    });
    expect(checked[0]?.check?.costBefore).toBeGreaterThan(0);
    expect(checked[0]?.check?.costAfter).toBe(checked[0]?.check?.costBefore);
    expect(missingIndexFindings(checked, [])).toEqual([]);
  });

  it("labels a suggestion not verified where hypopg is not installed", async () => {
    await bare.pool.query(`
      CREATE TABLE orders (id int8 PRIMARY KEY, user_id int NOT NULL, created timestamptz NOT NULL);
      INSERT INTO orders SELECT g, g % 1000, now() FROM generate_series(1, 20000) g;
      ANALYZE orders;`);
    const scans = await seqScansOf(bare, "13", "SELECT * FROM orders WHERE user_id = $1");
    const [finding, ...rest] = await adviseMissingIndexes(scans, {
      catalog: bare.pool,
      explainUrl: bare.url,
      indexes: [],
      tableShapes: [],
    });
    expect(rest).toEqual([]);
    expect(finding?.details).toMatchObject({ verified: false, costBefore: null, costAfter: null });
    expect(finding?.evidence).toContain("not verified: hypopg is not installed");
  });
});

describe("what if this index were dropped", () => {
  const statements = [{ queryid: "21", query: "SELECT * FROM orders WHERE id = $1", node: "Index Scan" }];

  it("with hypopg 1.3.1 lists the statements and says it needs hypopg 1.4+, touching nothing", async () => {
    const oid = Number(
      (await db.pool.query("SELECT 'public.orders_pkey'::regclass::oid AS oid")).rows[0].oid,
    );
    const result = await whatIfDropStatements({
      explainUrl: db.url,
      indexOid: oid,
      statements,
      planCost: genericPlanCost,
    });
    expect(result.available).toBe(false);
    expect(result.reason).toContain("not verified: needs hypopg 1.4+ (hypopg_hide_index)");
    expect(result.statements).toEqual([{ ...statements[0], costBefore: null, costAfter: null }]);
    // The real index is still there and still planned.
    const scans = await planGeneric(db.pool, statements[0]?.query ?? "");
    expect(JSON.stringify(scans.ok && scans.plan)).toContain("orders_pkey");
  });

  it("without hypopg, or without an EXPLAIN connection, says not verified", async () => {
    const none = await whatIfDropStatements({
      explainUrl: bare.url,
      indexOid: 1,
      statements,
      planCost: genericPlanCost,
    });
    expect(none).toMatchObject({ available: false, reason: NOT_VERIFIED_NO_HYPOPG });
    const off = await whatIfDropStatements({
      explainUrl: null,
      indexOid: 1,
      statements,
      planCost: genericPlanCost,
    });
    expect(off).toMatchObject({ available: false, reason: NOT_VERIFIED_NO_EXPLAIN });
    expect(off.statements).toHaveLength(1);
  });
});

describe("hostile names through the whole advice", () => {
  it("reads EXPLAIN's quoted filter, verifies the index with hypopg, and its SQL builds it for real", async () => {
    const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
    const table = `${q(HOSTILE_SCHEMA)}.${q(HOSTILE_TABLE)}`;
    const [status, created, user] = HOSTILE_COLUMNS.map(q);
    await db.pool.query(
      `INSERT INTO ${table} SELECT g % 5000, g, g % 7 FROM generate_series(1, 30000) g; ANALYZE ${table}`,
    );
    const query = `SELECT * FROM ${table} WHERE ${status} = $1 AND ${created} > $2 AND ${user} IS NOT NULL`;
    const scans = await seqScansOf(db, "31", query);
    const [finding, ...rest] = await adviseMissingIndexes(scans, {
      catalog: db.pool,
      explainUrl: db.url,
      indexes: [],
      tableShapes: [],
    });
    expect(rest).toEqual([]);
    expect(finding?.columns).toEqual([HOSTILE_COLUMNS[0], HOSTILE_COLUMNS[1]]);
    expect(finding?.details?.verified).toBe(true);
    expect(Number(finding?.details?.costBefore)).toBeGreaterThanOrEqual(
      Number(finding?.details?.costAfter) * MIN_COST_FACTOR,
    );
    await db.pool.query(finding?.sql?.apply ?? "");
    expect(await seqScansOf(db, "31", query)).toEqual([]);
    await db.pool.query(finding?.sql?.undo ?? "");
    expect(await seqScansOf(db, "31", query)).toHaveLength(1);
  });
});
