import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "@/lib/db/pool";
import { type StatementTarget, sampleStatementsOnce } from "@/lib/sampler/statement-sampler";
import { migrateStore } from "@/lib/store/migrate";
import {
  readPlanCycle,
  readPlanLinksFor,
  readPlannedSeqScans,
  readPlannedStatementsByIndex,
  readStatementsPlanningIndex,
} from "@/lib/store/plan-reads";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { PLANS_OFF_REASON } from "./explain-connection";
import { getIndexStatements } from "./index-statements";
import { type PlanBudget, runPlanCycle } from "./plan-cycle";
import { getPlannedIndexNotes } from "./planned-index-notes";
import { PLANS_FIXTURE_SQL } from "./plans-fixture";

/*
 * The plan cycle end to end on a real server with pg_stat_statements: a workload runs, the
 * statement sampler (issue 15 §1) stores it, the cycle plans the busiest statements on the
 * EXPLAIN connection within its budget and stores statement → index links and seq scans.
 * pg_stat_statements is server-wide; everything here is filtered to this test's database.
 */
describe("the plan cycle", () => {
  let target: TestDatabase;
  let store: TestDatabase;
  let monitoring: pg.Pool;
  let explain: pg.Pool;
  let statements: StatementTarget;
  const roomy: PlanBudget = { maxPlans: 20, maxMs: 20_000, candidates: 50 };

  const WORKLOAD: [string, unknown[]][] = [
    [
      "SELECT id, amount FROM invitations_order WHERE user_id = $1 AND status = $2 ORDER BY created_at DESC",
      [7, "PAID"],
    ],
    ["SELECT count(*) FROM activity_log WHERE user_id = $1", [11]],
    ["SELECT id FROM invitations_order WHERE amount > $1 ORDER BY amount LIMIT 5", [400]],
    [
      `WITH mine AS MATERIALIZED (SELECT id, amount FROM invitations_order WHERE user_id = $1 AND status = $2)
       SELECT sum(amount) FROM mine /* it's "hostile" ü */`,
      [9, "PAID"],
    ],
  ];

  const runWorkload = async (times: number) => {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      for (let i = 0; i < times; i++) for (const [sql, values] of WORKLOAD) await client.query(sql, values);
      await client.query("SET work_mem = '8MB'");
      // Longer than the history keeps: stored cut, so not planned.
      await client.query(
        `SELECT id FROM invitations_order WHERE user_id = $1 /* ${"long ".repeat(1_000)} */`,
        [1],
      );
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    target = await createTestDatabase("plancycle");
    await target.pool.query(PLANS_FIXTURE_SQL);
    await target.pool.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    store = await createTestDatabase("plancycle_store");
    await migrateStore(store.pool);
    await store.pool.query("INSERT INTO targets (id) VALUES ('t1')");
    monitoring = createPool(target.url, { applicationName: "indexwatch", max: 2 });
    explain = createPool(target.url, { applicationName: "indexwatch-plans", max: 1 });
    statements = { id: "t1", pool: monitoring, settings: { top: 50, fullEveryMs: 60_000 } };
    await sampleStatementsOnce(statements, store.pool); // the baseline
    await runWorkload(3);
    await sampleStatementsOnce(statements, store.pool);
  });

  afterAll(async () => {
    await monitoring?.end();
    await explain?.end();
    await store?.drop();
    await target?.drop();
  });

  it("says plans are off, and why, without an EXPLAIN connection", async () => {
    const report = await runPlanCycle({
      targetId: "t1",
      explain: { available: false, reason: PLANS_OFF_REASON },
      store: store.pool,
      catalogVersion: "v1",
      budget: roomy,
    });
    expect(report).toMatchObject({ available: false, planned: 0 });
    expect(await readPlanCycle(store.pool, "t1")).toMatchObject({
      available: false,
      reason: PLANS_OFF_REASON,
    });
    const today = new Date().toISOString().slice(0, 10);
    const index = { schema: "public", table: "invitations_order", name: "orders_user_status_idx" };
    expect(await getIndexStatements(store.pool, "t1", index, { from: today, to: today })).toEqual({
      available: false,
      reason: PLANS_OFF_REASON,
      from: today,
      to: today,
      statements: [],
    });
    expect(await getPlannedIndexNotes(store.pool, "t1", { from: today, to: today })).toMatchObject({
      available: false,
      reason: PLANS_OFF_REASON,
    });
  });

  it("links the workload's statements to the indexes their generic plans use, through CTEs and partitions", async () => {
    const report = await runPlanCycle({
      targetId: "t1",
      explain: { available: true, pool: explain },
      store: store.pool,
      catalogVersion: "v1",
      budget: roomy,
    });
    expect(report.available).toBe(true);
    expect(report.planned).toBeGreaterThanOrEqual(WORKLOAD.length);
    expect(report.failed).toBe(0);
    expect(report.refused).toBeGreaterThanOrEqual(2); // SET work_mem and the cut text: never sent
    const cut = await store.pool.query("SELECT error FROM statement_plans WHERE query LIKE '%long long%'");
    expect(cut.rows).toEqual([{ error: "not planned: the stored text was cut at 4000 characters" }]);
    expect(report.planningMs).toBeGreaterThan(0);

    const byStatus = await readStatementsPlanningIndex(store.pool, "t1", {
      schema: "public",
      table: "invitations_order",
      name: "orders_user_status_idx",
    });
    const texts = byStatus.map((s) => s.query);
    expect(
      texts.some((t) => t.startsWith("SELECT id, amount FROM invitations_order WHERE user_id = $1")),
    ).toBe(true);
    expect(texts.some((t) => t.includes(`/* it's "hostile" ü */`))).toBe(true);
    expect(byStatus.every((s) => s.nodes.length > 0 && /^-?\d+$/.test(s.queryid))).toBe(true);

    const partitions = (await readPlannedStatementsByIndex(store.pool, "t1"))
      .filter((i) => i.table.startsWith("activity_log_"))
      .map((i) => i.table)
      .sort();
    expect(partitions).toEqual(["activity_log_new", "activity_log_old"]);

    const scans = await readPlannedSeqScans(store.pool, "t1");
    const amount = scans.find((s) => s.table === "invitations_order" && s.filter?.includes("amount"));
    expect(amount?.schema).toBe("public");
    expect(amount?.estRows).toBeGreaterThan(1000);
  });

  it("answers an index's statements with their calls from the statement history, and each statement's links", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const view = await getIndexStatements(
      store.pool,
      "t1",
      { schema: "public", table: "invitations_order", name: "orders_user_status_idx" },
      { from: today, to: today },
    );
    expect(view).toMatchObject({ available: true, reason: null });
    const lookup = view.statements.find((s) =>
      s.query.startsWith("SELECT id, amount FROM invitations_order"),
    );
    expect(lookup).toMatchObject({ calls: 3, callsPerDay: 3, rows: expect.any(Number) });
    expect(lookup?.node).toMatch(/^(Index Scan|Bitmap Index Scan|Index Only Scan)/);
    expect(lookup?.meanMs).toBeCloseTo((lookup?.totalMs ?? 0) / 3, 6);

    const planned = await store.pool.query(
      "SELECT queryid::text AS queryid, dbid::float8 AS dbid, userid::float8 AS userid FROM statement_plans WHERE error IS NULL",
    );
    const links = await readPlanLinksFor(store.pool, "t1", planned.rows);
    const amountScan = [...links.values()].find((l) =>
      l.seqScans.some((s) => s.table === "invitations_order"),
    );
    expect(amountScan?.seqScans).toEqual([{ schema: "public", table: "invitations_order" }]);
    expect([...links.values()].some((l) => l.indexes.some((i) => i.name === "orders_user_status_idx"))).toBe(
      true,
    );
  });

  it("notes per index how many planning statements ran in a window (the Unused page)", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const key = { schema: "public", table: "invitations_order", name: "orders_user_status_idx" };
    const find = (notes: Awaited<ReturnType<typeof getPlannedIndexNotes>>) =>
      notes.indexes.find((i) => i.schema === key.schema && i.table === key.table && i.name === key.name);
    const now = find(await getPlannedIndexNotes(store.pool, "t1", { from: today, to: today }));
    expect(now?.statements).toBeGreaterThanOrEqual(2);
    expect(now?.ranInRange).toBe(now?.statements);
    const before = await getPlannedIndexNotes(store.pool, "t1", { from: "2020-01-01", to: "2020-01-07" });
    expect(before.available).toBe(true);
    expect(find(before)).toMatchObject({ statements: now?.statements, ranInRange: 0 });
  });

  it("plans nothing again while the catalog and the mean times stay, and re-derives within its budget when the catalog changes", async () => {
    const same = await runPlanCycle({
      targetId: "t1",
      explain: { available: true, pool: explain },
      store: store.pool,
      catalogVersion: "v1",
      budget: roomy,
    });
    expect(same).toMatchObject({ planned: 0, failed: 0, pending: 0 });

    await target.pool.query("CREATE INDEX orders_amount_idx ON invitations_order (amount)");
    const changed = await runPlanCycle({
      targetId: "t1",
      explain: { available: true, pool: explain },
      store: store.pool,
      catalogVersion: "v2",
      budget: { ...roomy, maxPlans: 1 },
    });
    expect(changed.planned).toBe(1);
    expect(changed.pending).toBeGreaterThanOrEqual(WORKLOAD.length - 1);
    expect(changed.reasons).toEqual({ catalog_changed: 1 });
    // The rest, next interval(s):
    for (let i = 0; i < 5; i++) {
      await runPlanCycle({
        targetId: "t1",
        explain: { available: true, pool: explain },
        store: store.pool,
        catalogVersion: "v2",
        budget: roomy,
      });
    }
    const withAmount = await readStatementsPlanningIndex(store.pool, "t1", {
      schema: "public",
      table: "invitations_order",
      name: "orders_amount_idx",
    });
    expect(withAmount.map((s) => s.query).join("\n")).toContain("amount > $1");
    const cycle = await readPlanCycle(store.pool, "t1");
    expect(cycle).toMatchObject({ available: true, pending: 0 });
  });

  it("stops at the time budget: no plan starts once it is spent", async () => {
    const report = await runPlanCycle({
      targetId: "t1",
      explain: { available: true, pool: explain },
      store: store.pool,
      catalogVersion: "v3",
      budget: { maxPlans: 100, maxMs: 0.001, candidates: 50 },
    });
    expect(report.planned + report.failed).toBe(1);
    expect(report.pending).toBeGreaterThanOrEqual(WORKLOAD.length - 1);
  });

  it("forgets the plan of a statement the statement history no longer holds", async () => {
    const before = await store.pool.query(
      "SELECT count(*)::int AS n FROM statement_plans WHERE target_id = 't1'",
    );
    const gone = await store.pool.query(
      `DELETE FROM statement_identity WHERE id = (
         SELECT s.id FROM statement_identity s JOIN statement_plans p USING (target_id, queryid, dbid, userid)
          WHERE s.target_id = 't1' AND p.error IS NULL LIMIT 1)`,
    );
    expect(gone.rowCount).toBe(1);
    await runPlanCycle({
      targetId: "t1",
      explain: { available: true, pool: explain },
      store: store.pool,
      catalogVersion: "v3",
      budget: { ...roomy, maxPlans: 0 },
    });
    const after = await store.pool.query(
      "SELECT count(*)::int AS n FROM statement_plans WHERE target_id = 't1'",
    );
    expect(after.rows[0].n).toBe(before.rows[0].n - 1);
  });
});
