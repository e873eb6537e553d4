import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getActionRow, markRunning } from "@/lib/actions/audit-store";
import { actionApplicationName } from "@/lib/actions/connection";
import { ActionAlreadyRunningError } from "@/lib/actions/errors";
import { getAction, listActions } from "@/lib/actions/read";
import { reconcileActions } from "@/lib/actions/reconcile";
import { requestAction, settled, startAction } from "@/lib/actions/runner";
import type { ActionJson } from "@/lib/actions/types";
import type { SessionUser } from "@/lib/auth/roles";
import { claimActionSession } from "@/lib/catalog/action-session";
import { startSamplers, stopSamplers } from "@/lib/sampler/service";
import { migrateStore } from "@/lib/store/migrate";
import { storePool } from "@/lib/store/pool";
import { getTargetConfig } from "@/lib/targets/registry";
import { type PgCluster, type PgMajor, startCluster } from "@/test/support/pg-cluster";
import { serverMajor } from "@/test/support/test-database";

/*
 * Actions whose run is cut short by the world: the target stopped mid-REINDEX, target and
 * store stopped together, the app process gone while PostgreSQL carried on. A target and a
 * store cluster of their own, stopped and started with pg_ctl.
 */
const operator: SessionUser = { username: "operator", role: "operator" };
const SAMPLE_INTERVAL_S = 2;
let target: PgCluster;
let store: PgCluster;
let targetPool: pg.Pool;

async function oidOf(name: string): Promise<number> {
  const result = await targetPool.query("SELECT coalesce(to_regclass($1)::oid::int8, 0) AS oid", [name]);
  return Number(result.rows[0]?.oid);
}

async function indexesOfT(): Promise<{ name: string; valid: boolean }[]> {
  const result = await targetPool.query(
    `SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = 't'::regclass ORDER BY 1`,
  );
  return result.rows as { name: string; valid: boolean }[];
}

