import { createServer, type Server, type Socket } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getAction } from "@/app/api/v1/actions/[id]/route";
import { GET as listActions } from "@/app/api/v1/actions/route";
import { GET as getDigest } from "@/app/api/v1/digest/route";
import { POST as postAction, GET as targetActions } from "@/app/api/v1/targets/[id]/actions/route";
import { GET as getIgnores } from "@/app/api/v1/targets/[id]/ignores/route";
import { GET as getIndexes } from "@/app/api/v1/targets/[id]/indexes/route";
import { GET as getWeekly } from "@/app/api/v1/targets/[id]/usage/weekly/route";
import { errorResponse } from "@/lib/http/respond";
import { migrateStore } from "@/lib/store/migrate";
import { type PgCluster, type PgMajor, startCluster } from "@/test/support/pg-cluster";
import { ORIGIN, params, request, sessionCookie } from "@/test/support/routes";
import { serverMajor } from "@/test/support/test-database";

// The demo's shape: target and store on one PostgreSQL server, stopped under the app with
// pg_ctl. Every route that needs it answers 503 with the reason, never 500.

let cluster: PgCluster;
let operator = "";
let indexOid = 0;

type ErrorBody = { error: { code: string; message: string } };

beforeAll(async () => {
  cluster = await startCluster({ major: serverMajor() as PgMajor });
  await cluster.query("CREATE TABLE orders (id int PRIMARY KEY, note text)");
  indexOid = Number((await cluster.query("SELECT 'orders_pkey'::regclass::oid::int8 AS oid")).rows[0]?.oid);
  const store = new pg.Pool({ connectionString: cluster.url(), max: 2 });
  await migrateStore(store);
  await store.end();
  vi.stubEnv("DATABASE_URL", cluster.url());
  vi.stubEnv("ACTION_DATABASE_URL", cluster.url());
  vi.stubEnv("STORE_URL", cluster.url());
  vi.stubEnv("TARGET_ID", "shop");
  vi.stubEnv("OPERATOR_PASSWORD", "operator-secret-7");
  vi.stubEnv("SESSION_SECRET", "failure-statuses-test-secret-long-enough-0123");
  vi.stubEnv("READ_ONLY", "false");
  vi.stubEnv("READ_ANONYMOUS", "true");
  operator = await sessionCookie("operator", "operator-secret-7");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await cluster.destroy();
});

const shop = params({ id: "shop" });
const startReindex = () =>
  postAction(
    new Request(`${ORIGIN}/api/v1/targets/shop/actions`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, cookie: operator },
      body: JSON.stringify({ kind: "reindex_index", oid: indexOid }),
    }),
    shop,
  );

describe("with the target and the store down", () => {
  it("answers 503 with the reason on the action list, action detail, starting an action and the reads", async () => {
    expect((await listActions(request("/api/v1/actions"))).status).toBe(200);
    await cluster.stop("fast");
    try {
      const answers = {
        "action list": await listActions(request("/api/v1/actions")),
        "action detail": await getAction(request("/api/v1/actions/1"), params({ id: "1" })),
        "start an action": await startReindex(),
        "target actions": await targetActions(request("/x"), shop),
        indexes: await getIndexes(request("/x"), shop),
        weekly: await getWeekly(request("/x?weeks=2"), shop),
        digest: await getDigest(request("/api/v1/digest")),
        ignores: await getIgnores(request("/x"), shop),
      };
      for (const [route, answer] of Object.entries(answers)) {
        expect(answer.status, route).toBe(503);
        const { error } = (await answer.json()) as ErrorBody;
        expect(error.code, route).toMatch(/^(target_unreachable|store_unavailable|database_unavailable)$/);
        // The reason PostgreSQL or the socket gave, not just "internal error".
        expect(error.message, route).toMatch(/ECONNREFUSED|terminat|shut|connect/i);
      }
    } finally {
      await cluster.start();
    }
    expect((await listActions(request("/api/v1/actions"))).status).toBe(200);
  });
});

describe("errors of a live database", () => {
  let silent: Server;
  let silentPort = 0;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // Accepts TCP connections and never answers: a pool's connect times out against it.
    silent = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    silentPort = (silent.address() as { port: number }).port;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it("answers 503 with the reason when a store read waits out its lock_timeout", async () => {
    const holder = new pg.Client({ connectionString: cluster.url() });
    await holder.connect();
    try {
      await holder.query("BEGIN; LOCK TABLE actions_audit IN ACCESS EXCLUSIVE MODE");
      const answer = await listActions(request("/api/v1/actions"));
      expect(answer.status).toBe(503);
      const body = (await answer.json()) as ErrorBody;
      expect(body.error.code).toBe("lock_timeout");
      expect(body.error.message).toMatch(/lock timeout/);
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }
  });

  it("maps a statement timeout to 504 with PostgreSQL's reason", async () => {
    const client = new pg.Client({ connectionString: cluster.url(), statement_timeout: 50 });
    await client.connect();
    const error = await client.query("SELECT pg_sleep(5)").catch((e: unknown) => e);
    await client.end();
    const answer = errorResponse(error);
    expect(answer.status).toBe(504);
    const body = (await answer.json()) as ErrorBody;
    expect(body.error.code).toBe("query_timeout");
    expect(body.error.message).toMatch(/statement timeout/);
  });

  it("maps a pool that cannot connect in time to 503", async () => {
    const pool = new pg.Pool({
      connectionString: `postgres://postgres@127.0.0.1:${silentPort}/postgres`,
      connectionTimeoutMillis: 200,
    });
    const error = await pool.query("SELECT 1").catch((e: unknown) => e);
    await pool.end();
    const answer = errorResponse(error);
    expect(answer.status).toBe(503);
    expect(((await answer.json()) as ErrorBody).error.message).toMatch(
      /connection timeout|timeout exceeded when trying to connect/,
    );
  });

  it("keeps 500 for what is really a bug", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(errorResponse(new TypeError("x is undefined")).status).toBe(500);
    } finally {
      spy.mockRestore();
    }
  });
});
