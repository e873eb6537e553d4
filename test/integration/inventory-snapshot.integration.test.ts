import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getIndexes } from "@/app/api/v1/targets/[id]/indexes/route";
import { POST as refreshNow } from "@/app/api/v1/targets/[id]/refresh/route";
import { GET as getTargets } from "@/app/api/v1/targets/route";
import { closeRegisteredPools } from "@/lib/db/pool-registry";
import type { IndexInventory, IndexJson } from "@/lib/inventory/index-inventory";
import { LastSeenTracker } from "@/lib/inventory/last-seen";
import { getInventorySnapshot } from "@/lib/inventory/snapshot";
import { asTargetError, fetchServerInfo, type TargetStatus } from "@/lib/inventory/target-status";
import type { TargetSampler } from "@/lib/sampler/sampler-loop";
import { createTargetSampler, samplerOptionsFromEnv } from "@/lib/sampler/service";
import { storePool } from "@/lib/store/pool";
import { monitoringPool } from "@/lib/targets/pools";
import { getTargetConfig } from "@/lib/targets/registry";
import { type PgCluster, type PgMajor, startCluster } from "@/test/support/pg-cluster";
import { ORIGIN, params, request } from "@/test/support/routes";
import { createTestDatabase, serverMajor, type TestDatabase } from "@/test/support/test-database";

// Viewers read what the sampler stored: the routes answer from the sampler's latest poll (its
// own connections), counted on the target with pg_stat_statements; refresh-now shares one
// poll; a saturated viewer pool never makes the sampler record an outage.

let target: PgCluster;
let store: TestDatabase;
let sampler: TargetSampler;

const ID = "snap";

beforeAll(async () => {
  target = await startCluster({
    major: serverMajor() as PgMajor,
    settings: { shared_preload_libraries: "'pg_stat_statements'" },
  });
  await target.query(
    `CREATE EXTENSION pg_stat_statements;
     CREATE TABLE events (id int NOT NULL, at date NOT NULL, kind text NOT NULL) PARTITION BY RANGE (at);
     CREATE TABLE events_h1 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2026-07-01');
     CREATE TABLE events_h2 PARTITION OF events FOR VALUES FROM ('2026-07-01') TO ('2027-01-01');
     CREATE INDEX events_kind_idx ON events (kind);
     INSERT INTO events SELECT g, date '2026-01-01' + (g % 360), 'k' || (g % 50) FROM generate_series(1, 20000) g;
     ANALYZE events`,
  );
  store = await createTestDatabase("snapshot_store");
  vi.stubEnv("DATABASE_URL", target.url());
  vi.stubEnv("TARGET_ID", ID);
  vi.stubEnv("TARGET_NAME", "Snap");
  vi.stubEnv("STORE_URL", store.url);
  vi.stubEnv("SAMPLE_INTERVAL", "60");
  sampler = createTargetSampler(
    getTargetConfig(ID),
    samplerOptionsFromEnv(() => undefined),
  );
});

afterAll(async () => {
  await sampler?.stop();
  await Promise.all([closeRegisteredPools("sampler"), closeRegisteredPools("monitoring")]);
  await storePool().end();
  vi.unstubAllEnvs();
  await store?.drop();
  await target?.destroy();
});

async function readInventory(): Promise<IndexInventory> {
  const response = await getIndexes(request("/x"), params({ id: ID }));
  expect(response.status).toBe(200);
  return (await response.json()) as IndexInventory;
}

const post = () =>
  refreshNow(request("/x", { method: "POST", headers: { origin: ORIGIN } }), params({ id: ID }));

/** Statements the target ran, other than the test's own reads of pg_stat_statements. */
async function targetStatements(): Promise<number> {
  const r = await target.query<{ n: string | null }>(
    "SELECT sum(calls) AS n FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat_statements%'",
  );
  return Number(r.rows[0]?.n ?? 0);
}

async function storeCount(sql: string): Promise<number> {
  const r = await store.pool.query<{ n: string }>(sql);
  return Number(r.rows[0]?.n ?? 0);
}

/** Scans every partition's index of events_kind_idx `n` times, and waits until the statistics show it. */
async function scanPartitions(n: number): Promise<void> {
  const client = new pg.Client({ connectionString: target.url() });
  await client.connect();
  try {
    await client.query("SET enable_seqscan = off; SET enable_bitmapscan = off");
    for (let i = 0; i < n; i++) await client.query("SELECT id FROM events WHERE kind = 'k7'");
    if (target.major >= 15) await client.query("SELECT pg_stat_force_next_flush()");
  } finally {
    await client.end(); // PG14 sends a backend's statistics when it exits
  }
}

