/**
 * One process sampling 20 targets of 2,000 indexes each: per-interval database time of the
 * sampler against the raw counter query alone, in the same run on the same databases, and
 * the sampler's own CPU. Database time is pg_stat_statements' total_exec_time of each side's
 * role (the sampler and the raw query connect as different roles; the workload that moves the
 * counters between intervals and the store writes run as a third). Goal: at most 1.3x.
 * Usage: npx tsx bench/fleet-sampling.ts [targets] [indexesPerTarget] [intervals]
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import { createPool } from "../lib/db/pool";
import { BufferedHistorySink } from "../lib/sampler/history-sink";
import { type SampledTarget, sampleTargetOnce } from "../lib/sampler/sample-once";
import { migrateStore } from "../lib/store/migrate";
import { type PgCluster, startCluster } from "../test/support/pg-cluster";
import { generateCatalog } from "./support/generated-catalog";

const TARGETS = Number(process.argv[2] ?? 20);
const INDEXES = Number(process.argv[3] ?? 2000);
const INTERVALS = Number(process.argv[4] ?? 10);
/** Default SAMPLE_INTERVAL 60 s and SIZE_INTERVAL 600 s: one poll in ten also sizes. */
const SIZE_EVERY_N_POLLS = 10;
const GOAL = 1.3;

// The seed's counter query, what a DBA runs by hand, without the size function.
const RAW_COUNTERS = `SELECT indexrelid, schemaname, relname, indexrelname, idx_scan, idx_tup_read, idx_tup_fetch
  FROM pg_stat_user_indexes`;

const databases = Array.from({ length: TARGETS }, (_, i) => `bench_fleet_${i}`);
const urlAs = (cluster: PgCluster, role: string, db: string) =>
  `postgres://${role}@127.0.0.1:${cluster.port}/${db}`;

async function execMsOf(cluster: PgCluster, role: string): Promise<number> {
  const r = await cluster.query<{ ms: number | null }>(
    `SELECT sum(s.total_exec_time)::float8 AS ms FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
      WHERE r.rolname = $1`,
    [role],
  );
  return Number(r.rows[0]?.ms ?? 0);
}

/** Scans a few indexes of every database, so each interval has deltas to compute. */
async function moveCounters(workers: pg.Client[], interval: number) {
  await Promise.all(
    workers.map(async (c) => {
      for (let k = 0; k < 20; k++) {
        const t = (interval * 37 + k * 11) % (INDEXES / 10);
        await c.query(`SELECT count(*) FROM bench_t${t} WHERE a = ${k}`);
      }
      await c.query("SELECT pg_stat_force_next_flush()");
    }),
  );
}

