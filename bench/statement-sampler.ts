/**
 * What the statement history costs the target (issue 15), in one run on PostgreSQL 18:
 *
 * 1. At `count` distinct statements in pg_stat_statements (5,000 by default), the statement
 *    sampler's time on the target per interval (its reads of the target only, measured on the
 *    target connection: setup, info, the busiest entries, texts of new ones), against the raw
 *    `SELECT * FROM pg_stat_statements` alone. Measured in alternation, medians; between two
 *    intervals a few hundred statements run again, so every interval has deltas to compute.
 *    Goal: at most 1.3×. The slower cadence (every entry, every STATEMENTS_FULL_INTERVAL) is
 *    reported for information.
 * 2. Viewers add nothing: the same sampler ticks with 1 and with 20 simulated Queries-page
 *    viewers (the list and one statement's history, at the page's refetch), measured as the
 *    calls and execution time pg_stat_statements records on the target database.
 *
 * Usage: npx tsx bench/statement-sampler.ts [count]
 */
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { GET as getHistory } from "../app/api/v1/targets/[id]/statements/[queryid]/history/route";
import { GET as getStatements } from "../app/api/v1/targets/[id]/statements/route";
import { createPool } from "../lib/db/pool";
import { createTargetSampler, samplerOptionsFromEnv } from "../lib/sampler/service";
import { type StatementTarget, sampleStatementsOnce } from "../lib/sampler/statement-sampler";
import { migrateStore } from "../lib/store/migrate";
import { storePool } from "../lib/store/pool";
import { type PgCluster, startCluster } from "../test/support/pg-cluster";
import { ratioLine } from "./support/measure";

const TABLES = 50;
const COLUMNS = 10;
const RERUN_PER_INTERVAL = 300;
const TOP = 200;
const ROUNDS = 11;

/** Statement `i` of the bench: one of TABLES × COLUMNS × COLUMNS shapes, each its own queryid. */
function statement(i: number): string {
  const table = i % TABLES;
  const selected = Math.floor(i / TABLES) % COLUMNS;
  const filtered = Math.floor(i / (TABLES * COLUMNS)) % COLUMNS;
  return `SELECT c${selected} FROM t${table} WHERE c${filtered} = ${i}`;
}

async function runStatements(cluster: PgCluster, database: string, ids: number[]) {
  for (let k = 0; k < ids.length; k += 500) {
    await cluster.query(
      ids
        .slice(k, k + 500)
        .map((i) => statement(i))
        .join(";\n"),
      [],
      database,
    );
  }
}

/** A pool whose clients add up the wall time of every query they run: the sampler's time on the target. */
function timedPool(url: string): {
  pool: pg.Pool;
  spent: () => number;
  reset: () => void;
  byName: Map<string, number[]>;
} {
  const pool = createPool(url, { applicationName: "indexwatch-bench", max: 2 });
  let spent = 0;
  const byName = new Map<string, number[]>();
  const connect = pool.connect.bind(pool);
  // The pool hands the same clients out again: wrap each one once.
  const wrapped = new WeakSet<object>();
  const patched = async () => {
    const client = await connect();
    if (wrapped.has(client)) return client;
    wrapped.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as { query: unknown }).query = async (...args: unknown[]) => {
      const began = performance.now();
      try {
        return await query(...args);
      } finally {
        const took = performance.now() - began;
        spent += took;
        const first = args[0] as { text?: string } | string;
        const text = typeof first === "string" ? first : (first.text ?? "");
        const name = /indexwatch:(\w+)/.exec(text)?.[1] ?? text.slice(0, 20);
        byName.set(name, [...(byName.get(name) ?? []), took]);
      }
    };
    return client;
  };
  (pool as unknown as { connect: unknown }).connect = patched;
  return {
    pool,
    spent: () => spent,
    byName,
    reset: () => {
      spent = 0;
    },
  };
}

const median = (t: number[]) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)] ?? Number.NaN;

async function targetTotals(cluster: PgCluster, database: string) {
  const r = await cluster.query<{ calls: string | null; ms: number | null }>(
    `SELECT sum(calls) AS calls, sum(total_exec_time) AS ms FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = $1)`,
    [database],
    database,
  );
  return { calls: Number(r.rows[0]?.calls ?? 0), ms: Number(r.rows[0]?.ms ?? 0) };
}

