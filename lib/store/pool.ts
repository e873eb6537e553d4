import type pg from "pg";
import { env } from "@/lib/config/env";
import { createPool } from "@/lib/db/pool";
import { StoreUnavailableError } from "@/lib/errors";

const globalStore = globalThis as unknown as { __indexwatchStore?: { url: string; pool: pg.Pool } };

/** The history store's pool (STORE_URL). Created on first use, one per process. */
export function storePool(): pg.Pool {
  const url = env().STORE_URL;
  if (!url) throw new StoreUnavailableError("no history store is configured (STORE_URL)");
  const existing = globalStore.__indexwatchStore;
  if (existing && existing.url === url) return existing.pool;
  const pool = createPool(url, {
    applicationName: "indexwatch-store",
    statementTimeoutMs: 30_000,
    lockTimeoutMs: 5_000,
    max: 6,
  });
  globalStore.__indexwatchStore = { url, pool };
  return pool;
}