async function partitionScans(): Promise<number> {
  const r = await target.query<{ n: string | null }>(
    "SELECT sum(idx_scan) AS n FROM pg_stat_user_indexes WHERE indexrelname LIKE 'events_h%'",
  );
  return Number(r.rows[0]?.n ?? 0);
}

async function waitUntil(ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error("condition not met within 15 s");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const byName = (inventory: IndexInventory) => new Map(inventory.indexes.map((i) => [i.name, i]));

describe("viewers read the sampler's poll", () => {
  it("twenty concurrent viewers get the same poll and the target runs no query for them", async () => {
    expect(await sampler.tick()).toBe("sampled");
    await target.query("SELECT pg_stat_statements_reset()");
    const answers = await Promise.all(Array.from({ length: 20 }, () => readInventory()));
    const listed = await getTargets(request("/api/v1/targets"));
    expect(await targetStatements()).toBe(0);

    const asOf = new Set(answers.map((a) => a.asOf));
    expect(asOf.size).toBe(1);
    const polls = await storeCount(`SELECT count(*) AS n FROM polls WHERE target_id = '${ID}'`);
    expect(polls).toBe(1);
    const lastPoll = await store.pool.query<{ at: Date }>("SELECT max(polled_at) AS at FROM polls");
    // As of the poll, on the database clock.
    expect(answers[0]?.asOf).toBe(lastPoll.rows[0]?.at.toISOString());
    for (const answer of answers) {
      expect(answer.targetUnreachable).toBeNull();
      expect(answer.ageSeconds).toBeGreaterThanOrEqual(0);
      expect(answer.indexes.length).toBe(3);
    }
    const status = ((await listed.json()) as { targets: TargetStatus[] }).targets[0];
    expect(status).toMatchObject({ id: ID, reachable: true });
    expect(status?.serverVersionNum).toBe(answers[0]?.serverVersionNum);
  });

  it("serializes each poll's inventory once for all its viewers, the age live per request", async () => {
    expect(await sampler.tick()).toBe("sampled");
    const stringify = vi.spyOn(JSON, "stringify");
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => readInventory()));
      const inventories = stringify.mock.calls.filter(
        ([value]) => typeof value === "object" && value !== null && "indexes" in value,
      );
      expect(inventories.length).toBe(1);
      const shared = await getInventorySnapshot(ID);
      for (const answer of answers) {
        expect(answer.ageSeconds).toBeGreaterThanOrEqual(0);
        expect({ ...answer, ageSeconds: 0 }).toEqual({ ...shared, ageSeconds: 0 });
      }
    } finally {
      stringify.mockRestore();
    }
  });

  it("sums a partitioned index's size and scans over its partitions' indexes", async () => {
    const before = await partitionScans();
    await scanPartitions(3);
    await waitUntil(async () => (await partitionScans()) >= before + 6);
    expect(await sampler.tick()).toBe("sampled");

    const rows = byName(await readInventory());
    const parent = rows.get("events_kind_idx") as IndexJson;
    const children = [...rows.values()].filter((i) => i.parentOid === parent.oid);
    expect(children.map((c) => c.table).sort()).toEqual(["events_h1", "events_h2"]);
    expect(parent.partitioned).toBe(true);
    expect(parent.partitionsSummed).toBe(2);
    for (const child of children) expect(child.sizeBytes).toBeGreaterThan(0);
    expect(parent.sizeBytes).toBe(children.reduce((sum, c) => sum + (c.sizeBytes ?? 0), 0));
    expect(parent.scans).toBe(children.reduce((sum, c) => sum + (c.scans ?? 0), 0));
    expect(parent.scans).toBeGreaterThanOrEqual(6);
  });

  it("says when an index was last seen scanned: the server's time on 16+, the poll interval from the history before", async () => {
    const previous = await readInventory();
    const before = await partitionScans();
    await scanPartitions(1);
    await waitUntil(async () => (await partitionScans()) >= before + 2);
    expect(await sampler.tick()).toBe("sampled");
    const now = await readInventory();
    const child = [...byName(now).values()].find((i) => i.table === "events_h1") as IndexJson;
    const parent = byName(now).get("events_kind_idx") as IndexJson;
    if (now.serverVersionNum >= 160000) {
      expect(now.lastScanAvailable).toBe(true);
      expect(child.lastScanAt).not.toBeNull();
      expect(child.lastSeenScanned).toBeNull();
    } else {
      expect(now.lastScanAvailable).toBe(false);
      expect(child.lastScanAt).toBeNull();
      // Scanned between the previous poll and this one, on the database clock of the polls.
      expect(child.lastSeenScanned).toEqual({ from: previous.asOf, to: now.asOf });
      expect(parent.lastSeenScanned).toEqual({ from: previous.asOf, to: now.asOf });
      // Another process reads the same from the store.
      const fromStore = new LastSeenTracker();
      await fromStore.loadOnce(store.pool, ID);
      expect(fromStore.seen.get(`public\u0000events_h1\u0000${child.name}`)).toEqual(child.lastSeenScanned);
    }
  });
});

