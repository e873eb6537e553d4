import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as cancel } from "@/app/api/v1/actions/[id]/cancel/route";
import { GET as getActionRoute } from "@/app/api/v1/actions/[id]/route";
import { GET as listActionsRoute } from "@/app/api/v1/actions/route";
import { POST as postAction } from "@/app/api/v1/targets/[id]/actions/route";
import { settled } from "@/lib/actions/runner";
import type { ActionJson } from "@/lib/actions/types";
import { migrateStore } from "@/lib/store/migrate";
import { actionsAuditMigration } from "@/lib/store/migrations/0003_actions_audit";
import { actionsTruthMigration } from "@/lib/store/migrations/0009_actions_truth";
import { HOSTILE_INDEX_NAME } from "@/test/fixtures/catalog-fixture";
import { ORIGIN, params, sessionCookie } from "@/test/support/routes";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

// The action routes as Next.js calls them, with real sessions, a real target and a real store.
const HOSTILE = `${HOSTILE_INDEX_NAME} it's "quoted"; DROP TABLE t; --`;

let db: TestDatabase;
let store: TestDatabase;
let operatorCookie = "";
let viewerCookie = "";

function post(body: unknown, headers: Record<string, string | null> = {}) {
  const all: Record<string, string> = {
    "content-type": "application/json",
    origin: ORIGIN,
    cookie: operatorCookie,
  };
  for (const [key, value] of Object.entries(headers)) {
    if (value === null) delete all[key];
    else all[key] = value;
  }
  return postAction(
    new Request(`${ORIGIN}/api/v1/targets/shop/actions`, {
      method: "POST",
      headers: all,
      body: JSON.stringify(body),
    }),
    params({ id: "shop" }),
  );
}

async function oidOf(name: string): Promise<number> {
  const result = await db.pool.query("SELECT to_regclass(quote_ident($1))::oid::int8 AS oid", [name]);
  return Number(result.rows[0]?.oid);
}

beforeAll(async () => {
  db = await createTestDatabase("actions_api");
  store = await createTestDatabase("actions_api_store");
  await migrateStore(store.pool, [actionsAuditMigration, actionsTruthMigration]);
  vi.stubEnv("DATABASE_URL", db.url);
  vi.stubEnv("ACTION_DATABASE_URL", db.url);
  vi.stubEnv("TARGET_ID", "shop");
  vi.stubEnv("STORE_URL", store.url);
  vi.stubEnv("OPERATOR_PASSWORD", "operator-secret-2");
  vi.stubEnv("VIEWER_PASSWORD", "viewer-secret-2");
  vi.stubEnv("SESSION_SECRET", "another-test-secret-that-is-long-enough-42");
  vi.stubEnv("ACTION_LOCK_TIMEOUT_MS", "1500");
  vi.stubEnv("READ_ONLY", "false");
  await db.pool.query(`
    CREATE TABLE t (id int PRIMARY KEY, v text);
    INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 5000) g;
    CREATE INDEX "${HOSTILE.replaceAll('"', '""')}" ON t (v);
  `);
  operatorCookie = await sessionCookie("operator", "operator-secret-2");
  viewerCookie = await sessionCookie("viewer", "viewer-secret-2");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await db.drop();
  await store.drop();
});

describe("POST /api/v1/targets/{id}/actions guards", () => {
  it("answers 401 without a session, 403 for a viewer", async () => {
    const oid = await oidOf(HOSTILE);
    expect((await post({ kind: "reindex_index", oid }, { cookie: null })).status).toBe(401);
    expect(
      (await post({ kind: "reindex_index", oid }, { cookie: "indexwatch_session=forged.value" })).status,
    ).toBe(401);
    const viewer = await post({ kind: "reindex_index", oid }, { cookie: viewerCookie });
    expect(viewer.status).toBe(403);
    expect(((await viewer.json()) as { error: { message: string } }).error.message).toMatch(/viewer/);
  });

  it("answers 403 to a foreign, null or missing Origin and to Sec-Fetch-Site: cross-site", async () => {
    const oid = await oidOf(HOSTILE);
    const cases: Record<string, string | null>[] = [
      { origin: "https://evil.example" },
      { origin: "http://localhost:9999" },
      { origin: "null" },
      { origin: null },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of cases) {
      const response = await post({ kind: "reindex_index", oid }, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
  });

  it("answers 400 with the issues to a malformed OID or kind", async () => {
    for (const body of [
      { kind: "reindex_index", oid: "abc" },
      { kind: "reindex_index", oid: -1 },
      { kind: "reindex_index", oid: 1.5 },
      { kind: "reindex_index", oid: 99_999_999_999 },
      { kind: "reindex_index", oid: "1; DROP TABLE t" },
      { kind: "vacuum_full", oid: 1 },
      {},
    ]) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(
        ((await response.json()) as { error: { issues: unknown[] } }).error.issues.length,
      ).toBeGreaterThan(0);
    }
  });

  it("answers 403 to everything when READ_ONLY=true", async () => {
    vi.stubEnv("READ_ONLY", "true");
    try {
      const response = await post({ kind: "reindex_index", oid: await oidOf(HOSTILE) });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/READ_ONLY/);
      const cancelled = await cancel(
        new Request(`${ORIGIN}/api/v1/actions/1/cancel`, {
          method: "POST",
          headers: { origin: ORIGIN, cookie: operatorCookie },
        }),
        params({ id: "1" }),
      );
      expect(cancelled.status).toBe(403);
    } finally {
      vi.stubEnv("READ_ONLY", "false");
    }
  });
});

