import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getIndex } from "@/app/api/v1/targets/[id]/indexes/[oid]/route";
import { GET as getIndexUsage } from "@/app/api/v1/targets/[id]/indexes/[oid]/usage/route";
import { settled, startAction } from "@/lib/actions/runner";
import type { SessionUser } from "@/lib/auth/roles";
import { createPool } from "@/lib/db/pool";
import type { DroppedIndexDetail, LiveIndexDetail } from "@/lib/indexes/index-detail";
import { publishSamplerPoll } from "@/lib/inventory/snapshot";
import { BufferedHistorySink } from "@/lib/sampler/history-sink";
import { type SampledTarget, sampleTargetOnce } from "@/lib/sampler/sample-once";
import { migrateStore } from "@/lib/store/migrate";
import type { IndexUsageSeries } from "@/lib/store/usage-reads";
import { getTargetConfig } from "@/lib/targets/registry";
import { params, request } from "@/test/support/routes";
import { createTestDatabase, type TestDatabase, waitForStats } from "@/test/support/test-database";

// An index followed by its identity through a rebuild and a drop: the real sampler writes
// the history, the route handlers answer as Next.js calls them.

const operator: SessionUser = { username: "operator", role: "operator" };
let db: TestDatabase;
let store: TestDatabase;
let targetPool: pg.Pool;
let sampled: SampledTarget;
let sink: BufferedHistorySink;

async function oidOf(name: string): Promise<number> {
  const result = await db.pool.query("SELECT to_regclass(quote_ident($1))::oid::int8 AS oid", [name]);
  return Number(result.rows[0]?.oid);
}

/** One poll as the sampler service makes it: the history stored, the pages' snapshot published. */
async function sample(): Promise<void> {
  const outcome = await sampleTargetOnce(sampled, sink);
  expect(outcome).toMatchObject({ kind: "sampled", stored: true });
  await publishSamplerPoll(getTargetConfig("shop"), sampled, outcome, store.pool);
}

async function idxScans(): Promise<number> {
  const r = await db.pool.query(
    "SELECT idx_scan::int8 AS n FROM pg_stat_user_indexes WHERE indexrelname = 'orders_status_idx'",
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** Scans orders_status_idx `n` times and waits until the statistics show them. */
async function scan(n: number): Promise<void> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const scans = idxScans;
    const before = await scans();
    await client.query("SET enable_seqscan = off; SET enable_bitmapscan = off");
    for (let i = 0; i < n; i++) await client.query("SELECT id FROM orders WHERE status = 'open'");
    expect(await waitForStats(scans, (v) => v >= before + n, client)).toBeGreaterThanOrEqual(before + n);
  } finally {
    await client.end();
  }
}

async function detail(ref: string | number): Promise<{ status: number; body: unknown }> {
  const response = await getIndex(request("/x"), params({ id: "shop", oid: String(ref) }));
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  db = await createTestDatabase("identity");
  store = await createTestDatabase("identity_store");
  await migrateStore(store.pool);
  vi.stubEnv("DATABASE_URL", db.url);
  vi.stubEnv("ACTION_DATABASE_URL", db.url);
  vi.stubEnv("TARGET_ID", "shop");
  vi.stubEnv("STORE_URL", store.url);
  await db.pool.query(`
    CREATE TABLE orders (id int PRIMARY KEY, status text NOT NULL, note text);
    INSERT INTO orders SELECT g, CASE WHEN g % 10 = 0 THEN 'open' ELSE 'done' END, NULL FROM generate_series(1, 2000) g;
    CREATE INDEX orders_status_idx ON orders (status);
    CREATE INDEX orders_note_idx ON orders (note) WHERE note IS NOT NULL;
    ANALYZE orders;
  `);
  targetPool = createPool(db.url, { applicationName: "indexwatch", max: 2 });
  sampled = { id: "shop", pool: targetPool, sizeEveryMs: 0 };
  sink = new BufferedHistorySink(store.pool, 3);
  await sample();
  await scan(5);
  await sample();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await targetPool.end();
  await db.drop();
  await store.drop();
});

