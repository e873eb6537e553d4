import type pg from "pg";
import { z } from "zod";
import { type HypopgInstall, resetHypotheticalIndexes } from "@/lib/catalog/hypopg";
import { isConnectionError } from "@/lib/db/pool";
import { queryOne } from "@/lib/db/query";

/**
 * One connection of its own for hypothetical indexes: they live in its backend's memory,
 * outside transactions, so the connection is reset before and after the work and then closed
 * (never handed back to the pool, where a leftover would skew someone else's plans). The work
 * runs in a READ ONLY transaction with a statement and lock timeout, like any planning, and is
 * rolled back.
 */
export async function withHypotheticalSession<T>(
  pool: pg.Pool,
  hypopg: HypopgInstall,
  timeoutMs: number,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: unknown;
  try {
    await client.query("BEGIN READ ONLY");
    await queryOne(
      client,
      "advisor_session_timeouts",
      "SELECT set_config('statement_timeout', $1, true) AS s, set_config('lock_timeout', $2, true) AS l",
      [`${Math.trunc(timeoutMs)}ms`, `${Math.min(Math.trunc(timeoutMs), 1_000)}ms`],
      z.object({ s: z.string(), l: z.string() }),
    );
    await resetHypotheticalIndexes(client, hypopg);
    return await work(client);
  } catch (error) {
    broken = error;
    throw error;
  } finally {
    if (!isConnectionError(broken)) {
      // A failed statement aborts the transaction: roll back first, then reset outside it.
      await client.query("ROLLBACK").catch(() => undefined);
      await resetHypotheticalIndexes(client, hypopg).catch(() => undefined);
    }
    client.release(true);
  }
}
