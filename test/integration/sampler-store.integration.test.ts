import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "@/lib/db/pool";
import { sampleTargetOnce } from "@/lib/sampler/sample-once";
import { TargetSampler } from "@/lib/sampler/sampler-loop";
import { writePollBatch } from "@/lib/store/history-writer";
import type { PgMajor } from "@/test/support/pg-cluster";
import { serverMajor } from "@/test/support/test-database";
import {
  type SamplerWorld,
  sampledTarget,
  scanIndex,
  startSamplerWorld,
  storedScans,
} from "./sampler-support";

const retention = { rawHours: 48, hourlyDays: 90, dailyDays: 730 };

describe("sampler with the store stopped and restarted mid-run", () => {
  let world: SamplerWorld;
  beforeAll(async () => {
    world = await startSamplerWorld(serverMajor() as PgMajor);
  });
  afterAll(async () => {
    await world?.close();
  });

  it("buffers polls while the store is down (bounded, merging the oldest) and writes them once", async () => {
    const { target, sink } = sampledTarget(world, "buffered");
    expect((await sampleTargetOnce(target, sink)).kind).toBe("sampled");
    await scanIndex(world.target, 2);
    await sampleTargetOnce(target, sink);
    expect(await storedScans(world.storePool)).toBe(2);

    await world.store.stop("fast");
    for (const n of [3, 4, 1, 1]) {
      await scanIndex(world.target, n);
      const outcome = await sampleTargetOnce(target, sink);
      expect(outcome).toMatchObject({ kind: "sampled", stored: false });
    }
    expect(sink.buffered).toBe(3); // four polls, the buffer holds three: the oldest two merged

    await world.store.start();
    const back = await sampleTargetOnce(target, sink);
    expect(back).toMatchObject({ kind: "sampled", stored: true });
    expect(sink.buffered).toBe(0);
    expect(await storedScans(world.storePool)).toBe(11);
    const gaps = await world.storePool.query("SELECT at, ended_at FROM events WHERE kind = 'store_gap'");
    expect(gaps.rows).toHaveLength(1);

    // A batch whose commit went through but whose answer was lost comes again: skipped whole.
    if (back.kind !== "sampled") throw new Error("unreachable");
    expect(await writePollBatch(world.storePool, back.batch)).toBe(false);
    expect(await storedScans(world.storePool)).toBe(11);
  });
});

describe("two app processes on one store", () => {
  let world: SamplerWorld;
  beforeAll(async () => {
    world = await startSamplerWorld(serverMajor() as PgMajor);
  });
  afterAll(async () => {
    await world?.close();
  });

  function processOf(name: string) {
    const storePool = createPool(world.storeUrl, { applicationName: `indexwatch-${name}`, max: 2 });
    const targetPool = createPool(world.target.url(), { applicationName: `indexwatch-${name}`, max: 2 });
    const sampler = new TargetSampler(
      { id: "shared", pool: targetPool },
      {
        storeUrl: world.storeUrl,
        storePool,
        intervalMs: 1000,
        sizeEveryMs: 60_000,
        bufferMax: 10,
        retention,
      },
    );
    return {
      sampler,
      async end() {
        await sampler.stop();
        await Promise.all([storePool.end(), targetPool.end()]);
      },
    };
  }

  it("samples each target once, and the other process takes over when the holder goes", async () => {
    const a = processOf("a");
    const b = processOf("b");
    expect(await a.sampler.tick()).toBe("sampled");
    expect(await b.sampler.tick()).toBe("not_holder");
    await scanIndex(world.target, 3);
    expect(await a.sampler.tick()).toBe("sampled");
    expect(await b.sampler.tick()).toBe("not_holder");
    expect(await storedScans(world.storePool)).toBe(3);

    await a.end(); // the holder goes away: its session lock with it
    await scanIndex(world.target, 2);
    expect(await b.sampler.tick()).toBe("sampled");
    // B starts from the counters A stored: the scans in between count once.
    expect(await storedScans(world.storePool)).toBe(5);
    const c = processOf("c");
    expect(await c.sampler.tick()).toBe("not_holder");
    const polls = await world.storePool.query(
      "SELECT count(*)::int AS n FROM polls WHERE target_id = 'shared'",
    );
    expect(polls.rows[0].n).toBe(3);
    await Promise.all([b.end(), c.end()]);
  });
});
