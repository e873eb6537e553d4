/**
 * Server time of the weekly usage read for 50,000 indexes and eight weeks of daily history,
 * and the store's size. Goal: well under a second. Every index is given a daily row on
 * `density` of the days (1 = every index used every day: the worst case).
 * Usage: npx tsx bench/weekly-usage.ts [indexCount] [density]
 */
import { performance } from "node:perf_hooks";
import { rangeOfWeeks } from "../lib/analysis/rollup";
import { createPool } from "../lib/db/pool";
import { migrateStore } from "../lib/store/migrate";
import { storeToday } from "../lib/store/usage-reads";
import { getWeeklyUsage } from "../lib/store/weekly-reads";
import { startCluster } from "../test/support/pg-cluster";
import { medianMs } from "./support/measure";

const indexCount = Number(process.argv[2] ?? 50_000);
const density = Number(process.argv[3] ?? 1);

const cluster = await startCluster({ major: 18 });
try {
  await cluster.query("CREATE DATABASE indexwatch");
  const pool = createPool(cluster.url("indexwatch"), {
    applicationName: "bench",
    max: 2,
    statementTimeoutMs: 600_000,
  });
  await migrateStore(pool);
  const began = performance.now();
  // Watched for the whole history, so that the weeks compare (not "not observed").
  await pool.query(
    `INSERT INTO targets (id, first_seen, last_poll_at) VALUES ('bench', now() - interval '60 days', now())`,
  );
  await pool.query(
    `INSERT INTO index_identity (target_id, schema_name, table_name, index_name, current_oid, first_seen)
     SELECT 'bench', 'public', 'bench_t' || (g / 10), 'bench_i' || g, 100000 + g, now() - interval '60 days'
       FROM generate_series(1, $1) g`,
    [indexCount],
  );
  await pool.query(
    `INSERT INTO usage_daily (identity_id, day, scans, tuples_read, tuples_fetched)
     SELECT i.id, d::date, (hashint4(i.id::int + d::date - date '2000-01-01') & 1023) + 1, 10, 10
       FROM index_identity i
      CROSS JOIN generate_series(current_date - 55, current_date, interval '1 day') d
      WHERE (hashint4(i.id::int * 7 + (d::date - date '2000-01-01')) & 1023) < $1::float8 * 1024`,
    [density],
  );
  // The writer keeps per-target daily totals beside usage_daily; history written here by
  // hand must have them too (as migration 5 backfills them).
  await pool.query(
    `INSERT INTO usage_target_daily (target_id, day, scans, simulated)
     SELECT i.target_id, d.day, sum(d.scans), bool_or(d.simulated)
       FROM usage_daily d JOIN index_identity i ON i.id = d.identity_id
      GROUP BY i.target_id, d.day`,
  );
  await pool.query("VACUUM ANALYZE");
  const rows = await pool.query("SELECT count(*)::int AS n FROM usage_daily");
  console.log(
    `generated ${indexCount} indexes, ${rows.rows[0].n} daily rows in ${((performance.now() - began) / 1000).toFixed(1)} s`,
  );

  const to = await storeToday(pool);
  const { from } = rangeOfWeeks(to, 8);
  let bytes = 0;
  const ms = await medianMs(
    async () => {
      const weekly = await getWeeklyUsage(pool, "bench", { from, to, top: 8 });
      if (!weekly || weekly.totalIndexes !== indexCount) throw new Error("weekly read saw the wrong indexes");
      if (weekly.lastWeek.observedDays !== 7) throw new Error("the bench's weeks should be fully observed");
      bytes = JSON.stringify(weekly).length;
    },
    5,
    1,
  );
  const size = await pool.query(
    `SELECT pg_database_size(current_database())::int8 AS db,
            (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
              WHERE c.relname IN ('usage_daily', 'index_identity') AND c.relkind = 'r')::int8 AS history`,
  );
  const history = Number(size.rows[0].history);
  console.log(
    `weekly usage at ${indexCount} indexes, 8 weeks, density ${density}: ${ms.toFixed(0)} ms server time ` +
      `(goal well under 1000 ms: ${ms < 1000 ? "meets" : "MISSES"}), JSON ${(bytes / 1e6).toFixed(1)} MB`,
  );
  console.log(
    `store: database ${(Number(size.rows[0].db) / 1e6).toFixed(0)} MB, usage_daily + index_identity ${(history / 1e6).toFixed(0)} MB, ` +
      `${(history / (indexCount * 56)).toFixed(0)} bytes per index per day`,
  );
  await pool.end();
} finally {
  await cluster.destroy();
}
process.exit(0);
