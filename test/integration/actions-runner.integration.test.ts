import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getActionRow } from "@/lib/actions/audit-store";
import { cancelAction } from "@/lib/actions/cancel";
import { ActionAlreadyRunningError, ActionRefusedError } from "@/lib/actions/errors";
import { getAction } from "@/lib/actions/read";
import { requestAction, runAction, settled, startAction } from "@/lib/actions/runner";
import type { ActionJson } from "@/lib/actions/types";
import type { SessionUser } from "@/lib/auth/roles";
import { migrateStore } from "@/lib/store/migrate";
import { actionsAuditMigration } from "@/lib/store/migrations/0003_actions_audit";
import { actionsTruthMigration } from "@/lib/store/migrations/0009_actions_truth";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

// The runner against a real server: a real target database and a real store database.
const operator: SessionUser = { username: "operator", role: "operator" };
let db: TestDatabase;
let store: TestDatabase;

async function oidOf(name: string): Promise<number> {
  const result = await db.pool.query("SELECT to_regclass(quote_ident($1))::oid::int8 AS oid", [name]);
  return Number(result.rows[0]?.oid);
}

async function indexNamesOf(table: string): Promise<{ name: string; valid: boolean }[]> {
  const result = await db.pool.query(
    `SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = $1::regclass ORDER BY 1`,
    [table],
  );
  return result.rows as { name: string; valid: boolean }[];
}

/** A session of its own that holds locks or a transaction open while the action runs. */
async function otherSession(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: db.url, application_name: "test-holder" });
  await client.connect();
  return client;
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
  db = await createTestDatabase("actions");
  store = await createTestDatabase("actions_store");
  await migrateStore(store.pool, [actionsAuditMigration, actionsTruthMigration]);
  vi.stubEnv("DATABASE_URL", db.url);
  vi.stubEnv("ACTION_DATABASE_URL", db.url);
  vi.stubEnv("TARGET_ID", "shop");
  vi.stubEnv("STORE_URL", store.url);
  vi.stubEnv("ACTION_LOCK_TIMEOUT_MS", "1500");
  // The seed's hot table and its REINDEX example, made bloated: 90% of the rows deleted and
  // vacuumed leaves the index as big as before, with mostly empty pages.
  await db.pool.query(`
    CREATE TABLE invitations_order (id bigint PRIMARY KEY, user_id int NOT NULL, status text NOT NULL);
    INSERT INTO invitations_order SELECT g, g % 5000, (ARRAY['PENDING','APPROVED','REJECTED'])[1 + g % 3]
      FROM generate_series(1, 200000) g;
    CREATE INDEX order_user_status_idx ON invitations_order (user_id, status);
    DELETE FROM invitations_order WHERE id % 10 <> 0;
  `);
  await db.pool.query("VACUUM invitations_order");
  await db.pool.query(`
    CREATE TABLE t (id int PRIMARY KEY, v int);
    INSERT INTO t SELECT g, g FROM generate_series(1, 50000) g;
    CREATE INDEX t_v_idx ON t (v);
    CREATE TABLE bookings (id int PRIMARY KEY, during int4range, EXCLUDE USING gist (during WITH &&));
    CREATE TABLE bare (x int);
  `);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await db.drop();
  await store.drop();
});

