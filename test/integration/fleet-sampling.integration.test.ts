import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "@/lib/db/pool";
import { TargetSampler, type TickOutcome } from "@/lib/sampler/sampler-loop";
import { migrateStore } from "@/lib/store/migrate";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

// Two app processes on one store, five targets: each process runs a sampler per target (as
// lib/sampler/service.ts does); the store's advisory locks must leave each target to exactly
// one of them, every interval, and hand a dead process's targets to the other.
const TARGETS = 5;
let store: TestDatabase;
let targets: TestDatabase[] = [];
let pools: pg.Pool[] = [];

function processSamplers(): TargetSampler[] {
  return targets.map(
    (_, i) =>
      new TargetSampler(
        { id: `t${i}`, pool: pools[i] as pg.Pool },
        {
          storeUrl: store.url,
          storePool: store.pool,
          intervalMs: 60_000,
          sizeEveryMs: 600_000,
          bufferMax: 10,
          retention: { rawHours: 48, hourlyDays: 90, dailyDays: 730 },
        },
      ),
  );
}

/** One interval of one process: its samplers tick one after another, in its own order. */
async function interval(samplers: TargetSampler[], order: number[]): Promise<Map<number, TickOutcome>> {
  const outcomes = new Map<number, TickOutcome>();
  for (const i of order) outcomes.set(i, await (samplers[i] as TargetSampler).tick());
  return outcomes;
}

async function pollsPerTarget(): Promise<Map<string, number>> {
  const r = await store.pool.query<{ target_id: string; n: number }>(
    "SELECT target_id, count(*)::int AS n FROM polls GROUP BY target_id",
  );
  return new Map(r.rows.map((row) => [row.target_id, row.n]));
}

beforeAll(async () => {
  store = await createTestDatabase("fleet_sampling_store");
  await migrateStore(store.pool);
  targets = await Promise.all(Array.from({ length: TARGETS }, (_, i) => createTestDatabase(`fleet_t${i}`)));
  await Promise.all(targets.map((t) => t.pool.query("CREATE TABLE items (id int PRIMARY KEY, name text)")));
  pools = targets.map((t) => createPool(t.url, { applicationName: "indexwatch", max: 2 }));
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await Promise.all([store, ...targets].map((d) => d?.drop()));
});

describe("two app processes on one store", () => {
  let processA: TargetSampler[];
  let processB: TargetSampler[];
  const ascending = [0, 1, 2, 3, 4];
  const descending = [4, 3, 2, 1, 0];

  it("split the targets, and each target is sampled exactly once per interval", async () => {
    processA = processSamplers();
    processB = processSamplers();
    const INTERVALS = 3;
    for (let n = 0; n < INTERVALS; n++) {
      const [byA, byB] = await Promise.all([interval(processA, ascending), interval(processB, descending)]);
      for (let i = 0; i < TARGETS; i++) {
        const both = [byA.get(i), byB.get(i)].sort();
        expect(both, `target t${i}, interval ${n}`).toEqual(["not_holder", "sampled"]);
      }
      // Let the targets' clocks move on: two polls at one instant would be one poll.
      await new Promise((r) => setTimeout(r, 20));
    }
    const polls = await pollsPerTarget();
    for (let i = 0; i < TARGETS; i++) expect(polls.get(`t${i}`)).toBe(INTERVALS);
    const heldByA = processA.filter((s) => s.holdsLock).length;
    const heldByB = processB.filter((s) => s.holdsLock).length;
    expect(heldByA + heldByB).toBe(TARGETS);
    expect(heldByA).toBeGreaterThan(0);
    expect(heldByB).toBeGreaterThan(0);
  });

  it("hands a stopped process's targets to the other, still once per interval", async () => {
    const before = await pollsPerTarget();
    await Promise.all(processA.map((s) => s.stop()));
    const byB = await interval(processB, descending);
    for (let i = 0; i < TARGETS; i++) expect(byB.get(i)).toBe("sampled");
    const after = await pollsPerTarget();
    for (let i = 0; i < TARGETS; i++) expect(after.get(`t${i}`)).toBe((before.get(`t${i}`) ?? 0) + 1);
    await Promise.all(processB.map((s) => s.stop()));
  });
});
