import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as whatIfRoute } from "@/app/api/v1/targets/[id]/indexes/[oid]/what-if-drop/route";
import { NOT_VERIFIED_NO_HYPOPG, type WhatIfDropResult } from "@/lib/advisor/what-if-drop";
import { planGeneric } from "@/lib/plans/generic-plan";
import { walkPlan } from "@/lib/plans/plan-walk";
import { migrateStore } from "@/lib/store/migrate";
import { storeDerivedPlan } from "@/lib/store/plan-writer";
import { ORIGIN, params } from "@/test/support/routes";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

// POST …/indexes/{oid}/what-if-drop as Next.js calls it: a real target and store, a plan
// derived by the real planner and stored by the plan writer. No hypopg on these servers (npm
// binaries): the answer lists the statements and says nothing was verified.

let db: TestDatabase;
let store: TestDatabase;
let indexOid = 0;
const QUERY = "SELECT * FROM t WHERE a = $1";

function whatIf(oid: string, origin = ORIGIN): Promise<Response> {
  return whatIfRoute(
    new Request(`${ORIGIN}/api/v1/targets/shop/indexes/${oid}/what-if-drop`, {
      method: "POST",
      headers: { origin },
    }),
    params({ id: "shop", oid }),
  );
}

beforeAll(async () => {
  db = await createTestDatabase("what_if");
  store = await createTestDatabase("what_if_store");
  await migrateStore(store.pool);
  vi.stubEnv("DATABASE_URL", db.url);
  vi.stubEnv("EXPLAIN_DATABASE_URL", db.url);
  vi.stubEnv("TARGET_ID", "shop");
  vi.stubEnv("STORE_URL", store.url);
  vi.stubEnv("SESSION_SECRET", "what-if-test-secret-that-is-long-enough-42");
  await db.pool.query(`
    CREATE TABLE t (id int PRIMARY KEY, a int NOT NULL);
    CREATE INDEX t_a_idx ON t (a);
    INSERT INTO t SELECT g, g % 5000 FROM generate_series(1, 20000) g;
    ANALYZE t;`);
  indexOid = Number((await db.pool.query("SELECT 't_a_idx'::regclass::oid AS oid")).rows[0].oid);
  const planned = await planGeneric(db.pool, QUERY);
  if (!planned.ok) throw new Error(planned.message);
  const walked = walkPlan(planned.plan);
  if (!walked.ok) throw new Error(walked.reason);
  expect(walked.summary.indexes.map((i) => i.indexName)).toContain("t_a_idx");
  await store.pool.query("INSERT INTO targets (id) VALUES ('shop')");
  await storeDerivedPlan(store.pool, "shop", {
    queryid: "-42",
    dbid: 1,
    userid: 1,
    query: QUERY,
    catalogVersion: null,
    meanMs: 1,
    method: planned.method,
    planningMs: planned.elapsedMs,
    summary: walked.summary,
    error: null,
  });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await db.drop();
  await store.drop();
});

describe("POST /api/v1/targets/{id}/indexes/{oid}/what-if-drop", () => {
  it("refuses another origin, a bad OID and an unknown index before doing any work", async () => {
    expect((await whatIf(String(indexOid), "http://evil.example")).status).toBe(403);
    expect((await whatIf("abc")).status).toBe(400);
    expect((await whatIf("4000000000")).status).toBe(404);
  });

  it("lists the statements whose plans use the index and says nothing was verified without hypopg", async () => {
    const response = await whatIf(String(indexOid));
    expect(response.status).toBe(200);
    const body = (await response.json()) as WhatIfDropResult;
    expect(body.available).toBe(false);
    expect(body.reason).toBe(NOT_VERIFIED_NO_HYPOPG);
    expect(body.statements).toHaveLength(1);
    expect(body.statements[0]).toMatchObject({
      queryid: "-42",
      query: QUERY,
      costBefore: null,
      costAfter: null,
    });
    expect(body.statements[0]?.node).toMatch(/Index Scan/);
  });

  it("asks again within 5 s: 429 with Retry-After", async () => {
    const response = await whatIf(String(indexOid));
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