describe("REINDEX INDEX CONCURRENTLY", () => {
  it("rebuilds a bloated demo index: it succeeds, shrinks, gets a new oid, and the audit row says so", async () => {
    const oid = await oidOf("order_user_status_idx");
    const { id } = await startAction({ targetId: "shop", kind: "reindex_index", oid, user: operator });
    await settled(id);
    const action = await getAction(id);
    expect(action).toMatchObject({
      status: "succeeded",
      kind: "reindex_index",
      username: "operator",
      index: "order_user_status_idx",
      indexOidBefore: oid,
      error: null,
      sql: "REINDEX INDEX CONCURRENTLY public.order_user_status_idx",
    });
    expect(action.sizeBefore).toBeGreaterThan(0);
    expect(action.sizeAfter).toBeGreaterThan(0);
    expect(action.sizeAfter as number).toBeLessThan((action.sizeBefore as number) / 3);
    expect(action.indexOidAfter).toBe(await oidOf("order_user_status_idx"));
    expect(action.indexOidAfter).not.toBe(oid);
    expect(action.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(action.finishedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(action.requestedAt));
    expect(await indexNamesOf("invitations_order")).toContainEqual({
      name: "order_user_status_idx",
      valid: true,
    });
  });

  it("fails fast on a table lock held by another session, names the holder and leaves nothing behind", async () => {
    const holder = await otherSession();
    try {
      const holderPid = Number((await holder.query("SELECT pg_backend_pid() AS pid")).rows[0]?.pid);
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE t IN ACCESS EXCLUSIVE MODE");
      const began = Date.now();
      const { id } = await startAction({
        targetId: "shop",
        kind: "reindex_index",
        oid: await oidOf("t_v_idx"),
        user: operator,
      });
      await settled(id);
      expect(Date.now() - began).toBeLessThan(10_000);
      const action = await getAction(id);
      expect(action.status).toBe("failed");
      expect(action.error).toMatch(
        new RegExp(
          `^could not get the lock on public\\.t; held by pid ${holderPid} \\(application "[^"]*", state [^,]*, for \\d+ s\\) running LOCK TABLE t IN ACCESS EXCLUSIVE MODE`,
        ),
      );
      expect(action.leftovers).toEqual([]);
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }
    expect(await indexNamesOf("t")).toEqual([
      { name: "t_pkey", valid: true },
      { name: "t_v_idx", valid: true },
    ]);
  });

  it("cancelled mid-build leaves a _ccnew index that the clean-up action removes", async () => {
    vi.stubEnv("ACTION_LOCK_TIMEOUT_MS", "60000");
    const writer = await otherSession();
    let id = 0;
    try {
      // An open writing transaction: the rebuild creates its _ccnew index, then waits for it.
      await writer.query("BEGIN");
      await writer.query("INSERT INTO t VALUES (100001, 1)");
      ({ id } = await startAction({
        targetId: "shop",
        kind: "reindex_index",
        oid: await oidOf("t_v_idx"),
        user: operator,
      }));
      const waiting = await until(
        () => getAction(id),
        (a) => a.waitingForLock && /waiting for writers/.test(a.phase ?? ""),
      );
      expect(waiting.status).toBe("running");
      expect(waiting.lockHolder).toMatch(
        /^pid \d+ \(application "[^"]*", state [^,]*, for \d+ s\) running INSERT INTO t VALUES/,
      );
      expect(await cancelAction(id, "operator")).toEqual({ status: "cancelling" });
      await settled(id);
    } finally {
      await writer.query("ROLLBACK");
      await writer.end();
      vi.stubEnv("ACTION_LOCK_TIMEOUT_MS", "1500");
    }
    const cancelled = await getAction(id);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.error).toMatch(/^cancelled by operator/);
    expect(cancelled.leftovers).toHaveLength(1);
    const leftover = cancelled.leftovers[0] as { oid: number; name: string };
    expect(leftover.name).toBe("t_v_idx_ccnew");
    expect(await indexNamesOf("t")).toContainEqual({ name: "t_v_idx_ccnew", valid: false });

    const cleanup = await startAction({
      targetId: "shop",
      kind: "cleanup",
      oid: leftover.oid,
      user: operator,
    });
    await settled(cleanup.id);
    expect(await getAction(cleanup.id)).toMatchObject({
      status: "succeeded",
      sql: "DROP INDEX CONCURRENTLY public.t_v_idx_ccnew",
    });
    expect((await indexNamesOf("t")).map((i) => i.name)).toEqual(["t_pkey", "t_v_idx"]);
  });

  it("keeps PostgreSQL's DETAIL when a rebuild fails: an invalid unique index over duplicate keys (issue 14, section 7)", async () => {
    await db.pool.query("CREATE TABLE dups (v int); INSERT INTO dups VALUES (1), (1), (2)");
    // What a failed CREATE UNIQUE INDEX CONCURRENTLY leaves: an invalid unique index.
    await expect(db.pool.query("CREATE UNIQUE INDEX CONCURRENTLY dups_v_key ON dups (v)")).rejects.toThrow(
      /could not create unique index/,
    );
    const { id } = await startAction({
      targetId: "shop",
      kind: "reindex_index",
      oid: await oidOf("dups_v_key"),
      user: operator,
    });
    await settled(id);
    const action = await getAction(id);
    expect(action.status).toBe("failed");
    expect(action.error).toMatch(/could not create unique index/);
    expect(action.error).toMatch(/DETAIL: Key \(v\)=\(1\) is duplicated\./);
  });

  it("refuses an index dropped between the request and the start, running nothing", async () => {
    await db.pool.query("CREATE INDEX t_doomed_idx ON t (v)");
    const { id } = await requestAction({
      targetId: "shop",
      kind: "reindex_index",
      oid: await oidOf("t_doomed_idx"),
      user: operator,
    });
    expect((await getAction(id)).status).toBe("queued");
    await db.pool.query("DROP INDEX t_doomed_idx");
    await runAction(id);
    const action = await getAction(id);
    expect(action.status).toBe("failed");
    expect(action.error).toMatch(
      /^refused: index \d+ \(public\.t_doomed_idx\) no longer exists; nothing was run$/,
    );
    expect(action.startedAt).not.toBeNull();
  });
});