describe("refresh now", () => {
  it("gives concurrent callers one shared poll, then refuses another within 10 s", async () => {
    const pollsBefore = await storeCount(`SELECT count(*) AS n FROM polls WHERE target_id = '${ID}'`);
    const shown = await readInventory();
    const responses = await Promise.all(Array.from({ length: 5 }, () => post()));
    for (const response of responses) expect(response.status).toBe(200);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as IndexInventory[];
    expect(new Set(bodies.map((b) => b.asOf)).size).toBe(1);
    expect(Date.parse(bodies[0]?.asOf ?? "")).toBeGreaterThan(Date.parse(shown.asOf));
    expect(await storeCount(`SELECT count(*) AS n FROM polls WHERE target_id = '${ID}'`)).toBe(
      pollsBefore + 1,
    );
    // Every viewer now reads that poll.
    expect((await readInventory()).asOf).toBe(bodies[0]?.asOf);

    const again = await post();
    expect(again.status).toBe(429);
    const retryAfter = Number(again.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
  });

  it("refuses a cross-origin request", async () => {
    const response = await refreshNow(
      request("/x", { method: "POST", headers: { origin: "https://evil.example" } }),
      params({ id: ID }),
    );
    expect(response.status).toBe(403);
  });
});

describe("pools that keep the sampler alive", () => {
  it("polls on its own connections while slow viewer queries hold every viewer connection", async () => {
    const config = getTargetConfig(ID);
    const viewers = monitoringPool(config);
    const pollsBefore = await storeCount(`SELECT count(*) AS n FROM polls WHERE target_id = '${ID}'`);
    const slow = Array.from({ length: 3 }, () => viewers.query("SELECT pg_sleep(7)"));
    await waitUntil(async () => viewers.totalCount === 3 && viewers.idleCount === 0);

    // A viewer that needs a connection now is told the pool is busy (503), not a 500.
    const waiting = fetchServerInfo(config).then(
      () => null,
      (error: unknown) => error,
    );
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await sampler.tick());
    expect(outcomes).toEqual(["sampled", "sampled", "sampled"]);
    const busy = (await waiting) as { status?: number; code?: string; message?: string } | null;
    expect(busy?.status).toBe(503);
    expect(busy?.code).toBe("target_busy");
    expect(busy?.message).toMatch(/busy/);
    await Promise.all(slow);

    expect(await storeCount(`SELECT count(*) AS n FROM polls WHERE target_id = '${ID}'`)).toBe(
      pollsBefore + 3,
    );
    expect(
      await storeCount("SELECT count(*) AS n FROM events WHERE kind IN ('unreachable', 'store_gap')"),
    ).toBe(0);
    expect(await storeCount(`SELECT count(*) AS n FROM targets WHERE id = '${ID}' AND status = 'ok'`)).toBe(
      1,
    );
  });

  it("answers a viewer query cut by the statement timeout as 504", async () => {
    const client = new pg.Client({ connectionString: target.url() });
    await client.connect();
    try {
      await client.query("SET statement_timeout = 50");
      const error = await client.query("SELECT pg_sleep(1)").then(
        () => null,
        (e: unknown) => e,
      );
      const mapped = asTargetError(getTargetConfig(ID), error) as { status?: number; code?: string };
      expect(mapped.status).toBe(504);
      expect(mapped.code).toBe("target_timeout");
    } finally {
      await client.end();
    }
  });
});

describe("a target that stops", () => {
  it("keeps answering the last poll, marked unreachable, with its age", async () => {
    const last = await readInventory();
    await target.stop("fast");
    expect(await sampler.tick()).toBe("unreachable");
    const answer = await readInventory();
    expect(answer.asOf).toBe(last.asOf);
    expect(answer.targetUnreachable).toMatch(/ECONNREFUSED|terminat|connect/i);
    expect(answer.indexes.length).toBe(last.indexes.length);
    expect(answer.ageSeconds).toBeGreaterThanOrEqual(last.ageSeconds);
    const status = (
      (await (await getTargets(request("/api/v1/targets"))).json()) as { targets: TargetStatus[] }
    ).targets[0];
    expect(status).toMatchObject({ id: ID, reachable: false });
  });
});
