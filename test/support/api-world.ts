import { vi } from "vitest";
import { createPool } from "@/lib/db/pool";
import { BufferedHistorySink } from "@/lib/sampler/history-sink";
import { sampleTargetOnce } from "@/lib/sampler/sample-once";
import { migrateStore } from "@/lib/store/migrate";
import { MATRIX_OPERATOR_PASSWORD, MATRIX_VIEWER_PASSWORD, type World } from "./route-manifest";
import { createTestDatabase, type TestDatabase } from "./test-database";

/**
 * A whole app behind the route handlers: a target database with a table and two indexes, a
 * migrated store with two polls of history, and the built-in users. For the tests that walk
 * every route (fuzz, guard matrix).
 */
export interface ApiWorld extends World {
  target: TestDatabase;
  store: TestDatabase;
  close(): Promise<void>;
}

export async function startApiWorld(prefix: string): Promise<ApiWorld> {
  const [target, store] = await Promise.all([
    createTestDatabase(`${prefix}_target`),
    createTestDatabase(`${prefix}_store`),
  ]);
  await migrateStore(store.pool);
  await target.pool.query(`
    CREATE TABLE orders (id int PRIMARY KEY, status text NOT NULL, note text);
    INSERT INTO orders SELECT g, CASE WHEN g % 10 = 0 THEN 'open' ELSE 'done' END, 'n' FROM generate_series(1, 500) g;
    CREATE INDEX orders_status_idx ON orders (status);
    CREATE INDEX orders_note_idx ON orders (note);
    ANALYZE orders`);
  const oids = await target.pool.query<{ index_oid: string; table_oid: string }>(
    "SELECT 'orders_status_idx'::regclass::oid::int8 AS index_oid, 'orders'::regclass::oid::int8 AS table_oid",
  );
  vi.stubEnv("DATABASE_URL", target.url);
  vi.stubEnv("ACTION_DATABASE_URL", target.url);
  vi.stubEnv("STORE_URL", store.url);
  vi.stubEnv("TARGET_ID", "shop");
  vi.stubEnv("OPERATOR_PASSWORD", MATRIX_OPERATOR_PASSWORD);
  vi.stubEnv("VIEWER_PASSWORD", MATRIX_VIEWER_PASSWORD);
  vi.stubEnv("SESSION_SECRET", `${prefix}-session-secret-long-enough-0123456789`);
  vi.stubEnv("READ_ANONYMOUS", "true");
  vi.stubEnv("READ_ONLY", "false");

  const targetPool = createPool(target.url, { applicationName: "indexwatch-test", max: 2 });
  const sink = new BufferedHistorySink(store.pool, 3);
  const sampled = { id: "shop", pool: targetPool, sizeEveryMs: 0 };
  for (let poll = 0; poll < 2; poll++) {
    const outcome = await sampleTargetOnce(sampled, sink);
    if (outcome.kind !== "sampled") throw new Error(`the world's sampling failed: ${outcome.kind}`);
  }
  await targetPool.end();
  return {
    target,
    store,
    targetId: "shop",
    indexOid: Number(oids.rows[0]?.index_oid),
    tableOid: Number(oids.rows[0]?.table_oid),
    async close() {
      vi.unstubAllEnvs();
      await Promise.all([target.drop(), store.drop()]);
    },
  };
}