describe("an action through the API", () => {
  it("reindexes an index with a hostile name correctly: 202, progress by id, audit log and CSV", async () => {
    const oid = await oidOf(HOSTILE);
    const response = await post({ kind: "reindex_index", oid });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: number };
    await settled(id);

    const one = await getActionRoute(
      new Request(`${ORIGIN}/api/v1/actions/${id}`),
      params({ id: String(id) }),
    );
    expect(one.status).toBe(200);
    expect(one.headers.get("cache-control")).toBe("no-store");
    const action = (await one.json()) as ActionJson;
    expect(action).toMatchObject({
      id,
      kind: "reindex_index",
      status: "succeeded",
      index: HOSTILE,
      error: null,
    });
    for (const key of [
      "phase",
      "blocksDone",
      "blocksTotal",
      "tuplesDone",
      "tuplesTotal",
      "waitingForLock",
      "notices",
    ]) {
      expect(action).toHaveProperty(key);
    }
    expect(action.sql).toBe(`REINDEX INDEX CONCURRENTLY public."${HOSTILE.replaceAll('"', '""')}"`);
    const after = await db.pool.query(
      "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1",
      [HOSTILE],
    );
    expect(after.rows).toEqual([{ indisvalid: true }]);
    expect(await oidOf("t")).toBeGreaterThan(0);

    const list = await listActionsRoute(
      new Request(`${ORIGIN}/api/v1/actions?target=shop&kind=reindex_index`),
    );
    const listed = ((await list.json()) as { actions: ActionJson[] }).actions;
    expect(listed.map((a) => a.id)).toContain(id);
    const byIndex = await listActionsRoute(
      new Request(`${ORIGIN}/api/v1/actions?oid=${action.indexOidAfter}`),
    );
    expect(((await byIndex.json()) as { actions: ActionJson[] }).actions.map((a) => a.id)).toEqual([id]);

    const csv = await listActionsRoute(new Request(`${ORIGIN}/api/v1/actions?target=shop&format=csv`));
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toMatch(/^id,target,requested_at/);
    expect(text).toContain(`"${HOSTILE.replaceAll('"', '""')}"`);
  });

  it("answers 404 for an unknown action or index and 400 for a malformed action id", async () => {
    expect((await getActionRoute(new Request(`${ORIGIN}/x`), params({ id: "999999" }))).status).toBe(404);
    expect((await getActionRoute(new Request(`${ORIGIN}/x`), params({ id: "1;x" }))).status).toBe(400);
    expect((await post({ kind: "reindex_index", oid: 4_000_000_000 })).status).toBe(404);
  });

  it("two concurrent requests on one table give one 202 and one 409 naming the running action", async () => {
    const holder = await db.pool.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE t IN SHARE UPDATE EXCLUSIVE MODE");
      const [a, b] = await Promise.all([
        post({ kind: "reindex_index", oid: await oidOf("t_pkey") }),
        post({ kind: "reindex_table", oid: await oidOf("t") }),
      ]);
      const answers = [a, b].map((r) => r.status).sort();
      expect(answers).toEqual([202, 409]);
      const accepted = (await (a.status === 202 ? a : b).json()) as { id: number };
      const conflict = (await (a.status === 409 ? a : b).json()) as { id: number; error: { code: string } };
      expect(conflict.id).toBe(accepted.id);
      expect(conflict.error.code).toBe("action_running");
      await settled(accepted.id);
    } finally {
      await holder.query("ROLLBACK");
      holder.release();
    }
  });
});
