import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getHistory } from "@/app/api/v1/targets/[id]/statements/[queryid]/history/route";
import { GET as getStatements } from "@/app/api/v1/targets/[id]/statements/route";
import { createPool } from "@/lib/db/pool";
import { PLANS_OFF_REASON } from "@/lib/plans/explain-connection";
import { type StatementTarget, sampleStatementsOnce } from "@/lib/sampler/statement-sampler";
import { NOT_READ_YET, type StatementsView } from "@/lib/statements/statements-view";
import { type ApiWorld, startApiWorld } from "@/test/support/api-world";

/*
 * The statements routes over a real store and target: what a viewer gets before the sampler
 * looked, without the extension, and with it; and the 400s of bounded input.
 */
describe("GET /api/v1/targets/{id}/statements and …/history", () => {
  let world: ApiWorld;
  let target: StatementTarget;
  const list = async (search = "") => {
    const response = await getStatements(
      new Request(`http://localhost/api/v1/targets/shop/statements${search}`),
      {
        params: Promise.resolve({ id: "shop" }),
      },
    );
    return { status: response.status, body: (await response.json()) as StatementsView & { error?: unknown } };
  };
  const history = async (queryid: string, search: string) => {
    const response = await getHistory(
      new Request(`http://localhost/api/v1/targets/shop/statements/${queryid}/history${search}`),
      { params: Promise.resolve({ id: "shop", queryid }) },
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    world = await startApiWorld("statements_api");
    target = {
      id: "shop",
      pool: createPool(world.target.url, { applicationName: "indexwatch-test", max: 1 }),
      settings: { top: 50, fullEveryMs: 600_000 },
    };
  });
  afterAll(async () => {
    await target?.pool.end();
    await world?.close();
  });

  it("answers 200 with available false before the sampler has looked", async () => {
    const { status, body } = await list();
    expect(status).toBe(200);
    expect(body).toMatchObject({ available: false, reason: NOT_READ_YET, total: 0, statements: [] });
    // No EXPLAIN_DATABASE_URL in this world: the page says plans are off and how to turn them on.
    expect(body.plans).toEqual({ available: false, reason: PLANS_OFF_REASON });
  });

  it("says how to enable pg_stat_statements where the database lacks it, not an error", async () => {
    expect((await sampleStatementsOnce(target, world.store.pool)).kind).toBe("unavailable");
    const { status, body } = await list();
    expect(status).toBe(200);
    expect(body.available).toBe(false);
    expect(body.reason).toContain("CREATE EXTENSION pg_stat_statements");
    expect(body.reason).toContain("shared_preload_libraries");
  });

  it("lists the statements that ran between polls, queryid as a string, and one's days", async () => {
    await world.target.pool.query("CREATE EXTENSION pg_stat_statements");
    await sampleStatementsOnce(target, world.store.pool); // the baseline
    for (let i = 0; i < 6; i++)
      await world.target.pool.query("SELECT note FROM orders WHERE id = $1", [i + 1]);
    await sampleStatementsOnce(target, world.store.pool);
    const { status, body } = await list("?q=FROM%20orders%20WHERE%20id&sort=calls");
    expect(status).toBe(200);
    expect(body.available).toBe(true);
    const row = body.statements[0];
    expect(body.total).toBe(1);
    expect(row).toMatchObject({ calls: 6, rows: 6, indexes: [], seqScans: [] });
    expect(row?.queryid).toMatch(/^-?\d+$/);
    expect(typeof row?.queryid).toBe("string");
    if (!row) throw new Error("no row");
    const days = await history(row.queryid, `?dbid=${row.dbid}&userid=${row.userid}`);
    expect(days.status).toBe(200);
    const series = days.body.series as { day: string; calls: number }[];
    expect(series).toHaveLength(7);
    expect(series.reduce((sum, d) => sum + d.calls, 0)).toBe(6);
  });

  it("refuses unbounded or malformed input with a 400 and a message", async () => {
    for (const search of [
      "?limit=1001",
      "?limit=0",
      "?from=2026-03-02&to=2026-03-01",
      "?from=2020-01-01&to=2026-01-01",
      "?sort=query",
      `?q=${"x".repeat(201)}`,
    ]) {
      const { status, body } = await list(search);
      expect(status, search).toBe(400);
      expect(JSON.stringify(body.error)).toMatch(/invalid/);
    }
    expect((await history("9223372036854775808", "?dbid=1&userid=1")).status).toBe(400);
    expect((await history("12x", "?dbid=1&userid=1")).status).toBe(400);
    expect((await history("1", "")).status).toBe(400);
    expect((await history("-9223372036854775808", "?dbid=1&userid=1")).status).toBe(200);
  });
});