async function until<T>(read: () => Promise<T>, ready: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (ready(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: never got there (${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An open writing transaction on t: a REINDEX CONCURRENTLY of t waits for it after creating its _ccnew. */
async function openWriter(): Promise<pg.Client> {
  const writer = new pg.Client({ connectionString: target.url(), application_name: "test-writer" });
  writer.on("error", () => undefined);
  await writer.connect();
  await writer.query("BEGIN");
  await writer.query("INSERT INTO t VALUES ((SELECT max(id) + 1 FROM t), 1)");
  return writer;
}

async function buildPhaseOf(pid: number): Promise<string | null> {
  const result = await targetPool.query("SELECT phase FROM pg_stat_progress_create_index WHERE pid = $1", [
    pid,
  ]);
  return (result.rows[0]?.phase as string | undefined) ?? null;
}

/** Starts a REINDEX of t_v_idx through the runner and waits until it has begun building. */
async function reindexWaitingForWriter(): Promise<{ id: number; writer: pg.Client }> {
  const writer = await openWriter();
  const { id } = await startAction({
    targetId: "shop",
    kind: "reindex_index",
    oid: await oidOf("t_v_idx"),
    user: operator,
  });
  await until(
    () => getAction(id),
    (a) => /waiting for writers/.test(a.phase ?? ""),
    "the rebuild waiting for the writer",
  );
  return { id, writer };
}

async function dropLeftovers(): Promise<void> {
  const result = await targetPool.query(
    `SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = 't'::regclass AND NOT i.indisvalid`,
  );
  for (const row of result.rows) await targetPool.query(`DROP INDEX "${row.relname}"`);
}

beforeAll(async () => {
  const major = serverMajor() as PgMajor;
  [target, store] = await Promise.all([startCluster({ major }), startCluster({ major })]);
  await target.query(`
    CREATE TABLE t (id int PRIMARY KEY, v int);
    INSERT INTO t SELECT g, g FROM generate_series(1, 20000) g;
    CREATE INDEX t_v_idx ON t (v);
  `);
  await store.query("CREATE DATABASE indexwatch");
  targetPool = new pg.Pool({ connectionString: target.url(), max: 2 });
  targetPool.on("error", () => undefined);
  vi.stubEnv("DATABASE_URL", target.url());
  vi.stubEnv("ACTION_DATABASE_URL", target.url());
  vi.stubEnv("TARGET_ID", "shop");
  vi.stubEnv("STORE_URL", store.url("indexwatch"));
  vi.stubEnv("ACTION_LOCK_TIMEOUT_MS", "60000");
  vi.stubEnv("SAMPLE_INTERVAL", String(SAMPLE_INTERVAL_S));
  vi.stubEnv("INDEXWATCH_DEMO", "false");
  await migrateStore(storePool());
}, 120_000);

afterAll(async () => {
  await stopSamplers();
  vi.unstubAllEnvs();
  await targetPool?.end();
  await Promise.all([target?.destroy(), store?.destroy()]);
});

describe("one action per table, even once the first is building", () => {
  it("a request while the first action is building answers 409 with its id, not 422", async () => {
    const { id, writer } = await reindexWaitingForWriter();
    try {
      const second = await requestAction({
        targetId: "shop",
        kind: "reindex_table",
        oid: await oidOf("t"),
        user: operator,
      }).catch((e: unknown) => e);
      expect(second).toBeInstanceOf(ActionAlreadyRunningError);
      expect((second as ActionAlreadyRunningError).status).toBe(409);
      expect((second as ActionAlreadyRunningError).runningActionId).toBe(id);
    } finally {
      await writer.query("ROLLBACK");
      await writer.end();
    }
    await settled(id);
    expect((await getAction(id)).status).toBe("succeeded");
  });

  it("two requests at once, the first building before the second is planned or not: one 202, one 409 with its id", async () => {
    const tableOid = await oidOf("t");
    for (let round = 0; round < 5; round++) {
      const indexOid = await oidOf("t_v_idx"); // each rebuild gives it a new one
      // An open writer holds whichever action wins in its build, so it cannot end mid-round.
      const writer = await openWriter();
      let accepted: number[] = [];
      try {
        const requests = await Promise.allSettled([
          startAction({ targetId: "shop", kind: "reindex_table", oid: tableOid, user: operator }),
          startAction({ targetId: "shop", kind: "reindex_index", oid: indexOid, user: operator }),
        ]);
        accepted = requests.flatMap((r) => (r.status === "fulfilled" ? [r.value.id] : []));
        const refused = requests.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
        expect(accepted, `round ${round}`).toHaveLength(1);
        expect(refused[0], `round ${round}`).toBeInstanceOf(ActionAlreadyRunningError);
        expect((refused[0] as ActionAlreadyRunningError).runningActionId).toBe(accepted[0]);
      } finally {
        await writer.query("ROLLBACK");
        await writer.end();
      }
      for (const id of accepted) {
        await settled(id);
        expect((await getAction(id)).status).toBe("succeeded");
      }
    }
  });
});

describe("the target stopped mid-REINDEX", () => {
  it("fails the action at once with the error, and names the leftover once the target is back", async () => {
    const { id, writer } = await reindexWaitingForWriter();
    const tableOid = await oidOf("t");
    await target.stop("fast");
    await settled(id);
    await writer.end().catch(() => undefined);
    // A new request while the target is away: 503 target_unreachable, not 500.
    await expect(
      requestAction({ targetId: "shop", kind: "reindex_table", oid: tableOid, user: operator }),
    ).rejects.toMatchObject({ status: 503, code: "target_unreachable" });
    // Recorded while the target is still down: nothing says "running" any more.
    const atOnce = await getAction(id);
    expect(atOnce.status).toBe("failed");
    expect(atOnce.error).toMatch(/^the connection to the target was lost mid-action: /);
    expect(atOnce.leftoversPending).toBe(true);

    await target.start();
    expect(await reconcileActions(getTargetConfig("shop"))).toBe(1);
    const settledRow = await getAction(id);
    expect(settledRow.status).toBe("failed");
    expect(settledRow.leftoversPending).toBe(false);
    expect(settledRow.leftovers.map((l) => l.name)).toEqual(["t_v_idx_ccnew"]);
    expect(settledRow.error).toMatch(
      /connection to the target was lost mid-action: .*left behind: t_v_idx_ccnew/,
    );
    expect(await indexesOfT()).toContainEqual({ name: "t_v_idx_ccnew", valid: false });
    await dropLeftovers();
  });
});

describe("an action whose app process went away", () => {
  /** What a killed app process leaves: a running row, and its backend carrying on alone. */
  async function runWithoutItsProcess(
    kind: "reindex_index" | "reindex_table" = "reindex_index",
  ): Promise<{ id: number; client: pg.Client; pid: number }> {
    const { id } = await requestAction({
      targetId: "shop",
      kind,
      oid: await oidOf(kind === "reindex_table" ? "t" : "t_v_idx"),
      user: operator,
    });
    const row = await getActionRow(storePool(), id);
    if (!row) throw new Error("no row");
    const client = new pg.Client({ connectionString: target.url() });
    client.on("error", () => undefined);
    await client.connect();
    const { pid } = await claimActionSession(client, actionApplicationName(id), 60_000);
    expect(await markRunning(storePool(), id, pid, null)).toBe(true);
    client.query(row.sql).catch(() => undefined);
    return { id, client, pid };
  }

  function killClientSocket(client: pg.Client): void {
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  }

  async function reconcileUntilSettled(id: number): Promise<ActionJson> {
    await until(
      async () => {
        await reconcileActions(getTargetConfig("shop"));
        return getAction(id);
      },
      (a) => a.status !== "running",
      "the reconciler settling the action",
    );
    return getAction(id);
  }

  it("PostgreSQL finished the rebuild: the reconciler records it succeeded, confirmed after restart", async () => {
    const before = await oidOf("t_v_idx");
    const writer = await openWriter();
    const { id, client, pid } = await runWithoutItsProcess();
    await until(
      () => buildPhaseOf(pid),
      (p) => /waiting for writers/.test(p ?? ""),
      "the build waiting",
    );
    killClientSocket(client);
    // While its backend still works, the action is not over.
    expect(await reconcileActions(getTargetConfig("shop"))).toBe(0);
    expect((await getAction(id)).status).toBe("running");
    await writer.query("ROLLBACK");
    await writer.end();

    const action = await reconcileUntilSettled(id);
    const after = await oidOf("t_v_idx");
    expect(after).not.toBe(before);
    expect(action).toMatchObject({ status: "succeeded", error: null, indexOidAfter: after, leftovers: [] });
    expect(action.notices.some((n) => /confirmed after restart/.test(n))).toBe(true);
    expect(await indexesOfT()).toEqual([
      { name: "t_pkey", valid: true },
      { name: "t_v_idx", valid: true },
    ]);
  });

  it("REINDEX TABLE finished by PostgreSQL alone: succeeded, its indexes under new OIDs", async () => {
    const before = [await oidOf("t_pkey"), await oidOf("t_v_idx")];
    const writer = await openWriter();
    const { id, client, pid } = await runWithoutItsProcess("reindex_table");
    await until(
      () => buildPhaseOf(pid),
      (p) => /waiting for writers/.test(p ?? ""),
      "the build waiting",
    );
    killClientSocket(client);
    await writer.query("ROLLBACK");
    await writer.end();

    const action = await reconcileUntilSettled(id);
    expect(action).toMatchObject({ status: "succeeded", error: null, leftovers: [] });
    expect(
      action.notices.some((n) =>
        /confirmed after restart.*2 index\(es\) of public\.t under new OIDs/.test(n),
      ),
    ).toBe(true);
    expect(await oidOf("t_pkey")).not.toBe(before[0]);
    expect(await oidOf("t_v_idx")).not.toBe(before[1]);
  });

  it("a queued action whose process went away before it ran: failed, nothing run", async () => {
    const { id } = await requestAction({
      targetId: "shop",
      kind: "reindex_index",
      oid: await oidOf("t_v_idx"),
      user: operator,
    });
    // Fresh, it may be about to start in some process: left alone.
    expect(await reconcileActions(getTargetConfig("shop"))).toBe(0);
    await storePool().query(
      "UPDATE actions_audit SET requested_at = now() - interval '2 minutes' WHERE id = $1",
      [id],
    );
    expect(await reconcileActions(getTargetConfig("shop"))).toBe(1);
    expect(await getAction(id)).toMatchObject({
      status: "failed",
      error: "the app process that was to run it went away before it started; nothing was run",
    });
  });

  it("the rebuild died half-way: the reconciler records it failed and names the leftover", async () => {
    const writer = await openWriter();
    const { id, client, pid } = await runWithoutItsProcess();
    await until(
      () => buildPhaseOf(pid),
      (p) => /waiting for writers/.test(p ?? ""),
      "the build waiting",
    );
    killClientSocket(client);
    await targetPool.query("SELECT pg_terminate_backend($1)", [pid]);
    await writer.query("ROLLBACK");
    await writer.end();

    const action = await reconcileUntilSettled(id);
    expect(action.status).toBe("failed");
    expect(action.leftovers.map((l) => l.name)).toEqual(["t_v_idx_ccnew"]);
    expect(action.error).toMatch(/^its session ended before it reported.*left behind: t_v_idx_ccnew/);
    await dropLeftovers();
  });
});

describe("target and store stopped together mid-REINDEX (the demo's one server)", () => {
  it("the sampler settles the action within one interval of their return, with the runner's error and the leftover", async () => {
    await startSamplers();
    const { id, writer } = await reindexWaitingForWriter();
    // The store first: the runner then has nowhere to write its outcome, as on the demo's one server.
    await store.stop("fast");
    await target.stop("fast");
    await settled(id);
    // Reading the audit log while the store is away: 503 store_unavailable, not 500.
    await expect(getAction(id)).rejects.toMatchObject({ status: 503, code: "store_unavailable" });
    await expect(listActions({ limit: 10 })).rejects.toMatchObject({
      status: 503,
      code: "store_unavailable",
    });
    await writer.end().catch(() => undefined);
    await Promise.all([target.start(), store.start()]);
    const back = Date.now();
    const action = await until(
      () => getAction(id).catch(() => null),
      // Either the runner wrote its failure before the store went (leftovers still to read) or
      // it could not: settled means neither running nor waiting for the leftover check.
      (a) => a !== null && a.status !== "running" && !a.leftoversPending,
      "the action settled after the restart",
    );
    const tookMs = Date.now() - back;
    expect(action).toMatchObject({ status: "failed", leftoversPending: false });
    expect(action?.leftovers.map((l) => l.name)).toEqual(["t_v_idx_ccnew"]);
    expect(action?.error).toMatch(
      /^the connection to the target was lost mid-action: .*left behind: t_v_idx_ccnew/,
    );
    // One interval, plus the tick's own work (reconnecting, a poll, the catalog reads).
    expect(tookMs).toBeLessThan(SAMPLE_INTERVAL_S * 1000 + 3_000);
    await stopSamplers();
    await dropLeftovers();
  });
});
