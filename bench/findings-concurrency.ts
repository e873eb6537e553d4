/**
 * Ten concurrent findings requests while the sampler runs (issue 13): no 500, no false
 * "unreachable" event, no gap in the history. Before, three such requests each ran the whole
 * analysis on the viewers' pool, all answered 500 at the statement timeout, and the sampler,
 * sharing that pool, recorded a false outage and a gap.
 *
 * The sampler runs on its real timer (SAMPLE_INTERVAL_S); rounds of ten concurrent requests
 * (different filters, sorts and pages) go to the findings route as Next.js calls it: "cold"
 * rounds drop the computed analysis first (as after DDL), so the ten wait for one analysis;
 * "warm" rounds are served from it. Afterwards the store is checked for outage events and for
 * the longest time between two polls.
 * Usage: npx tsx bench/findings-concurrency.ts [indexCount] [rounds]
 */
import { performance } from "node:perf_hooks";
import { GET as getFindings } from "../app/api/v1/targets/[id]/findings/route";
import { findingsComputations, forgetFindings } from "../lib/findings/findings-cache";
import { createTargetSampler, samplerOptionsFromEnv } from "../lib/sampler/service";
import { migrateStore } from "../lib/store/migrate";
import { storePool } from "../lib/store/pool";
import { startCluster } from "../test/support/pg-cluster";
import { generateCatalog } from "./support/generated-catalog";

const SAMPLE_INTERVAL_S = 5;
const QUERIES = [
  "?kind=unused",
  "?sort=size&dir=desc",
  "?q=bench_t1",
  "?limit=50&offset=50",
  "?safe=1",
  "?kind=duplicate,redundant",
  "?table=public.bench_t2",
  "?sort=table",
  "?list=too_early&limit=100",
  "?list=unused&sort=size",
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(indexCount: number, rounds: number) {
  const cluster = await startCluster({ major: 18 });
  try {
    const database = `bench_${indexCount}`;
    console.log(`generating ${indexCount} indexes`);
    await generateCatalog(cluster, database, indexCount, () => undefined);
    await cluster.query("CREATE DATABASE indexwatch_store");
    await cluster.query("VACUUM ANALYZE", [], database);
    process.env.DATABASE_URL = cluster.url(database);
    process.env.TARGET_ID = "bench";
    process.env.STORE_URL = cluster.url("indexwatch_store");
    process.env.SAMPLE_INTERVAL = String(SAMPLE_INTERVAL_S);
    process.env.UNUSED_MIN_DAYS = "0";
    await migrateStore(storePool());
    const sampler = createTargetSampler(
      { id: "bench", name: "bench", url: cluster.url(database) },
      samplerOptionsFromEnv(() => undefined),
    );
    if ((await sampler.pollNow()) !== "sampled") throw new Error("warm-up poll failed");
    const startedAt = new Date();
    sampler.start();

    const statuses = new Map<number, number>();
    const times = { cold: [] as number[], warm: [] as number[] };
    let analyses = 0;
    for (let round = 0; round < rounds; round++) {
      for (const kind of ["cold", "warm"] as const) {
        if (kind === "cold") forgetFindings("bench");
        const before = findingsComputations("bench");
        const began = performance.now();
        await Promise.all(
          QUERIES.map(async (query) => {
            const response = await getFindings(
              new Request(`http://localhost/api/v1/targets/bench/findings${query}`),
              { params: Promise.resolve({ id: "bench" }) },
            );
            await response.arrayBuffer();
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          }),
        );
        times[kind].push(performance.now() - began);
        analyses += findingsComputations("bench") - before;
      }
    }
    // One more interval, so that a poll delayed by the last round would show as a gap.
    await new Promise((r) => setTimeout(r, SAMPLE_INTERVAL_S * 1000));
    await sampler.stop();

    const store = storePool();
    const events = await store.query<{ kind: string; n: string }>(
      "SELECT kind, count(*) AS n FROM events WHERE target_id = 'bench' AND at >= $1 GROUP BY kind",
      [startedAt],
    );
    const gaps = await store.query<{ polls: string; max_gap_s: number | null }>(
      `SELECT count(*) AS polls, max(gap) AS max_gap_s
         FROM (SELECT extract(epoch FROM polled_at - lag(polled_at) OVER (ORDER BY polled_at))::float8 AS gap
                 FROM polls WHERE target_id = 'bench' AND polled_at >= $1) g`,
      [startedAt],
    );
    const outages = events.rows
      .filter((e) => e.kind === "unreachable" || e.kind === "store_gap")
      .reduce((n, e) => n + Number(e.n), 0);
    const errors500 = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    const maxGap = gaps.rows[0]?.max_gap_s ?? Number.NaN;
    console.log(
      `${rounds} cold and ${rounds} warm rounds of ${QUERIES.length} concurrent findings requests at ${indexCount} indexes, sampler every ${SAMPLE_INTERVAL_S} s:`,
    );
    console.log(
      `  answers: ${[...statuses].map(([s, n]) => `${n}× ${s}`).join(", ")}; analyses run: ${analyses} (one per cold round)`,
    );
    console.log(
      `  round time: cold median ${median(times.cold).toFixed(0)} ms (max ${Math.max(...times.cold).toFixed(0)}), warm median ${median(times.warm).toFixed(0)} ms`,
    );
    console.log(
      `  history: ${gaps.rows[0]?.polls} polls, longest time between two ${maxGap.toFixed(1)} s, outage events ${outages}`,
    );
    const meets = errors500 === 0 && outages === 0 && maxGap < 2 * SAMPLE_INTERVAL_S + 1;
    console.log(
      `findings concurrency at ${indexCount} indexes: ${errors500} × 5xx, ${outages} outage events, longest poll gap ${maxGap.toFixed(1)} s ` +
        `(goal: no 500, no false unreachable, no gap: ${meets ? "meets" : "MISSES"})`,
    );
    await store.end();
  } finally {
    await cluster.destroy();
  }
}

const [countArg, roundsArg] = process.argv.slice(2).map(Number);
await main(countArg || 10_000, roundsArg || 3);
process.exit(0);
