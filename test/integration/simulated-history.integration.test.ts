import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rangeOfWeeks } from "@/lib/analysis/rollup";
import { seedSimulatedHistoryIfEmpty } from "@/lib/sampler/simulated-history";
import { migrateStore } from "@/lib/store/migrate";
import { storeToday } from "@/lib/store/usage-reads";
import { getWeeklyUsage, type WeeklyUsage } from "@/lib/store/weekly-reads";
import {
  createTestDatabase,
  serverMajor,
  type TestDatabase,
  waitForStats,
} from "@/test/support/test-database";

// The demo's simulated past, written for a real target: every index already scanned when the
// history is seeded (a primary key here) gets a past, so its first real scans are not "newly used".

let target: TestDatabase;
let store: TestDatabase;
let weekly: WeeklyUsage;

beforeAll(async () => {
  [target, store] = await Promise.all([createTestDatabase("simtarget"), createTestDatabase("simstore")]);
  await target.pool.query(
    `CREATE TABLE orders (id int PRIMARY KEY, status text NOT NULL);
     INSERT INTO orders SELECT g, 'done' FROM generate_series(1, 500) g;
     CREATE INDEX orders_status_idx ON orders (status);
     ANALYZE orders`,
  );
  const client = await target.pool.connect();
  try {
    await client.query("SET enable_seqscan = off; SET enable_bitmapscan = off");
    await client.query("SELECT status FROM orders WHERE id = 7");
    await waitForStats(
      async () =>
        (
          await client.query<{ n: string }>(
            "SELECT coalesce(idx_scan, 0)::text AS n FROM pg_stat_user_indexes WHERE indexrelname = 'orders_pkey'",
          )
        ).rows[0]?.n,
      (n) => Number(n) > 0,
      client,
    );
  } finally {
    client.release();
  }
  await migrateStore(store.pool);
  expect(await seedSimulatedHistoryIfEmpty(store.pool, "demo", target.pool)).toBe(true);
  const today = await storeToday(store.pool);
  const read = await getWeeklyUsage(store.pool, "demo", { ...rangeOfWeeks(today, 8), top: 0 });
  if (!read) throw new Error("no weekly usage after seeding");
  weekly = read;
});

afterAll(async () => {
  await Promise.all([target?.drop(), store?.drop()]);
});

describe(`simulated history (PostgreSQL ${serverMajor()})`, () => {
  it("gives an already scanned primary key a past: it compares, it is not newly used", () => {
    const key = weekly.indexes.find((i) => i.name === "orders_pkey");
    expect(key).toMatchObject({ simulated: true, observedThisWeek: 7, observedLastWeek: 7 });
    expect(key?.thisWeek).toBeGreaterThan(0);
    expect(key?.lastWeek).toBeGreaterThan(0);
    expect(["up", "down", "flat"]).toContain(key?.trend);
    expect(weekly.newlyUsedCount).toBe(0);
  });
  it("leaves an index nothing scanned without scans, and says both weeks were observed", () => {
    expect(weekly.indexes.find((i) => i.name === "orders_status_idx")).toMatchObject({
      thisWeek: 0,
      lastWeek: 0,
      trend: "unused",
    });
    expect(weekly.thisWeek.observedDays).toBe(7);
    expect(weekly.lastWeek.observedDays).toBe(7);
    // Today is after the simulated past and before the first poll: not observed yet.
    expect(weekly.partialDay).toMatchObject({ scans: 0, observedDays: 0 });
  });
  it("writes nothing a second time", async () => {
    expect(await seedSimulatedHistoryIfEmpty(store.pool, "demo", target.pool)).toBe(false);
  });
});
