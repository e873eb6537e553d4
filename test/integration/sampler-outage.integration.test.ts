import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TargetSampler } from "@/lib/sampler/sampler-loop";
import type { PgMajor } from "@/test/support/pg-cluster";
import { serverMajor } from "@/test/support/test-database";
import { type SamplerWorld, startSamplerWorld } from "./sampler-support";

/*
 * The sampler through outages of real servers (pg_ctl stop and start): what the store learns
 * of a gap it could not see, and how soon sampling resumes.
 */
const retention = { rawHours: 48, hourlyDays: 90, dailyDays: 730 };
const INTERVAL_MS = 1_000;

let world: SamplerWorld;
beforeAll(async () => {
  world = await startSamplerWorld(serverMajor() as PgMajor);
}, 120_000);
afterAll(async () => {
  await world?.close();
});

function samplerOf(id: string): TargetSampler {
  return new TargetSampler(
    { id, pool: world.targetPool },
    {
      storeUrl: world.storeUrl,
      storePool: world.storePool,
      intervalMs: INTERVAL_MS,
      sizeEveryMs: 60_000,
      bufferMax: 10,
      retention,
    },
  );
}

async function unreachableEvents(id: string): Promise<{ at: Date; ended_at: Date | null; detail: string }[]> {
  const result = await world.storePool.query(
    "SELECT at, ended_at, detail FROM events WHERE target_id = $1 AND kind = 'unreachable' ORDER BY at",
    [id],
  );
  return result.rows;
}

async function pollCount(id: string): Promise<number> {
  const result = await world.storePool.query("SELECT count(*)::int AS n FROM polls WHERE target_id = $1", [
    id,
  ]);
  return result.rows[0]?.n as number;
}

describe("target and store down together", () => {
  it("records the gap as one closed 'unreachable' event once both are back", async () => {
    const sampler = samplerOf("both-down");
    try {
      expect(await sampler.tick()).toBe("sampled");
      await Promise.all([world.target.stop("fast"), world.store.stop("fast")]);
      const down = Date.now();
      expect(await sampler.tick()).toBe("unreachable");
      expect(await sampler.tick()).toBe("unreachable");
      await Promise.all([world.target.start(), world.store.start()]);
      expect(await sampler.tick()).toBe("sampled");
      // A second good poll must not record the gap again.
      expect(await sampler.tick()).toBe("sampled");

      const events = await unreachableEvents("both-down");
      expect(events).toHaveLength(1);
      const gap = events[0];
      if (!gap?.ended_at) throw new Error(`no closed gap: ${JSON.stringify(events)}`);
      expect(gap.at.getTime()).toBeLessThan(gap.ended_at.getTime());
      // It began when the first poll failed (app clock, the servers' could not be read).
      expect(Math.abs(gap.at.getTime() - down)).toBeLessThan(5_000);
      expect(gap.detail).toMatch(/the store was unreachable too/);
    } finally {
      await sampler.stop();
    }
  });

  it("a target down while the store is up keeps one open event, closed by the next poll", async () => {
    const sampler = samplerOf("target-down");
    try {
      expect(await sampler.tick()).toBe("sampled");
      await world.target.stop("fast");
      expect(await sampler.tick()).toBe("unreachable");
      expect(await sampler.tick()).toBe("unreachable");
      const open = await unreachableEvents("target-down");
      expect(open).toHaveLength(1);
      expect(open[0]?.ended_at).toBeNull();
      await world.target.start();
      expect(await sampler.tick()).toBe("sampled");
      const closed = await unreachableEvents("target-down");
      expect(closed).toHaveLength(1);
      expect(closed[0]?.ended_at).not.toBeNull();
    } finally {
      await sampler.stop();
    }
  });
});

describe("sampling after the target comes back", () => {
  it("resumes within one interval of the target answering again, however long it was away", async () => {
    const sampler = samplerOf("resume");
    sampler.start();
    try {
      const deadline = Date.now() + 15_000;
      while ((await pollCount("resume")) === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      await world.target.stop("fast");
      // Long enough for a doubling backoff to reach several intervals.
      await new Promise((r) => setTimeout(r, 7 * INTERVAL_MS));
      const before = await pollCount("resume");
      await world.target.start();
      const back = Date.now();
      while ((await pollCount("resume")) === before && Date.now() - back < 30_000) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const tookMs = Date.now() - back;
      expect(await pollCount("resume")).toBeGreaterThan(before);
      // One interval, plus a poll's own work on a busy machine.
      expect(tookMs).toBeLessThan(INTERVAL_MS + 2_000);
    } finally {
      await sampler.stop();
    }
  });
});
