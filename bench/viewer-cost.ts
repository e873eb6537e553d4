/**
 * What viewers cost the target: the same window of sampler polls with 1 and with 20 simulated
 * viewers, each polling the Overview/Indexes page's routes (the inventory and the target list)
 * and an index page of its own (the index detail) at the page's refetch rate, measured with pg_stat_statements on the target database.
 * Goal: 20 viewers cost what 1 does, within 10%.
 *
 * The window is stepped, not slept through: a 10 s sampler interval and a 15 s page refetch
 * over VIRTUAL_WINDOW_S seconds, in 5 s steps, the viewers staggered over the refetch period.
 * Every phase (no viewer, 1, 20; five rounds in alternation, median round) runs the same sampler polls
 * after a warm-up poll (the one that sizes every index): what differs is the viewers alone.
 * Usage: npx tsx bench/viewer-cost.ts [indexCount ...]
 */
import { GET as getIndex } from "../app/api/v1/targets/[id]/indexes/[oid]/route";
import { GET as getIndexes } from "../app/api/v1/targets/[id]/indexes/route";
import { GET as getTargets } from "../app/api/v1/targets/route";
import { POLL_INTERVAL_MS } from "../lib/client/query-keys";
import { createTargetSampler, samplerOptionsFromEnv } from "../lib/sampler/service";
import { migrateStore } from "../lib/store/migrate";
import { storePool } from "../lib/store/pool";
import { type PgCluster, startCluster } from "../test/support/pg-cluster";
import { generateCatalog } from "./support/generated-catalog";

const SAMPLE_INTERVAL_S = 10;
const VIRTUAL_WINDOW_S = 120;
const STEP_S = 5;
const REFETCH_S = POLL_INTERVAL_MS / 1000;
const VIEWER_COUNTS = [0, 1, 20];
const ROUNDS = 5;

interface Cost {
  calls: number;
  execMs: number;
  viewerRequests: number;
  /** Per statement (its indexwatch name, else its first words): calls and database time. */
  byStatement: Map<string, { calls: number; execMs: number }>;
}

async function targetCost(cluster: PgCluster, database: string): Promise<Omit<Cost, "viewerRequests">> {
  const r = await cluster.query<{ name: string; calls: string; ms: number }>(
    `SELECT coalesce(substring(query FROM 'indexwatch:([a-z_0-9]+)'), left(regexp_replace(query, '\\s+', ' ', 'g'), 50)) AS name,
            sum(calls) AS calls, sum(total_exec_time) AS ms
       FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = $1)
        AND query NOT ILIKE '%pg_stat_statements%'
      GROUP BY 1`,
    [database],
    database,
  );
  const byStatement = new Map(r.rows.map((row) => [row.name, { calls: Number(row.calls), execMs: row.ms }]));
  let calls = 0;
  let execMs = 0;
  for (const s of byStatement.values()) {
    calls += s.calls;
    execMs += s.execMs;
  }
  return { calls, execMs, byStatement };
}

async function phase(
  cluster: PgCluster,
  database: string,
  viewers: number,
  tick: () => Promise<string>,
  indexOids: readonly number[],
): Promise<Cost> {
  await cluster.query("SELECT pg_stat_statements_reset()", [], database);
  let viewerRequests = 0;
  const view = async (viewer: number) => {
    const oid = String(indexOids[viewer % indexOids.length]);
    const [inventory, targets, index] = await Promise.all([
      getIndexes(new Request("http://localhost/api/v1/targets/bench/indexes"), {
        params: Promise.resolve({ id: "bench" }),
      }),
      getTargets(new Request("http://localhost/api/v1/targets")),
      getIndex(new Request(`http://localhost/api/v1/targets/bench/indexes/${oid}`), {
        params: Promise.resolve({ id: "bench", oid }),
      }),
    ]);
    if (inventory.status !== 200 || targets.status !== 200 || index.status !== 200) {
      throw new Error("a viewer's read failed");
    }
    await Promise.all([inventory.arrayBuffer(), targets.arrayBuffer(), index.arrayBuffer()]);
    viewerRequests += 3;
  };
  for (let t = 0; t < VIRTUAL_WINDOW_S; t += STEP_S) {
    if (t % SAMPLE_INTERVAL_S === 0) {
      const outcome = await tick();
      if (outcome !== "sampled") throw new Error(`sampler: ${outcome}`);
    }
    // Viewer v refetches at t ≡ its offset (mod the refetch period): spread like real tabs.
    const due = Array.from({ length: viewers }, (_, v) => v).filter(
      (v) => t % REFETCH_S === (v * STEP_S) % REFETCH_S,
    );
    await Promise.all(due.map((v) => view(v)));
  }
  return { ...(await targetCost(cluster, database)), viewerRequests };
}

