import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getFindingsRoute } from "@/app/api/v1/targets/[id]/findings/route";
import { forgetFindings } from "@/lib/findings/findings-cache";
import type { FindingsPage } from "@/lib/findings/findings-page";
import { planGeneric } from "@/lib/plans/generic-plan";
import { walkPlan } from "@/lib/plans/plan-walk";
import { migrateStore } from "@/lib/store/migrate";
import { storeDerivedPlan } from "@/lib/store/plan-writer";
import { ORIGIN, params } from "@/test/support/routes";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

// missing_index through the findings API: a statement's generic plan, derived by the real
// planner and stored by the plan writer, read back by the analysis. These servers have no
// hypopg: the suggestion is labelled not verified.

let db: TestDatabase;
let store: TestDatabase;

async function storePlanOf(queryid: string, query: string) {
  const planned = await planGeneric(db.pool, query);
  if (!planned.ok) throw new Error(planned.message);
  const walked = walkPlan(planned.plan);
  if (!walked.ok) throw new Error(walked.reason);
  await storeDerivedPlan(store.pool, "shop", {
    queryid,
    dbid: 1,
    userid: 1,
    query,
    catalogVersion: null,
    meanMs: 1,
    method: planned.method,
    planningMs: planned.elapsedMs,
    summary: walked.summary,
    error: null,
  });
}

async function missingIndexes(): Promise<FindingsPage["page"]["items"]> {
  forgetFindings("shop");
  const response = await getFindingsRoute(
    new Request(`${ORIGIN}/api/v1/targets/shop/findings?kind=missing_index`),
    params({ id: "shop" }),
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as FindingsPage).page.items;
}

beforeAll(async () => {
  db = await createTestDatabase("missing_index");
  store = await createTestDatabase("missing_index_store");
  await migrateStore(store.pool);
  vi.stubEnv("DATABASE_URL", db.url);
  vi.stubEnv("EXPLAIN_DATABASE_URL", db.url);
  vi.stubEnv("TARGET_ID", "shop");
  vi.stubEnv("STORE_URL", store.url);
  vi.stubEnv("SESSION_SECRET", "missing-index-test-secret-that-is-long-enough");
  await db.pool.query(`
    CREATE TABLE orders (id int PRIMARY KEY, email text NOT NULL, status text NOT NULL, created timestamptz NOT NULL);
    INSERT INTO orders SELECT g, 'u' || (g % 4000) || '@example.com', CASE WHEN g % 2 = 0 THEN 'a' ELSE 'b' END,
                              now() - make_interval(mins => g)
      FROM generate_series(1, 20000) g;
    ANALYZE orders;`);
  await store.pool.query("INSERT INTO targets (id) VALUES ('shop')");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await db.drop();
  await store.drop();
});

describe("missing_index findings from the stored plans", () => {
  it("suggests nothing before any plan is stored", async () => {
    expect(await missingIndexes()).toEqual([]);
  });

  it("suggests the index a stored plan's selective filter and sort ask for, not verified without hypopg", async () => {
    await storePlanOf("7", "SELECT * FROM orders WHERE email = $1 ORDER BY created DESC");
    // Half the table: not selective, no suggestion.
    await storePlanOf("8", "SELECT count(*) FROM orders WHERE status = 'a'");
    const [finding, ...rest] = await missingIndexes();
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      kind: "missing_index",
      index: null,
      schema: "public",
      table: "orders",
      columns: ["email", "created"],
      sql: {
        apply: "CREATE INDEX CONCURRENTLY orders_email_created_idx ON public.orders (email, created)",
        undo: "DROP INDEX CONCURRENTLY public.orders_email_created_idx",
      },
      details: { verified: false, costBefore: null, costAfter: null, queryids: "7" },
    });
    expect(finding?.evidence).toContain("not verified: hypopg is not installed in the target database");
  });

  it("stops suggesting it once the index exists", async () => {
    await db.pool.query("CREATE INDEX orders_email_created_idx ON orders (email, created)");
    await storePlanOf("7", "SELECT * FROM orders WHERE email = $1 ORDER BY created DESC");
    expect(await missingIndexes()).toEqual([]);
  });
});
