import pg from "pg";

/**
 * The demo's database gets pg_stat_statements (the embedded server preloads the library), so
 * the Queries page shows the demo workload's statements. Every start: an older demo data
 * directory gets it too.
 */
export async function ensureStatementsExtension(superuserUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  } finally {
    await client.end();
  }
}
