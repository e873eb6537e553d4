import type pg from "pg";

// Kept on globalThis so that Next.js dev reloads do not leak a pool per edit.
const state = globalThis as unknown as { __indexwatchPoolRegistries?: Map<string, Map<string, pg.Pool>> };
state.__indexwatchPoolRegistries ??= new Map();
const registries = state.__indexwatchPoolRegistries;

function registry(kind: string): Map<string, pg.Pool> {
  let pools = registries.get(kind);
  if (!pools) {
    pools = new Map();
    registries.set(kind, pools);
  }
  return pools;
}

/**
 * The `kind` pool (monitoring, action side reads, action runs) of one target, created on
 * first use. Keyed by URL too: a changed URL gets a pool of its own.
 */
export function registeredPool(
  kind: string,
  targetId: string,
  url: string,
  create: (url: string) => pg.Pool,
): pg.Pool {
  const pools = registry(kind);
  const key = `${targetId}\u0000${url}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = create(url);
    pools.set(key, pool);
  }
  return pool;
}

/** Ends every pool of one kind; the next use creates them again. */
export async function closeRegisteredPools(kind: string): Promise<void> {
  const pools = registry(kind);
  const closing = [...pools.values()].map((pool) => pool.end());
  pools.clear();
  await Promise.all(closing);
}