describe("one action per table", () => {
  it("a second request on the same table gets the running action's id", async () => {
    const holder = await otherSession();
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE t IN SHARE UPDATE EXCLUSIVE MODE");
      const requests = await Promise.allSettled([
        startAction({ targetId: "shop", kind: "reindex_index", oid: await oidOf("t_v_idx"), user: operator }),
        startAction({ targetId: "shop", kind: "reindex_table", oid: await oidOf("t"), user: operator }),
      ]);
      const accepted = requests.filter((r) => r.status === "fulfilled");
      const refused = requests.filter((r) => r.status === "rejected");
      expect(accepted).toHaveLength(1);
      expect(refused).toHaveLength(1);
      const error = (refused[0] as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(ActionAlreadyRunningError);
      const winner = (accepted[0] as PromiseFulfilledResult<{ id: number }>).value.id;
      expect((error as ActionAlreadyRunningError).runningActionId).toBe(winner);
      await settled(winner);
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }
  });
});

describe("refusals and the other actions", () => {
  it("refuses what REINDEX / DROP INDEX CONCURRENTLY cannot or must not do, with a reason", async () => {
    const refusal = async (
      kind: "reindex_index" | "reindex_table" | "drop_index" | "cleanup",
      oid: number,
    ) => {
      const error = await requestAction({ targetId: "shop", kind, oid, user: operator }).catch(
        (e: unknown) => e,
      );
      expect(error, `${kind} ${oid}`).toBeInstanceOf(ActionRefusedError);
      return (error as Error).message;
    };
    expect(await refusal("reindex_index", await oidOf("bookings_during_excl"))).toMatch(
      /exclusion constraint/,
    );
    expect(await refusal("drop_index", await oidOf("t_pkey"))).toMatch(/backs a primary key constraint/);
    const catalogIndex = Number(
      (await db.pool.query("SELECT 'pg_class_oid_index'::regclass::oid::int8 AS oid")).rows[0]?.oid,
    );
    expect(await refusal("reindex_index", catalogIndex)).toMatch(/system catalog/);
    expect(await refusal("reindex_table", await oidOf("bare"))).toMatch(/has no indexes/);
    expect(await refusal("cleanup", await oidOf("t_v_idx"))).toMatch(/not an invalid _ccnew/);
    const missing = await requestAction({
      targetId: "shop",
      kind: "reindex_index",
      oid: 4_000_000_000,
      user: operator,
    }).catch((e: unknown) => e);
    expect((missing as { status?: number }).status).toBe(404);
  });

  it("refuses a REINDEX TABLE whose every index would be skipped", async () => {
    await db.pool.query("CREATE TABLE only_excl (during int4range, EXCLUDE USING gist (during WITH &&))");
    const error = await requestAction({
      targetId: "shop",
      kind: "reindex_table",
      oid: await oidOf("only_excl"),
      user: operator,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionRefusedError);
    expect((error as Error).message).toMatch(
      /would skip every index of public\.only_excl: public\.only_excl_during_excl \(exclusion constraint\)/,
    );
  });

  it("refuses to DROP an index attached to a partitioned index, naming the parent, before anything runs", async () => {
    await db.pool.query(`
      CREATE TABLE measurements (at date NOT NULL, v int) PARTITION BY RANGE (at);
      CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
      CREATE INDEX measurements_at_idx ON measurements (at);
    `);
    const child = await oidOf("measurements_2026_at_idx");
    expect(child).toBeGreaterThan(0);
    const error = await requestAction({
      targetId: "shop",
      kind: "drop_index",
      oid: child,
      user: operator,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionRefusedError);
    expect((error as ActionRefusedError).status).toBe(422);
    expect((error as Error).message).toMatch(
      /^public\.measurements_2026_at_idx is attached to the partitioned index public\.measurements_at_idx/,
    );
    expect(await oidOf("measurements_2026_at_idx")).toBe(child);
    const recorded = await store.pool.query(
      "SELECT count(*)::int AS n FROM actions_audit WHERE object_oid = $1",
      [child],
    );
    expect(recorded.rows[0]?.n).toBe(0);
  });

  it("drops an index after recording its undo SQL, and the undo SQL brings it back", async () => {
    await db.pool.query("CREATE INDEX t_v_desc_idx ON t (v DESC) WHERE v > 10");
    const { id } = await startAction({
      targetId: "shop",
      kind: "drop_index",
      oid: await oidOf("t_v_desc_idx"),
      user: operator,
    });
    await settled(id);
    const action = await getAction(id);
    expect(action.status).toBe("succeeded");
    expect(action.undoSql).toBe(
      "CREATE INDEX CONCURRENTLY t_v_desc_idx ON public.t USING btree (v DESC) WHERE (v > 10);",
    );
    expect(await oidOf("t_v_desc_idx")).toBe(0);
    await db.pool.query(action.undoSql as string);
    expect(await indexNamesOf("t")).toContainEqual({ name: "t_v_desc_idx", valid: true });
  });

  it("REINDEX TABLE names the exclusion index it will skip before it runs, then shows the server's WARNING", async () => {
    const { id } = await requestAction({
      targetId: "shop",
      kind: "reindex_table",
      oid: await oidOf("bookings"),
      user: operator,
    });
    // Said before anything runs: the queued row already names what will be skipped.
    expect(await getAction(id)).toMatchObject({
      status: "queued",
      skipped: [{ name: "public.bookings_during_excl", reason: "exclusion constraint" }],
    });
    await runAction(id);
    const action = await getAction(id);
    expect(action.status).toBe("succeeded");
    expect(action.skipped).toHaveLength(1);
    expect(
      action.notices.some((n) =>
        /^WARNING: cannot reindex exclusion constraint index .*concurrently, skipping/.test(n),
      ),
    ).toBe(true);
  });
});

describe("the action connection", () => {
  async function backends(): Promise<{ pid: number; name: string }[]> {
    const result = await db.pool.query(
      `SELECT pid, application_name AS name FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE 'indexwatch-action-%' ORDER BY pid`,
    );
    return result.rows as { pid: number; name: string }[];
  }

  async function pidOf(id: number): Promise<number> {
    const row = await getActionRow(store.pool, id);
    return Number(row?.backend_pid);
  }

  it("stays warm and renamed after a success, so the next action reuses it and a late cancel cannot reach it", async () => {
    const oid = await oidOf("t_v_idx");
    const first = await startAction({ targetId: "shop", kind: "reindex_index", oid, user: operator });
    await settled(first.id);
    expect((await getAction(first.id)).status).toBe("succeeded");
    const firstPid = await pidOf(first.id);
    // Nothing answers to the finished action's name any more: its cancel would find nothing.
    expect(await backends()).toContainEqual({ pid: firstPid, name: "indexwatch-action-idle" });
    expect((await backends()).some((b) => b.name === `indexwatch-action-${first.id}`)).toBe(false);

    const second = await startAction({
      targetId: "shop",
      kind: "reindex_index",
      oid: await oidOf("t_v_idx"),
      user: operator,
    });
    await settled(second.id);
    expect((await getAction(second.id)).status).toBe("succeeded");
    expect(await pidOf(second.id)).toBe(firstPid);
  });

  it("is closed after a failure, so no session state of a failed build reaches the next action", async () => {
    const holder = await otherSession();
    let id = 0;
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE t IN ACCESS EXCLUSIVE MODE");
      ({ id } = await startAction({
        targetId: "shop",
        kind: "reindex_index",
        oid: await oidOf("t_v_idx"),
        user: operator,
      }));
      await settled(id);
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }
    expect((await getAction(id)).status).toBe("failed");
    const failedPid = await pidOf(id);
    expect(failedPid).toBeGreaterThan(0);
    // The close is sent when the run ends; the server lets the backend go a moment later.
    const deadline = Date.now() + 5_000;
    while ((await backends()).some((b) => b.pid === failedPid) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await backends()).map((b) => b.pid)).not.toContain(failedPid);
  });
});
