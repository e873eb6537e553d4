import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "@/lib/db/pool";
import { TargetSampler } from "@/lib/sampler/sampler-loop";
import { type StatementTarget, sampleStatementsOnce } from "@/lib/sampler/statement-sampler";
import { migrateStore } from "@/lib/store/migrate";
import { applyRetention } from "@/lib/store/retention";
import {
  readStatementDailySeries,
  readStatementPage,
  readStatementStats,
  readStatementStatus,
} from "@/lib/store/statement-reads";
import { type PgCluster, type PgMajor, startCluster } from "@/test/support/pg-cluster";
import { createTestDatabase, serverMajor, type TestDatabase } from "@/test/support/test-database";

/*
 * The statement sampler against a real pg_stat_statements: a cluster of its own (the test
 * resets pg_stat_statements, which is server-wide), the store in the project's server. The
 * extension updates its counters when a statement ends: no flush to wait for.
 */
describe("statement history from pg_stat_statements", () => {
  let cluster: PgCluster;
  let store: TestDatabase;
  let targetPool: pg.Pool;
  let target: StatementTarget;
  let queryid: string;
  const today = () => new Date().toISOString().slice(0, 10);
  const poll = async () => {
    const outcome = await sampleStatementsOnce(target, store.pool);
    if (outcome.kind !== "sampled") throw new Error(`not sampled: ${outcome.kind}`);
    return outcome.poll;
  };
  const runLookup = async (times: number) => {
    const client = new pg.Client({ connectionString: cluster.url() });
    await client.connect();
    try {
      for (let i = 0; i < times; i++)
        await client.query('SELECT status FROM orders WHERE id = $1 /* it\'s a "quoted" ünïcode */', [i + 1]);
    } finally {
      await client.end();
    }
  };
  const storedCalls = async () => {
    const r = await store.pool.query(
      `SELECT (SELECT coalesce(sum(calls), 0) FROM statement_usage_daily WHERE identity_id = s.id)::int AS n,
              (SELECT coalesce(min(calls), 0) FROM statement_samples_raw WHERE identity_id = s.id)::int AS min_raw
         FROM statement_identity s
        WHERE s.target_id = 't1' AND s.queryid = $1::int8`,
      [queryid],
    );
    return r.rows[0] as { n: number; min_raw: number };
  };

  beforeAll(async () => {
    cluster = await startCluster({ major: serverMajor() as PgMajor });
    await cluster.query(
      `CREATE EXTENSION pg_stat_statements;
       CREATE TABLE orders (id int PRIMARY KEY, status text NOT NULL);
       INSERT INTO orders SELECT g, 'open' FROM generate_series(1, 100) g`,
    );
    store = await createTestDatabase("statements_store");
    await migrateStore(store.pool);
    targetPool = createPool(cluster.url(), { applicationName: "indexwatch", max: 2 });
    target = { id: "t1", pool: targetPool, settings: { top: 50, fullEveryMs: 60_000 } };
    await runLookup(2);
    const r = await cluster.query<{ queryid: string }>(
      "SELECT queryid::text AS queryid FROM pg_stat_statements WHERE query LIKE 'SELECT status FROM orders WHERE id%'",
    );
    queryid = r.rows[0]?.queryid ?? "";
  });
  afterAll(async () => {
    await targetPool?.end();
    await store?.drop();
    await cluster?.destroy();
  });

  it("takes the first poll as a baseline: identities and texts, no usage", async () => {
    expect(queryid).toMatch(/^-?\d+$/);
    const first = await poll();
    expect(first.full).toBe(true);
    expect(first.events.map((e) => e.kind)).toEqual(["baseline"]);
    expect((await storedCalls()).n).toBe(0);
    const text = await store.pool.query("SELECT query FROM statement_identity WHERE queryid = $1::int8", [
      queryid,
    ]);
    expect(text.rows[0].query).toContain(`/* it's a "quoted" ünïcode */`);
    expect(await readStatementStatus(store.pool, "t1")).toMatchObject({ available: true, reason: null });
  });

  it("stores the calls run between two polls as a delta, queryid as a string", async () => {
    await runLookup(7);
    await poll();
    expect((await storedCalls()).n).toBe(7);
    const stats = await readStatementStats(store.pool, "t1", {
      from: today(),
      to: today(),
      limit: 10,
      sort: "calls",
    });
    const mine = stats.find((s) => s.queryid === queryid);
    expect(mine).toMatchObject({ calls: 7, rows: 7 });
    expect(mine?.meanMs).toBeCloseTo((mine?.totalMs ?? 0) / 7, 6);
    expect(typeof mine?.queryid).toBe("string");
  });

  it("records pg_stat_statements_reset() as a reset, never a negative delta", async () => {
    await cluster.query("SELECT pg_stat_statements_reset()");
    await runLookup(3);
    const after = await poll();
    expect(after.events.map((e) => e.kind)).toContain("reset");
    const calls = await storedCalls();
    expect(calls.n).toBe(10);
    expect(calls.min_raw).toBeGreaterThan(0);
    const events = await store.pool.query(
      "SELECT kind FROM statement_events WHERE target_id = 't1' ORDER BY at",
    );
    expect(events.rows.map((r) => r.kind)).toEqual(["baseline", "reset"]);
  });

  it("takes one entry started over (reset of a single statement) as usage since then", async () => {
    await runLookup(5);
    await poll();
    expect((await storedCalls()).n).toBe(15);
    await cluster.query("SELECT pg_stat_statements_reset(0, 0, $1::int8)", [queryid]);
    await runLookup(2);
    const after = await poll();
    expect(after.events.some((e) => e.kind === "reset" && /started over/.test(e.detail))).toBe(true);
    expect((await storedCalls()).n).toBe(17);
    const negative = await store.pool.query(
      "SELECT count(*)::int AS n FROM statement_samples_raw WHERE calls < 0 OR total_ms < 0 OR rows < 0",
    );
    expect(negative.rows[0].n).toBe(0);
  });

  it("continues from the stored counters after a takeover (fresh memory)", async () => {
    target.memory = undefined;
    await runLookup(4);
    await poll();
    expect((await storedCalls()).n).toBe(21);
    const series = await readStatementDailySeries(store.pool, "t1", [{ queryid, dbid: 0, userid: 0 }], {
      from: today(),
      to: today(),
    });
    expect(series).toEqual([]); // wrong dbid/userid: nothing
    const page = await readStatementPage(store.pool, "t1", {
      from: today(),
      to: today(),
      limit: 5,
      sort: "totalMs",
      q: "ünïcode",
    });
    expect(page.total).toBe(1);
    const key = page.statements[0];
    if (!key) throw new Error("no statement");
    const days = await readStatementDailySeries(store.pool, "t1", [key], { from: today(), to: today() });
    expect(days).toEqual([expect.objectContaining({ day: today(), calls: 21, queryid })]);
  });

  it("says how to enable it where the extension is missing, and the grant for a role that cannot read all", async () => {
    await cluster.query("CREATE DATABASE bare");
    const barePool = createPool(cluster.url("bare"), { applicationName: "indexwatch", max: 1 });
    try {
      const outcome = await sampleStatementsOnce(
        { id: "t2", pool: barePool, settings: target.settings },
        store.pool,
      );
      expect(outcome.kind).toBe("unavailable");
      const status = await readStatementStatus(store.pool, "t2");
      expect(status?.available).toBe(false);
      expect(status?.reason).toMatch(/shared_preload_libraries/);
      expect(status?.reason).toMatch(/CREATE EXTENSION pg_stat_statements/);
    } finally {
      await barePool.end();
    }
    await cluster.query("CREATE ROLE plain LOGIN");
    const url = new URL(cluster.url());
    url.username = "plain";
    const plainPool = createPool(url.toString(), { applicationName: "indexwatch", max: 1 });
    try {
      await sampleStatementsOnce({ id: "t3", pool: plainPool, settings: target.settings }, store.pool);
      const status = await readStatementStatus(store.pool, "t3");
      expect(status?.available).toBe(true);
      expect(status?.reason).toMatch(/GRANT pg_read_all_stats TO "plain"/);
    } finally {
      await plainPool.end();
    }
  });

  it("is sampled by the target's sampler after each poll, when asked to", async () => {
    const sampler = new TargetSampler(
      { id: "t4", pool: targetPool },
      {
        storeUrl: store.url,
        storePool: store.pool,
        intervalMs: 60_000,
        sizeEveryMs: 600_000,
        bufferMax: 10,
        retention: { rawHours: 48, hourlyDays: 90, dailyDays: 730 },
        statements: { top: 20, fullEveryMs: 600_000 },
      },
    );
    try {
      expect(await sampler.tick()).toBe("sampled");
      await runLookup(3);
      expect(await sampler.tick()).toBe("sampled");
    } finally {
      await sampler.stop();
    }
    const page = await readStatementPage(store.pool, "t4", {
      from: today(),
      to: today(),
      limit: 5,
      sort: "calls",
      q: "ünïcode",
    });
    expect(page.statements[0]?.calls).toBe(3);
    expect((await readStatementStatus(store.pool, "t4"))?.available).toBe(true);
  });

  it("is pruned by the retention with the rest of the history", async () => {
    const old = await store.pool.query<{ id: string }>(
      `INSERT INTO statement_identity (target_id, queryid, dbid, userid, query, first_seen, last_seen)
       VALUES ('t1', 42, 1, 1, 'SELECT kept', now() - interval '900 days', now()),
              ('t1', 43, 1, 1, 'SELECT gone', now() - interval '900 days', now() - interval '800 days')
       RETURNING id`,
    );
    const [id, goneId] = old.rows.map((r) => r.id);
    await store.pool.query(
      `INSERT INTO statement_samples_raw VALUES ($1, now() - interval '3 days', 1, 1, 1);
       INSERT INTO statement_usage_hourly VALUES ($1, now() - interval '100 days', 1, 1, 1);
       INSERT INTO statement_usage_daily VALUES ($1, current_date - 800, 1, 1, 1)`.replaceAll(
        "$1",
        String(id),
      ),
    );
    await applyRetention(store.pool, "t1", { rawHours: 48, hourlyDays: 90, dailyDays: 730 });
    const left = await store.pool.query(
      `SELECT (SELECT count(*) FROM statement_identity WHERE id = $1)::int AS identity,
              (SELECT count(*) FROM statement_samples_raw WHERE identity_id = $1)::int AS raw,
              (SELECT count(*) FROM statement_usage_hourly WHERE identity_id = $1)::int AS hourly,
              (SELECT count(*) FROM statement_usage_daily WHERE identity_id = $1)::int AS daily,
              (SELECT count(*) FROM statement_identity WHERE id = $2)::int AS gone`,
      [id, goneId],
    );
    // Rows aged out each by its own span; a statement not seen for the daily span goes whole.
    expect(left.rows[0]).toEqual({ identity: 1, raw: 0, hourly: 0, daily: 0, gone: 0 });
  });
});