async function benchOne(indexCount: number) {
  const cluster = await startCluster({
    major: 18,
    settings: { shared_preload_libraries: "'pg_stat_statements'" },
  });
  try {
    const database = `bench_${indexCount}`;
    console.log(`generating ${indexCount} indexes`);
    await generateCatalog(cluster, database, indexCount, console.log);
    await cluster.query("CREATE EXTENSION pg_stat_statements", [], database);
    await cluster.query("CREATE DATABASE indexwatch_store");
    await cluster.query("VACUUM ANALYZE", [], database);
    process.env.DATABASE_URL = cluster.url(database);
    process.env.TARGET_ID = "bench";
    process.env.STORE_URL = cluster.url("indexwatch_store");
    process.env.SAMPLE_INTERVAL = String(SAMPLE_INTERVAL_S);
    await migrateStore(storePool());

    const sampler = createTargetSampler(
      { id: "bench", name: "bench", url: cluster.url(database) },
      samplerOptionsFromEnv(() => undefined),
    );
    const tick = () => sampler.pollNow();
    if ((await tick()) !== "sampled") throw new Error("warm-up poll failed");
    // Each viewer keeps an index page of its own open.
    const picked = await cluster.query<{ oid: string }>(
      "SELECT indexrelid::int8 AS oid FROM pg_stat_user_indexes ORDER BY indexrelid LIMIT 20",
      [],
      database,
    );
    const indexOids = picked.rows.map((r) => Number(r.oid));

    // Phases in alternation, so that drift in the machine's load touches each alike; each
    // phase's figure is its median round (the sampler's own statements vary with the load).
    const rounds = new Map<number, Cost[]>(VIEWER_COUNTS.map((n) => [n, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const viewers of VIEWER_COUNTS) {
        rounds.get(viewers)?.push(await phase(cluster, database, viewers, tick, indexOids));
      }
    }
    const total = new Map<number, Cost>();
    for (const [viewers, costs] of rounds) {
      const sorted = [...costs].sort((a, b) => a.execMs - b.execMs);
      total.set(viewers, sorted[Math.floor(sorted.length / 2)] as Cost);
    }
    await sampler.stop();
    console.log(
      `viewer cost at ${indexCount} indexes, median of ${ROUNDS} rounds of ${VIRTUAL_WINDOW_S} s (sampler every ${SAMPLE_INTERVAL_S} s, pages every ${REFETCH_S} s):`,
    );
    for (const [viewers, cost] of total) {
      console.log(
        `  ${viewers} viewers: ${cost.viewerRequests} requests, ${cost.calls} statements, ${cost.execMs.toFixed(0)} ms on the target`,
      );
    }
    // Where the time went, statement by statement: what 20 viewers add over 1, if anything.
    const names = new Set([
      ...(total.get(1)?.byStatement.keys() ?? []),
      ...(total.get(20)?.byStatement.keys() ?? []),
    ]);
    for (const name of names) {
      const cells = VIEWER_COUNTS.map((v) => {
        const s = total.get(v)?.byStatement.get(name);
        return `${v}: ${s?.calls ?? 0} calls ${(s?.execMs ?? 0).toFixed(0)} ms`;
      });
      console.log(`    ${name}: ${cells.join(" | ")}`);
    }
    const one = total.get(1) as Cost;
    const twenty = total.get(20) as Cost;
    const alone = total.get(0) as Cost;
    const ratio = twenty.execMs / one.execMs;
    const verdict = Math.abs(ratio - 1) <= 0.1 ? "meets" : "MISSES";
    console.log(
      `viewer cost 20/1 at ${indexCount} indexes: ratio ${ratio.toFixed(2)}x of database time, ${(twenty.calls / one.calls).toFixed(2)}x of statements; 1 viewer vs sampler alone ${(one.execMs / alone.execMs).toFixed(2)}x (goal 20/1 within 10%: ${verdict})`,
    );
    await storePool().end();
  } finally {
    await cluster.destroy();
  }
}

const counts = process.argv.slice(2).map(Number);
for (const count of counts.length ? counts : [10_000, 50_000]) await benchOne(count);
process.exit(0);
