/**
 * Server time of GET /api/v1/targets/{id}/indexes against the seed's raw monitoring query
 * (pg_stat_user_indexes with pg_relation_size) run alone on the same database, in one run.
 * The route answers from the inventory snapshot (lib/inventory/snapshot.ts): built by its
 * first call here (no sampler in this process), then read and sent. Goal: at most 1.5x.
 * Usage: npx tsx bench/inventory-route.ts [indexCount ...]
 */
import pg from "pg";
import { GET as getIndexes } from "../app/api/v1/targets/[id]/indexes/route";
import { startCluster } from "../test/support/pg-cluster";
import { generateCatalog } from "./support/generated-catalog";
import { interleavedMedians, ratioLine } from "./support/measure";

const SEED_MONITORING_QUERY = `
SELECT schemaname, relname AS tablename, indexrelname AS indexname,
       idx_scan AS times_used, idx_tup_read AS tuples_read,
       pg_size_pretty(pg_relation_size(indexrelid)) AS size
  FROM pg_stat_user_indexes
 ORDER BY idx_scan DESC`;

async function benchOne(indexCount: number) {
  const cluster = await startCluster({ major: 18 });
  try {
    const database = `bench_${indexCount}`;
    console.log(`generating ${indexCount} indexes`);
    await generateCatalog(cluster, database, indexCount, console.log);
    process.env.DATABASE_URL = cluster.url(database);
    process.env.TARGET_ID = "bench";

    // Settle the catalog first: autovacuum of the freshly written catalogs would otherwise
    // run during the measurement.
    await cluster.query("VACUUM ANALYZE", [], database);
    const raw = new pg.Client({ connectionString: cluster.url(database) });
    await raw.connect();
    const rawQuery = async () => {
      const result = await raw.query(SEED_MONITORING_QUERY);
      if (result.rowCount !== indexCount) throw new Error(`raw query saw ${result.rowCount} indexes`);
    };
    // Reading the body as bytes is the server's serialisation (the bytes it would write to
    // the socket); decoding them back into a string, and parsing it, is the browser's work.
    const route = async () =>
      (
        await getIndexes(new Request("http://localhost/api/v1/targets/bench/indexes"), {
          params: Promise.resolve({ id: "bench" }),
        })
      ).arrayBuffer();
    const seen = new TextDecoder().decode(await route()).split('"oid":').length - 1;
    if (seen !== indexCount) throw new Error(`route saw ${seen} indexes`);
    const [routeMs, rawMs] = await interleavedMedians(route, rawQuery);
    await raw.end();
    console.log(ratioLine(`inventory route at ${indexCount} indexes`, routeMs, rawMs, 1.5));
  } finally {
    await cluster.destroy();
  }
}

const counts = process.argv.slice(2).map(Number);
for (const count of counts.length ? counts : [10_000, 50_000]) await benchOne(count);
process.exit(0);
