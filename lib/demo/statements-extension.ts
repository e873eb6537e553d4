import pg from "pg";

/**
 * The demo's database gets pg_stat_statements (the embedded server preloads the library), so
 * the Queries page shows the demo workload's statements. Every start: an older demo data
 * directory gets it too. After a fresh load its entries are the load's own statements (the
 * COPYs, the foreign keys' validation), which no one runs again: those are forgotten, so the
 * Queries page starts with what the workload runs.
 */
export async function ensureStatementsExtension(
  superuserUrl: string,
  options: { forgetLoad: boolean },
): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    if (options.forgetLoad) await client.query("SELECT pg_stat_statements_reset()");
  } finally {
    await client.end();
  }
}
