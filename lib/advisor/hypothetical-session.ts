import type pg from "pg";
import { z } from "zod";
import { type HypopgInstall, readHypopgInstall, resetHypotheticalIndexes } from "@/lib/catalog/hypopg";
import { createPool } from "@/lib/db/pool";
import { queryOne } from "@/lib/db/query";

/** How long one hypopg call or one plan in a hypothetical session may take on the target. */
export const HYPOTHETICAL_STATEMENT_TIMEOUT_MS = 2_000;

export interface HypotheticalSession {
  /**
   * A pool of exactly one connection: whoever takes a client from it (the generic planner
   * does) plans on the backend that holds the hypothetical indexes.
   */
  pool: pg.Pool;
  hypopg: HypopgInstall;
  /** False once the backend changed (a connection closed on an error): its hypothetical indexes are gone. */
  sameBackend(): Promise<boolean>;
}

const backendRow = z.object({ pid: z.number().int() });

/**
 * One connection of its own for hypothetical indexes, which live in one backend's memory,
 * outside transactions: the session is read-only (default_transaction_read_only), every
 * statement under a timeout, hypopg reset before and after, and the connection closed at the
 * end, never pooled for anyone else. Null when hypopg is not installed in the database.
 */
export async function withHypotheticalSession<T>(
  connectionString: string,
  work: (session: HypotheticalSession) => Promise<T>,
  timeoutMs = HYPOTHETICAL_STATEMENT_TIMEOUT_MS,
): Promise<{ installed: false } | { installed: true; result: T }> {
  const pool = createPool(connectionString, {
    applicationName: "indexwatch-hypopg",
    statementTimeoutMs: timeoutMs,
    lockTimeoutMs: Math.min(timeoutMs, 100),
    max: 1,
  });
  try {
    const client = await pool.connect();
    let hypopg: HypopgInstall | null;
    let pid: number;
    try {
      await client.query("SET default_transaction_read_only = on");
      hypopg = await readHypopgInstall(client);
      if (hypopg) await resetHypotheticalIndexes(client, hypopg);
      ({ pid } = await queryOne(
        client,
        "advisor_backend_pid",
        "SELECT pg_backend_pid() AS pid",
        [],
        backendRow,
      ));
    } finally {
      client.release();
    }
    if (!hypopg) return { installed: false };
    const install = hypopg;
    const sameBackend = async () =>
      (await queryOne(pool, "advisor_backend_pid", "SELECT pg_backend_pid() AS pid", [], backendRow)).pid ===
      pid;
    try {
      return { installed: true, result: await work({ pool, hypopg: install, sameBackend }) };
    } finally {
      await resetHypotheticalIndexes(pool, install).catch(() => undefined);
    }
  } finally {
    await pool.end().catch(() => undefined);
  }
}
