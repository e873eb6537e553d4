import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getPreview } from "@/app/api/v1/targets/[id]/actions/preview/route";
import { cancelAction } from "@/lib/actions/cancel";
import { ActionRefusedError } from "@/lib/actions/errors";
import type { ActionPreview } from "@/lib/actions/preview";
import { getAction, listActions, listLeftovers } from "@/lib/actions/read";
import { requestAction, settled, startAction } from "@/lib/actions/runner";
import type { ActionJson } from "@/lib/actions/types";
import type { SessionUser } from "@/lib/auth/roles";
import { getFindings } from "@/lib/findings/get-findings";
import { migrateStore } from "@/lib/store/migrate";
import { params, request } from "@/test/support/routes";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

// A cancelled REINDEX TABLE CONCURRENTLY leaves one invalid _ccnew per index, the TOAST
// table's included; one cleanup_table action must remove them all.
const operator: SessionUser = { username: "operator", role: "operator" };
let db: TestDatabase;
let store: TestDatabase;

async function tableOid(): Promise<number> {
  const result = await db.pool.query("SELECT 'docs'::regclass::oid::int8 AS oid");
  return Number(result.rows[0]?.oid);
}

/** Every index of the table and of its TOAST table, with validity. */
async function indexesOfDocs(): Promise<{ name: string; valid: boolean }[]> {
  const result = await db.pool.query(
    `SELECT c.relname AS name, i.indisvalid AS valid
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid IN ('docs'::regclass, (SELECT reltoastrelid FROM pg_class WHERE oid = 'docs'::regclass))
      ORDER BY 1`,
  );
  return result.rows as { name: string; valid: boolean }[];
}

async function until(
  read: () => Promise<ActionJson>,
  ready: (a: ActionJson) => boolean,
): Promise<ActionJson> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const action = await read();
    if (ready(action)) return action;
    if (Date.now() > deadline) throw new Error(`action never got there: ${JSON.stringify(action)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  db = await createTestDatabase("cleanup_table");
  store = await createTestDatabase("cleanup_table_store");
  await migrateStore(store.pool);
  vi.stubEnv("DATABASE_URL", db.url);
  vi.stubEnv("ACTION_DATABASE_URL", db.url);
  vi.stubEnv("TARGET_ID", "shop");
  vi.stubEnv("STORE_URL", store.url);
  vi.stubEnv("ACTION_LOCK_TIMEOUT_MS", "60000");
  await db.pool.query(`
    CREATE TABLE docs (id int PRIMARY KEY, tag int NOT NULL, body text);
    INSERT INTO docs SELECT g, g % 100, repeat('x', 10) FROM generate_series(1, 20000) g;
    CREATE INDEX docs_tag_idx ON docs (tag);
  `);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await db.drop();
  await store.drop();
});

describe("cleanup_table", () => {
  it("removes every leftover of a cancelled REINDEX TABLE, the TOAST table's included, in one action", async () => {
    const writer = new pg.Client({ connectionString: db.url, application_name: "test-writer" });
    await writer.connect();
    let id = 0;
    try {
      // An open writing transaction: the rebuild creates its _ccnew indexes, then waits for it.
      await writer.query("BEGIN");
      await writer.query("INSERT INTO docs VALUES (100001, 1, 'y')");
      ({ id } = await startAction({
        targetId: "shop",
        kind: "reindex_table",
        oid: await tableOid(),
        user: operator,
      }));
      await until(
        () => getAction(id),
        (a) => a.waitingForLock && /waiting for writers/.test(a.phase ?? ""),
      );
      expect(await cancelAction(id, "operator")).toEqual({ status: "cancelling" });
      await settled(id);
    } finally {
      await writer.query("ROLLBACK");
      await writer.end();
    }
    expect((await getAction(id)).status).toBe("cancelled");
    const invalid = (await indexesOfDocs()).filter((i) => !i.valid).map((i) => i.name);
    expect(invalid).toHaveLength(3);
    expect(invalid).toEqual(expect.arrayContaining(["docs_pkey_ccnew", "docs_tag_idx_ccnew"]));
    expect(invalid.some((name) => /^pg_toast_\d+_index_ccnew$/.test(name))).toBe(true);

    // The table's leftovers, TOAST's listed under the table and marked as such.
    const leftovers = await listLeftovers("shop", await tableOid());
    expect(leftovers.map((l) => [l.name, l.table, l.toast]).sort()).toEqual(
      [
        ["docs_pkey_ccnew", "docs", false],
        ["docs_tag_idx_ccnew", "docs", false],
        [invalid.find((n) => n.startsWith("pg_toast_")), "docs", true],
      ].sort(),
    );

    // Findings list every one of them as invalid leftovers, the TOAST table's included.
    const invalidFindings = (await getFindings("shop")).findings.filter((f) => f.kind === "invalid");
    expect(invalidFindings.map((f) => `${f.schema}.${f.index?.name}`).sort()).toEqual(
      [
        "public.docs_pkey_ccnew",
        "public.docs_tag_idx_ccnew",
        `pg_toast.${invalid.find((n) => n.startsWith("pg_toast_"))}`,
      ].sort(),
    );
    expect(invalidFindings.every((f) => f.details?.leftover === "ccnew")).toBe(true);

    // A second REINDEX TABLE is refused, with the reason and the way out; nothing is queued.
    const refusal = await requestAction({
      targetId: "shop",
      kind: "reindex_table",
      oid: await tableOid(),
      user: operator,
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ActionRefusedError);
    expect((refusal as Error).message).toMatch(
      /^public\.docs has 3 leftovers of an interrupted rebuild \(.*\(TOAST\).*\): .*clean up the table first/,
    );

    // The confirmation's preview: the exact statements, and the refusal, with nothing recorded.
    const preview = async (kind: string) => {
      const response = await getPreview(
        request(`/x?kind=${kind}&oid=${await tableOid()}`),
        params({ id: "shop" }),
      );
      expect(response.status).toBe(200);
      return (await response.json()) as ActionPreview;
    };
    const planned = await preview("cleanup_table");
    const statements = planned.ok ? planned.statements : [];
    expect(statements).toHaveLength(3);
    expect(statements).toEqual(
      expect.arrayContaining(
        leftovers.map((l) => `DROP INDEX CONCURRENTLY ${l.toast ? "pg_toast" : "public"}.${l.name}`),
      ),
    );
    expect(await preview("reindex_table")).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/3 leftovers/),
    });
    expect(await listActions({ targetId: "shop", limit: 10 })).toHaveLength(1);

    const cleanup = await startAction({
      targetId: "shop",
      kind: "cleanup_table",
      oid: await tableOid(),
      user: operator,
    });
    await settled(cleanup.id);
    const done = await getAction(cleanup.id);
    expect(done).toMatchObject({ status: "succeeded", kind: "cleanup_table", table: "docs", index: null });
    expect(done.sql.split(";\n")).toHaveLength(3);
    expect(done.sql).toMatch(/DROP INDEX CONCURRENTLY pg_toast\.pg_toast_\d+_index_ccnew/);
    expect((await indexesOfDocs()).every((i) => i.valid && !/_ccnew/.test(i.name))).toBe(true);
    expect(await listLeftovers("shop", await tableOid())).toEqual([]);
  });

  it("refuses a clean-up of a table without leftovers, running nothing", async () => {
    const refusal = await requestAction({
      targetId: "shop",
      kind: "cleanup_table",
      oid: await tableOid(),
      user: operator,
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ActionRefusedError);
    expect((refusal as Error).message).toBe(
      "public.docs has no leftovers of an interrupted rebuild to clean up",
    );
  });
});