async function main() {
  const cluster = await startCluster({
    major: 18,
    settings: { shared_preload_libraries: "'pg_stat_statements'", max_connections: 200 },
  });
  try {
    console.log(`generating ${INDEXES} indexes, then ${TARGETS - 1} copies`);
    await generateCatalog(cluster, databases[0] as string, INDEXES, () => undefined);
    for (const db of databases.slice(1))
      await cluster.query(`CREATE DATABASE ${db} TEMPLATE ${databases[0]}`);
    await cluster.query("CREATE EXTENSION pg_stat_statements");
    await cluster.query(
      "CREATE ROLE bench_sampler LOGIN IN ROLE pg_monitor; CREATE ROLE bench_raw LOGIN IN ROLE pg_monitor",
    );
    await cluster.query("CREATE DATABASE bench_store");
    const storePool = createPool(cluster.url("bench_store"), { applicationName: "bench-store", max: 4 });
    await migrateStore(storePool);

    const workers = await Promise.all(
      databases.map(async (db) => {
        const c = new pg.Client({ connectionString: cluster.url(db) });
        await c.connect();
        await c.query("SET enable_seqscan = off");
        return c;
      }),
    );

    // The sampler, as the app runs it: one pool per target, polls of all targets at once.
    const samplerPools = databases.map((db) =>
      createPool(urlAs(cluster, "bench_sampler", db), { applicationName: "indexwatch", max: 3 }),
    );
    const targets: SampledTarget[] = databases.map((db, i) => ({
      id: db,
      pool: samplerPools[i] as pg.Pool,
      sizeEveryMs: Number.MAX_SAFE_INTEGER,
    }));
    // One sink per target, as the app has (a sink writes its batches in order, one at a time).
    const sinks = targets.map(() => new BufferedHistorySink(storePool, 10));
    const poll = (t: SampledTarget, i: number) => sampleTargetOnce(t, sinks[i] as BufferedHistorySink);
    // First poll of each target: definitions of every index and a baseline, not an interval.
    await Promise.all(targets.map(poll));

    const rawPools = databases.map((db) =>
      createPool(urlAs(cluster, "bench_raw", db), { applicationName: "raw", max: 1 }),
    );
    await Promise.all(rawPools.map((p) => p.query(RAW_COUNTERS))); // connect, warm caches

    const sampler = {
      dbMs: [] as number[],
      sizingDbMs: [] as number[],
      cpuMs: [] as number[],
      wallMs: [] as number[],
    };
    const raw = { dbMs: [] as number[] };
    for (let i = 0; i < INTERVALS; i++) {
      await moveCounters(workers, i);
      const sizing = i % SIZE_EVERY_N_POLLS === 0;
      if (sizing) for (const t of targets) if (t.memory) t.memory.lastSizedAt = undefined;
      let before = await execMsOf(cluster, "bench_sampler");
      const cpu = process.cpuUsage();
      const began = performance.now();
      const outcomes = await Promise.all(targets.map(poll));
      sampler.wallMs.push(performance.now() - began);
      const used = process.cpuUsage(cpu);
      sampler.cpuMs.push((used.user + used.system) / 1000);
      if (outcomes.some((o) => o.kind !== "sampled" || !o.stored))
        throw new Error("a poll failed or was not stored");
      const samplerDb = (await execMsOf(cluster, "bench_sampler")) - before;
      (sizing ? sampler.sizingDbMs : sampler.dbMs).push(samplerDb);

      before = await execMsOf(cluster, "bench_raw");
      await Promise.all(rawPools.map((p) => p.query(RAW_COUNTERS)));
      raw.dbMs.push((await execMsOf(cluster, "bench_raw")) - before);
    }
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
    const countersOnly = mean(sampler.dbMs);
    const withSizing = mean(sampler.sizingDbMs);
    const amortized = (countersOnly * (SIZE_EVERY_N_POLLS - 1) + withSizing) / SIZE_EVERY_N_POLLS;
    const rawMs = mean(raw.dbMs);
    const line = (label: string, ours: number) =>
      `${label}: sampler ${ours.toFixed(1)} ms, raw counter query ${rawMs.toFixed(1)} ms, ratio ${(ours / rawMs).toFixed(2)}x (goal <= ${GOAL}x: ${ours / rawMs <= GOAL ? "meets" : "MISSES"})`;
    console.log(
      `\n${TARGETS} targets x ${INDEXES} indexes, ${INTERVALS} intervals; database time per interval, all targets:`,
    );
    console.log(line("  counters-only poll", countersOnly));
    console.log(line("  amortized (1 poll in 10 sizes)", amortized));
    console.log(`  sizing poll alone: ${withSizing.toFixed(1)} ms`);
    console.log(
      `  sampler CPU per interval: ${mean(sampler.cpuMs).toFixed(1)} ms (wall ${mean(sampler.wallMs).toFixed(1)} ms for all ${TARGETS} targets)`,
    );
    await Promise.all([...samplerPools, ...rawPools, storePool].map((p) => p.end()));
    await Promise.all(workers.map((c) => c.end()));
  } finally {
    await cluster.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