describe("an index page's API follows the index, not its OID", () => {
  it("answers by key as by OID, with the history's scans", async () => {
    const oid = await oidOf("orders_status_idx");
    const byOid = await detail(oid);
    expect(byOid.status).toBe(200);
    const live = byOid.body as LiveIndexDetail;
    expect(live).toMatchObject({ oid, formerOids: [], key: "public.orders.orders_status_idx" });
    expect(live.index).toMatchObject({ oid, name: "orders_status_idx", table: "orders", valid: true });
    expect(live.index.definition).toBe(
      "CREATE INDEX orders_status_idx ON public.orders USING btree (status)",
    );
    expect(live.history?.scansSinceFirstSeen).toBe(5);
    expect(live.history?.lastSeenScanned).not.toBeNull();
    const byKey = await detail("public.orders.orders_status_idx");
    expect(byKey.status).toBe(200);
    expect((byKey.body as LiveIndexDetail).index.oid).toBe(oid);
    // Answered from the latest poll: with the target out of reach, the same answer.
    vi.stubEnv("DATABASE_URL", "postgres://nobody@127.0.0.1:1/nothing");
    try {
      const unreachable = await detail(oid);
      expect(unreachable.status).toBe(200);
      expect((unreachable.body as LiveIndexDetail).index).toEqual(live.index);
    } finally {
      vi.stubEnv("DATABASE_URL", db.url);
    }
  });

  it("keeps the page while the history store is away: the index as the latest poll saw it, no history", async () => {
    const oid = await oidOf("orders_status_idx");
    vi.stubEnv("STORE_URL", "postgres://nobody@127.0.0.1:1/nothing");
    try {
      const away = await detail(oid);
      expect(away.status).toBe(200);
      expect(away.body).toMatchObject({
        oid,
        formerOids: [],
        history: null,
        index: { oid, name: "orders_status_idx" },
      });
    } finally {
      vi.stubEnv("STORE_URL", store.url);
    }
    expect(((await detail(oid)).body as LiveIndexDetail).history?.scansSinceFirstSeen).toBe(5);
  });

  it("after a rebuild outside indexwatch shows the index as the latest poll saw it, then answers the old OID with the new index", async () => {
    const before = await oidOf("orders_status_idx");
    const scansBefore = await idxScans();
    // PostgreSQL 14 hands the old counters to the new OID when the REINDEX session next
    // reports: until then the sampler waits (see indexDelta). Let the session report.
    const session = new pg.Client({ connectionString: db.url });
    await session.connect();
    const rebuiltAfter = Date.now();
    try {
      await session.query("REINDEX INDEX CONCURRENTLY orders_status_idx");
      expect(await waitForStats(idxScans, (n) => n >= scansBefore, session)).toBe(scansBefore);
    } finally {
      await session.end();
    }
    const after = await oidOf("orders_status_idx");
    expect(after).not.toBe(before);

    // Viewers read what the sampler stored: until its next poll, the index as that poll saw it,
    // with the poll's time (no statement on the target per request).
    const early = await detail(before);
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ oid: before, formerOids: [], index: { oid: before } });
    expect(Date.parse((early.body as LiveIndexDetail).asOf)).toBeLessThanOrEqual(rebuiltAfter);
    // The new OID, not in that poll yet, is read from the catalog: its page works at once.
    const byNewOid = await detail(after);
    expect(byNewOid.status).toBe(200);
    expect(byNewOid.body).toMatchObject({ oid: after, formerOids: [before], index: { oid: after } });

    await sample();
    const late = await detail(before);
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ oid: after, formerOids: [before] });
    // The history goes on: the scans before the rebuild still count.
    expect((late.body as LiveIndexDetail).history?.scansSinceFirstSeen).toBe(5);

    const usage = await getIndexUsage(request(`/x?bucket=hour`), params({ id: "shop", oid: String(before) }));
    expect(usage.status).toBe(200);
    const series = (await usage.json()) as IndexUsageSeries;
    expect(series.index.oid).toBe(after);
    expect(series.events.map((e) => e.kind)).toContain("rebuild");
    expect(series.series.reduce((sum, p) => sum + (p.scans ?? 0), 0)).toBe(5);
  });

  it("after a drop by indexwatch answers 410 with who dropped it, when, and the undo", async () => {
    const { id } = await startAction({
      targetId: "shop",
      kind: "drop_index",
      oid: await oidOf("orders_status_idx"),
      user: operator,
    });
    await settled(id);
    const undo = "CREATE INDEX CONCURRENTLY orders_status_idx ON public.orders USING btree (status);";
    // At once, before the sampler noticed: the audit log knows.
    const early = await detail("public.orders.orders_status_idx");
    expect(early.status).toBe(410);
    const dropped = (early.body as DroppedIndexDetail).dropped;
    expect(dropped).toMatchObject({ by: "operator", undo });
    expect(Date.parse(dropped.at ?? "")).not.toBeNaN();

    await sample();
    const formerOid = (early.body as DroppedIndexDetail).index.formerOids[0] as number;
    const byFormerOid = await detail(formerOid);
    expect(byFormerOid.status).toBe(410);
    expect(byFormerOid.body).toMatchObject({
      key: "public.orders.orders_status_idx",
      dropped: { by: "operator", undo },
    });
  });

  it("after a drop outside indexwatch says so, with the undo from the last known definition", async () => {
    const oid = await oidOf("orders_note_idx");
    await db.pool.query("DROP INDEX orders_note_idx");
    await sample();
    const gone = await detail(oid);
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({
      dropped: {
        by: "outside indexwatch",
        undo: "CREATE INDEX CONCURRENTLY orders_note_idx ON public.orders USING btree (note) WHERE (note IS NOT NULL);",
      },
    });
    expect(Date.parse((gone.body as DroppedIndexDetail).dropped.at ?? "")).not.toBeNaN();
  });

  it("answers 404 for an index it never knew, 400 for a segment that names nothing", async () => {
    expect((await detail("public.orders.nope_idx")).status).toBe(404);
    expect((await detail(4_294_967_000)).status).toBe(404);
    expect((await detail("orders_status_idx")).status).toBe(400);
  });
});
