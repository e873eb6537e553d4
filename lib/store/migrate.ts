import type pg from "pg";
import { z } from "zod";
import { queryRows } from "@/lib/db/query";
import { MIGRATIONS, type Migration } from "./migrations";

// Any constant shared by every app process: only one of them migrates at a time.
const MIGRATION_LOCK_KEY = 7_355_608_001;

/**
 * Applies the migrations the store has not seen, each in its own transaction, under an
 * advisory lock so that two app processes starting together do not race.
 */
export async function migrateStore(pool: pg.Pool, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version int PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const applied = await queryRows(
      client,
      "store_applied_migrations",
      "SELECT version FROM schema_migrations",
      [],
      z.object({ version: z.number().int() }),
    );
    const done = new Set(applied.map((row) => row.version));
    const ran: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
          migration.version,
          migration.name,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`store migration ${migration.version} (${migration.name}) failed: ${String(error)}`);
      }
      ran.push(migration.version);
    }
    return ran;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
