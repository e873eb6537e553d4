import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getActionRoute } from "@/app/api/v1/actions/[id]/route";
import { GET as listActionsRoute } from "@/app/api/v1/actions/route";
import { POST as postAction } from "@/app/api/v1/targets/[id]/actions/route";
import { GET as exactBloat } from "@/app/api/v1/targets/[id]/findings/bloat/[oid]/route";
import { settled } from "@/lib/actions/runner";
import type { ActionJson } from "@/lib/actions/types";
import { migrateStore } from "@/lib/store/migrate";
import { ORIGIN, params, sessionCookie } from "@/test/support/routes";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

// Other sessions' query texts and whole-index reads, as anonymous users, viewers and operators get them.
const SECRET = "alice@example.com-4242";

let db: TestDatabase;
let store: TestDatabase;
let operatorCookie = "";
let viewerCookie = "";

async function oidOf(name: string): Promise<number> {
  const result = await db.pool.query("SELECT to_regclass(quote_ident($1))::oid::int8 AS oid", [name]);
  return Number(result.rows[0]?.oid);
}

/** A session of its own on the target, named so that its application name shows. */
async function otherSession(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: db.url, application_name: "billing-job" });
  await client.connect();
  return client;
}

beforeAll(async () => {
  db = await createTestDatabase("disclosure");
  store = await createTestDatabase("disclosure_store");
  await migrateStore(store.pool);
  vi.stubEnv("DATABASE_URL", db.url);
  vi.stubEnv("ACTION_DATABASE_URL", db.url);
  vi.stubEnv("TARGET_ID", "shop");
  vi.stubEnv("STORE_URL", store.url);
  vi.stubEnv("OPERATOR_PASSWORD", "operator-secret-7");
  vi.stubEnv("VIEWER_PASSWORD", "viewer-secret-7");
  vi.stubEnv("SESSION_SECRET", "disclosure-test-secret-that-is-long-enough-7");
  vi.stubEnv("ACTION_LOCK_TIMEOUT_MS", "1000");
  vi.stubEnv("READ_ONLY", "false");
  vi.stubEnv("READ_ANONYMOUS", "true");
  await db.pool.query(`
    CREATE EXTENSION pgstattuple;
    CREATE TABLE t (id int PRIMARY KEY, v text);
    INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 5000) g;
    CREATE INDEX t_v_idx ON t (v);
  `);
  operatorCookie = await sessionCookie("operator", "operator-secret-7");
  viewerCookie = await sessionCookie("viewer", "viewer-secret-7");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await db.drop();
  await store.drop();
});

describe("lock holders' query texts", () => {
  it("go to operators only; others see pid, application name, state and duration", async () => {
    const holder = await otherSession();
    let id = 0;
    try {
      const holderPid = Number((await holder.query("SELECT pg_backend_pid() AS pid")).rows[0]?.pid);
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE t IN ACCESS EXCLUSIVE MODE");
      await holder.query(`SELECT '${SECRET}' AS customer`);
      const started = await postAction(
        new Request(`${ORIGIN}/api/v1/targets/shop/actions`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: ORIGIN, cookie: operatorCookie },
          body: JSON.stringify({ kind: "reindex_index", oid: await oidOf("t_v_idx") }),
        }),
        params({ id: "shop" }),
      );
      expect(started.status).toBe(202);
      ({ id } = (await started.json()) as { id: number });
      await settled(id);

      const detail = async (cookie: string) =>
        (await (
          await getActionRoute(
            new Request(`${ORIGIN}/api/v1/actions/${id}`, { headers: { cookie } }),
            params({ id: String(id) }),
          )
        ).json()) as ActionJson;
      const list = async (cookie: string) =>
        JSON.stringify(
          await (
            await listActionsRoute(new Request(`${ORIGIN}/api/v1/actions`, { headers: { cookie } }))
          ).json(),
        );

      const seenByOperator = await detail(operatorCookie);
      expect(seenByOperator.status).toBe("failed");
      expect(seenByOperator.error).toContain(SECRET);
      expect(await list(operatorCookie)).toContain(SECRET);

      for (const cookie of ["", viewerCookie]) {
        const seen = await detail(cookie);
        expect(seen.error).not.toContain(SECRET);
        expect(seen.error).toMatch(
          new RegExp(
            `held by pid ${holderPid} \\(application "billing-job", state idle in transaction, for \\d+ s\\) running a query \\(its text is shown to operators\\)$`,
          ),
        );
        expect(await list(cookie)).not.toContain(SECRET);
        const csv = await listActionsRoute(
          new Request(`${ORIGIN}/api/v1/actions?format=csv`, { headers: { cookie } }),
        );
        expect(await csv.text()).not.toContain(SECRET);
      }
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }
  });
});

describe("exact bloat (a whole-index read)", () => {
  const measure = (oid: number, cookie: string) =>
    exactBloat(
      new Request(`${ORIGIN}/api/v1/targets/shop/findings/bloat/${oid}`, { headers: { cookie } }),
      params({ id: "shop", oid: String(oid) }),
    );

  it("needs an operator, even with READ_ANONYMOUS", async () => {
    const oid = await oidOf("t_v_idx");
    expect((await measure(oid, "")).status).toBe(401);
    const viewer = await measure(oid, viewerCookie);
    expect(viewer.status).toBe(403);
    expect(((await viewer.json()) as { error: { message: string } }).error.message).toMatch(/operator/);
    const operator = await measure(oid, operatorCookie);
    expect(operator.status).toBe(200);
    expect(((await operator.json()) as { leafPages: number }).leafPages).toBeGreaterThan(0);
  });

  it("runs one at a time per target (409 for a second), and stops at QUERY_TIMEOUT_MS (504)", async () => {
    vi.stubEnv("QUERY_TIMEOUT_MS", "3000");
    const holder = await otherSession();
    try {
      const oid = await oidOf("t_v_idx");
      // A plain REINDEX in an open transaction holds the index's ACCESS EXCLUSIVE lock: pgstatindex waits on it.
      await holder.query("BEGIN");
      await holder.query("REINDEX INDEX t_v_idx");
      const began = Date.now();
      const first = measure(oid, operatorCookie);
      // The first holds the measurement lock as soon as its transaction began.
      await expect
        .poll(
          async () =>
            (
              await db.pool.query(
                "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
              )
            ).rows[0]?.n,
          { timeout: 10_000, interval: 50 },
        )
        .toBe(1);
      const second = await measure(oid, operatorCookie);
      expect(second.status).toBe(409);
      expect(((await second.json()) as { error: { message: string } }).error.message).toMatch(
        /another exact measurement is running/,
      );
      const timedOut = await first;
      expect(timedOut.status).toBe(504);
      expect(((await timedOut.json()) as { error: { message: string } }).error.message).toMatch(
        /longer than 3000 ms \(QUERY_TIMEOUT_MS\)/,
      );
      expect(Date.now() - began).toBeLessThan(10_000);
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
      vi.stubEnv("QUERY_TIMEOUT_MS", "15000");
    }
    // The lock went with the transaction: the next one runs.
    expect((await measure(await oidOf("t_v_idx"), operatorCookie)).status).toBe(200);
  });
});
