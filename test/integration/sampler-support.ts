import pg from "pg";
import { createPool } from "@/lib/db/pool";
import { BufferedHistorySink } from "@/lib/sampler/history-sink";
import { type SampledTarget, type SampleOutcome, sampleTargetOnce } from "@/lib/sampler/sample-once";
import { migrateStore } from "@/lib/store/migrate";
import { readPollDeltas } from "@/lib/store/poll-deltas-reads";
import { type PgCluster, type PgMajor, startCluster } from "@/test/support/pg-cluster";

/*
 * Shared set-up of the sampler integration tests: a target cluster and a store cluster of
 * their own (the tests stop and start both), a table with one index, and helpers that scan it
 * and wait until the statistics show it (stats are flushed lazily).
 */

export interface SamplerWorld {
  target: PgCluster;
  store: PgCluster;
  storeUrl: string;
  storePool: pg.Pool;
  targetPool: pg.Pool;
  close(): Promise<void>;
}

export async function startSamplerWorld(major: PgMajor): Promise<SamplerWorld> {
  const [target, store] = await Promise.all([startCluster({ major }), startCluster({ major })]);
  await target.query(
    `CREATE TABLE orders (id int PRIMARY KEY, status text NOT NULL);
     INSERT INTO orders SELECT g, CASE WHEN g % 10 = 0 THEN 'open' ELSE 'done' END FROM generate_series(1, 2000) g;
     CREATE INDEX orders_status_idx ON orders (status);
     ANALYZE orders`,
  );
  await store.query("CREATE DATABASE indexwatch");
  const storeUrl = store.url("indexwatch");
  const storePool = createPool(storeUrl, { applicationName: "indexwatch-store-test", max: 4 });
  await migrateStore(storePool);
  const targetPool = createPool(target.url(), { applicationName: "indexwatch", max: 2 });
  return {
    target,
    store,
    storeUrl,
    storePool,
    targetPool,
    async close() {
      await Promise.all([storePool.end(), targetPool.end()]);
      await Promise.all([target.destroy(), store.destroy()]);
    },
  };
}

export function sampledTarget(
  world: SamplerWorld,
  id = "t1",
): { target: SampledTarget; sink: BufferedHistorySink } {
  return {
    target: { id, pool: world.targetPool, sizeEveryMs: 0 },
    sink: new BufferedHistorySink(world.storePool, 3),
  };
}

async function idxScan(cluster: PgCluster): Promise<number> {
  const r = await cluster.query<{ n: string | null }>(
    "SELECT idx_scan AS n FROM pg_stat_user_indexes WHERE indexrelname = 'orders_status_idx'",
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** One poll that must sample (the target reachable, the sampler holding it). */
export async function pollSampled(
  target: SampledTarget,
  sink: BufferedHistorySink,
): Promise<Extract<SampleOutcome, { kind: "sampled" }>> {
  const outcome = await sampleTargetOnce(target, sink);
  if (outcome.kind !== "sampled") throw new Error(`poll did not sample: ${outcome.kind}`);
  return outcome;
}

/** Waits until the index's counter satisfies `ready` as other sessions see it. */
export async function waitForIdxScan(cluster: PgCluster, ready: (n: number) => boolean): Promise<number> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const n = await idxScan(cluster);
    if (ready(n) || Date.now() > deadline) return n;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs `n` index scans of orders_status_idx and waits until the statistics show them. */
export async function scanIndex(cluster: PgCluster, n: number): Promise<void> {
  const before = await idxScan(cluster);
  const client = new pg.Client({ connectionString: cluster.url() });
  await client.connect();
  try {
    await client.query("SET enable_seqscan = off; SET enable_bitmapscan = off");
    for (let i = 0; i < n; i++) await client.query("SELECT id FROM orders WHERE status = 'open'");
    if (cluster.major >= 15) await client.query("SELECT pg_stat_force_next_flush()");
  } finally {
    await client.end();
  }
  const seen = await waitForIdxScan(cluster, (v) => v >= before + n);
  // Say so here rather than as a wrong total later (PG14's collector can drop a message).
  if (seen < before + n) throw new Error(`the statistics show ${seen} scans, not the ${before + n} run`);
}

/** Total observed scans of the index with that name, from the store's daily roll-up. */
export async function storedScans(pool: pg.Pool, name = "orders_status_idx"): Promise<number> {
  const r = await pool.query<{ n: string | null }>(
    `SELECT sum(d.scans) AS n FROM usage_daily d JOIN index_identity i ON i.id = d.identity_id WHERE i.index_name = $1`,
    [name],
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** Scans in the per-poll detail (the compact poll rows) of one index of a target. */
export async function storedRawScans(
  pool: pg.Pool,
  name = "orders_status_idx",
  targetId = "t1",
): Promise<number> {
  const deltas = await readPollDeltas(pool, targetId, name);
  return deltas.reduce((sum, d) => sum + d.scans, 0);
}

/** How many index deltas the per-poll detail holds for a target. */
export async function storedRawCount(pool: pg.Pool, targetId = "t1"): Promise<number> {
  return (await readPollDeltas(pool, targetId)).length;
}

export async function eventKinds(pool: pg.Pool): Promise<string[]> {
  const r = await pool.query<{ kind: string }>("SELECT kind FROM events ORDER BY id");
  return r.rows.map((row) => row.kind);
}

/** pg_stat_database.xact_commit of the target's database, as other sessions see it. */
export async function committedTransactions(cluster: PgCluster): Promise<number> {
  const r = await cluster.query<{ n: string }>(
    "SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()",
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** Commits small transactions until the statistics show more than `count` commits. */
export async function commitUntilPast(cluster: PgCluster, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await committedTransactions(cluster)) <= count) {
    if (Date.now() > deadline) throw new Error(`xact_commit did not pass ${count}`);
    // A fresh session each round: on PG14 a backend sends its statistics when it exits.
    const client = new pg.Client({ connectionString: cluster.url() });
    await client.connect();
    try {
      for (let i = 0; i < 100; i++) await client.query("SELECT 1");
      if (cluster.major >= 15) await client.query("SELECT pg_stat_force_next_flush()");
    } finally {
      await client.end();
    }
  }
}