async function bench(count: number) {
  const cluster = await startCluster({
    major: 18,
    settings: { "pg_stat_statements.max": Math.max(10_000, count * 2) },
  });
  const database = "bench_statements";
  try {
    await cluster.query(`CREATE DATABASE ${database}`);
    await cluster.query("CREATE DATABASE indexwatch_store");
    const columns = Array.from({ length: COLUMNS }, (_, c) => `c${c} int`).join(", ");
    await cluster.query(
      `CREATE EXTENSION pg_stat_statements;
       ${Array.from({ length: TABLES }, (_, t) => `CREATE TABLE t${t} (${columns});`).join("\n")}`,
      [],
      database,
    );
    console.log(`running ${count} distinct statements`);
    await runStatements(
      cluster,
      database,
      Array.from({ length: count }, (_, i) => i),
    );
    process.env.DATABASE_URL = cluster.url(database);
    process.env.TARGET_ID = "bench";
    process.env.STORE_URL = cluster.url("indexwatch_store");
    process.env.SAMPLE_INTERVAL = "10";
    const store = storePool();
    await migrateStore(store);
    const seen = await cluster.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())",
      [],
      database,
    );
    console.log(`pg_stat_statements holds ${seen.rows[0]?.n} entries of the bench database`);

    // 1. One interval of the statement sampler against the raw read.
    const timed = timedPool(cluster.url(database));
    const target: StatementTarget = {
      id: "bench",
      pool: timed.pool,
      settings: { top: TOP, fullEveryMs: 600_000 },
    };
    await sampleStatementsOnce(target, store); // the baseline (every entry, every text)
    const raw = createPool(cluster.url(database), { applicationName: "indexwatch-bench-raw", max: 1 });
    let next = 0;
    const interval = async () => {
      await runStatements(
        cluster,
        database,
        Array.from({ length: RERUN_PER_INTERVAL }, () => (next++ * 7919) % count),
      );
      timed.reset();
      timed.byName.clear();
      await sampleStatementsOnce(target, store);
      return timed.spent();
    };
    const rawRead = async () => {
      const began = performance.now();
      await raw.query("SELECT * FROM pg_stat_statements");
      return performance.now() - began;
    };
    const ours: number[] = [];
    const baseline: number[] = [];
    const full: number[] = [];
    for (let i = 0; i < 2; i++) {
      await interval();
      await rawRead();
    }
    for (let i = 0; i < ROUNDS; i++) {
      ours.push(await interval());
      baseline.push(await rawRead());
      if (target.memory) target.memory.lastFullAt = 0; // the next one reads every entry
      full.push(await interval());
    }
    console.log(
      ratioLine(
        `statement sampler per interval at ${count} statements (top ${TOP} by time and by calls)`,
        median(ours),
        median(baseline),
        1.3,
      ),
    );
    console.log(
      `  per query of the last interval (a full read), ms: ${[...timed.byName].map(([n, t]) => `${n} ${median(t).toFixed(1)}`).join(", ")}`,
    );
    console.log(
      ratioLine(
        `statement sampler's full read (every ${600} s) at ${count} statements`,
        median(full),
        median(baseline),
      ),
    );
    await raw.end();
    await timed.pool.end();

    // 2. 1 vs 20 Queries-page viewers: the target's cost over the same sampler ticks.
    const sampler = createTargetSampler(
      { id: "bench", name: "bench", url: cluster.url(database) },
      { ...samplerOptionsFromEnv(() => undefined), statements: { top: TOP, fullEveryMs: 600_000 } },
    );
    if ((await sampler.pollNow()) !== "sampled") throw new Error("warm-up poll failed");
    const page = await getStatements(new Request("http://localhost/api/v1/targets/bench/statements"), {
      params: Promise.resolve({ id: "bench" }),
    });
    const listed = (await page.json()) as { statements: { queryid: string; dbid: number; userid: number }[] };
    const first = listed.statements[0];
    if (!first) throw new Error("no statement listed");
    const view = async () => {
      const [list, history] = await Promise.all([
        getStatements(new Request("http://localhost/api/v1/targets/bench/statements?limit=50"), {
          params: Promise.resolve({ id: "bench" }),
        }),
        getHistory(
          new Request(
            `http://localhost/api/v1/targets/bench/statements/${first.queryid}/history?dbid=${first.dbid}&userid=${first.userid}`,
          ),
          { params: Promise.resolve({ id: "bench", queryid: first.queryid }) },
        ),
      ]);
      if (list.status !== 200 || history.status !== 200) throw new Error("a viewer's read failed");
      await Promise.all([list.arrayBuffer(), history.arrayBuffer()]);
    };
    const phase = async (viewers: number) => {
      const before = await targetTotals(cluster, database);
      for (let tick = 0; tick < 6; tick++) {
        if ((await sampler.pollNow()) !== "sampled") throw new Error("poll failed");
        for (let refetch = 0; refetch < 2; refetch++)
          await Promise.all(Array.from({ length: viewers }, view));
      }
      const after = await targetTotals(cluster, database);
      return { calls: after.calls - before.calls, ms: after.ms - before.ms };
    };
    const results = new Map<number, { calls: number; ms: number }[]>([
      [1, []],
      [20, []],
    ]);
    for (let round = 0; round < 5; round++) for (const n of [1, 20]) results.get(n)?.push(await phase(n));
    const pick = (n: number) => {
      const sorted = [...(results.get(n) ?? [])].sort((a, b) => a.ms - b.ms);
      return sorted[Math.floor(sorted.length / 2)] as { calls: number; ms: number };
    };
    const one = pick(1);
    const twenty = pick(20);
    console.log(
      `Queries-page viewers at ${count} statements, 6 sampler ticks, 2 refetches each: 1 viewer ${one.calls} statements / ${one.ms.toFixed(1)} ms on the target; 20 viewers ${twenty.calls} statements / ${twenty.ms.toFixed(1)} ms; ratio ${(twenty.calls / one.calls).toFixed(2)}x of statements, ${(twenty.ms / one.ms).toFixed(2)}x of time (goal: the same)`,
    );
    await sampler.stop();
    await store.end();
  } finally {
    await cluster.destroy();
  }
}

const count = Number(process.argv[2] ?? 5_000);
await bench(count);
process.exit(0);
