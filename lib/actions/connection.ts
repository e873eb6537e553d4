import pg from "pg";
import { env } from "@/lib/config/env";
import { createPool } from "@/lib/db/pool";
import type { TargetConfig } from "@/lib/targets/registry";

/**
 * Actions connect apart from monitoring: ACTION_DATABASE_URL, or the target's own URL when
 * none is set (its role must then own the tables, or have MAINTAIN on PG17+; the plan
 * refuses otherwise). The monitoring pool is never used to write.
 */
export function actionUrlOf(target: TargetConfig): { url: string; usingMonitoringRole: boolean } {
  return target.actionUrl
    ? { url: target.actionUrl, usingMonitoringRole: false }
    : { url: target.url, usingMonitoringRole: true };
}

const globalPools = globalThis as unknown as { __indexwatchActionPools?: Map<string, pg.Pool> };
globalPools.__indexwatchActionPools ??= new Map();
const pools = globalPools.__indexwatchActionPools;

/** Short catalog reads around actions (resolve, progress, cancel): never the action itself. */
export function actionSidePool(target: TargetConfig): pg.Pool {
  const { url } = actionUrlOf(target);
  const key = `${target.id}\u0000${url}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = createPool(url, {
      applicationName: "indexwatch-actions",
      statementTimeoutMs: 10_000,
      lockTimeoutMs: 1_000,
      max: 3,
    });
    pools.set(key, pool);
  }
  return pool;
}

export function actionApplicationName(id: number): string {
  return `indexwatch-action-${id}`;
}

/**
 * The connection one action runs on: a dedicated client (not from a pool), so cancelling
 * its backend touches nothing else. No statement timeout (a build takes what it takes), a
 * lock_timeout so it never queues behind a lock for long.
 */
export async function openActionClient(target: TargetConfig, id: number): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: actionUrlOf(target).url,
    application_name: actionApplicationName(id),
    connectionTimeoutMillis: 5_000,
  });
  client.on("error", () => {});
  await client.connect();
  const lockTimeout = env().ACTION_LOCK_TIMEOUT_MS;
  await client.query(
    `SET lock_timeout = ${Number(lockTimeout)}; SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0`,
  );
  return client;
}
