import type { PgCluster } from "../../test/support/pg-cluster";

/**
 * A catalog of `indexCount` indexes: tables of ten indexes each (a few rows in every
 * table, so sizes and counters are real), built server-side in batches.
 */
export async function generateCatalog(
  cluster: PgCluster,
  database: string,
  indexCount: number,
  log: (s: string) => void,
) {
  await cluster.query(`CREATE DATABASE ${database}`);
  const tables = Math.ceil(indexCount / 10);
  const batch = 250;
  for (let start = 0; start < tables; start += batch) {
    const end = Math.min(tables, start + batch) - 1;
    await cluster.query(
      `DO $$
       BEGIN
         FOR t IN ${start}..${end} LOOP
           EXECUTE format('CREATE TABLE bench_t%s (id int, a int, b int, c int, d int, e text)', t);
           EXECUTE format('INSERT INTO bench_t%s SELECT g, g, g, g, g, g::text FROM generate_series(1, 20) g', t);
           FOR i IN 0..9 LOOP
             EXECUTE format('CREATE INDEX bench_t%s_i%s ON bench_t%s (%s)', t, i, t,
               (ARRAY['id','a','b','c','d','e','a, b','b, c','c, d','d, e'])[i + 1]);
           END LOOP;
         END LOOP;
       END $$`,
      [],
      database,
    );
    log(`  generated ${Math.min(tables, start + batch) * 10}/${tables * 10} indexes`);
  }
  await cluster.query("ANALYZE", [], database);
}
