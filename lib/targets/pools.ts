import type pg from "pg";
import { env } from "@/lib/config/env";
import { createPool } from "@/lib/db/pool";
import type { TargetConfig } from "./registry";

// Kept on globalThis so that Next.js dev reloads do not leak a pool per edit.
const globalPools = globalThis as unknown as { __indexwatchPools?: Map<string, pg.Pool> };
globalPools.__indexwatchPools ??= new Map<string, pg.Pool>();
const pools = globalPools.__indexwatchPools;

/** The read-only monitoring pool of a target, created on first use. */
export function monitoringPool(target: TargetConfig): pg.Pool {
  const key = `${target.id}\u0000${target.url}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = createPool(target.url, {
      applicationName: "indexwatch",
      statementTimeoutMs: env().QUERY_TIMEOUT_MS,
      lockTimeoutMs: 1_000,
      max: 3,
    });
    pools.set(key, pool);
  }
  return pool;
}
