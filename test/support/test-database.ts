import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

export interface TestDatabase {
  name: string;
  url: string;
  /** A superuser pool on the database. */
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** The server of this integration project (started by test/support/global-postgres.ts). */
export function serverUrl(database = "postgres"): string {
  const url = new URL(inject("pgUrl"));
  url.pathname = `/${database}`;
  return url.toString();
}

export function serverMajor(): number {
  return inject("pgMajor");
}

/** A fresh database per test file, so files run in parallel without seeing each other. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  await admin.end();
  const url = serverUrl(name);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // pool.end() does not wait for its idle clients to close: DROP DATABASE … (FORCE) below can
  // terminate one first (57P01), which the pool re-emits, uncaught without a listener (this
  // failed a whole PG14 run). Expected then; any other idle-client error still throws.
  let dropping = false;
  pool.on("error", (error) => {
    if (!dropping) throw error;
  });
  return {
    name,
    url,
    pool,
    async drop() {
      dropping = true;
      await pool.end();
      const client = new pg.Client({ connectionString: serverUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Statistics reach the shared views lazily. PG15+ has pg_stat_force_next_flush(); PG14's
 * collector flushes on its own within about half a second, so poll there, with a deadline.
 */
export async function waitForStats<T>(
  read: () => Promise<T>,
  ready: (value: T) => boolean,
  client?: pg.ClientBase,
): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    // PG14 sends a backend's statistics at the end of a later transaction (at most every
    // 500 ms): give it one.
    if (client) await client.query(serverMajor() >= 15 ? "SELECT pg_stat_force_next_flush()" : "SELECT 1");
    const value = await read();
    if (ready(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}
