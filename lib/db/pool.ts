import pg from "pg";

// int8 (OIDs are not int8, but sizes and counters are) arrives as a string by default; our
// counters fit a JS number for any real database (2^53 scans), so parse them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export interface PoolOptions {
  /** Shown in pg_stat_activity.application_name. */
  applicationName: string;
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
  max?: number;
}

/**
 * Every connection we open carries a statement_timeout and a lock_timeout set at connect
 * time, so no query of ours can hang a panel or queue behind an ACCESS EXCLUSIVE lock.
 */
export function createPool(connectionString: string, options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    application_name: options.applicationName,
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    lock_timeout: options.lockTimeoutMs ?? 2_000,
    // A dead server must fail fast, not hang the request.
    connectionTimeoutMillis: 5_000,
    query_timeout: (options.statementTimeoutMs ?? 15_000) + 5_000,
    idleTimeoutMillis: 30_000,
    max: options.max ?? 4,
  });
  // An idle client losing its server emits 'error' on the pool; without a listener Node
  // would crash the process. The next query reports the failure instead.
  pool.on("error", () => {});
  // A checked-out client is not the pool's to watch (pg-pool listens only while it is idle):
  // losing its server, it emits 'error' on itself, and with no listener Node crashes the
  // process. Its running query is rejected anyway, and the next one fails, so the caller
  // still learns of it. (A standby stopped mid-poll crashed a test run so, under load.)
  pool.on("connect", (client) => {
    client.on("error", () => {});
  });
  return pool;
}

const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EPIPE",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up / shutting down)
  "08000",
  "08003",
  "08006",
  "08001",
  "08004",
  "3D000", // database does not exist
  "28P01", // invalid password
  "28000", // invalid authorization
]);

/** True when the error says the server is not there (or will not let us in), not that a query failed. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && CONNECTION_ERROR_CODES.has(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Query read timeout/i.test(
    error.message,
  );
}
