import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COUNTERS_STARTED_OVER } from "@/lib/analysis/deltas";
import type { BufferedHistorySink } from "@/lib/sampler/history-sink";
import type { SampledTarget } from "@/lib/sampler/sample-once";
import type { PgMajor } from "@/test/support/pg-cluster";
import { serverMajor } from "@/test/support/test-database";
import {
  pollSampled,
  type SamplerWorld,
  sampledTarget,
  scanIndex,
  startSamplerWorld,
  storedScans,
  waitForIdxScan,
} from "./sampler-support";

/*
 * PostgreSQL 14 shows an index rebuilt by REINDEX CONCURRENTLY (new OID, same name) with zero
 * counters until the REINDEX session's copy of the old counters reaches the collector. That
 * session sends it at its next report: not at the end of a command that comes within 500 ms
 * of its last one, so a session that ran a statement just before the REINDEX and then stays
 * open holds the copy back, and a poll then sees the zero window. Closing the session sends
 * it. PostgreSQL 15+ copies in shared memory at once: there the window never opens, and the
 * totals must hold the same.
 */
describe("a poll in the moment a rebuilt index reads zero", () => {
  let world: SamplerWorld;
  let target: SampledTarget;
  let sink: BufferedHistorySink;
  const poll = async () => (await pollSampled(target, sink)).batch;

  beforeAll(async () => {
    world = await startSamplerWorld(serverMajor() as PgMajor);
    ({ target, sink } = sampledTarget(world));
    await poll();
    await scanIndex(world.target, 4);
    await poll();
  });
  afterAll(async () => {
    await world?.close();
  });

  /** REINDEX CONCURRENTLY in a session left open, and a poll right after it. */
  async function rebuildAndPoll(): Promise<{ zeroWindow: boolean; session: pg.Client }> {
    const session = new pg.Client({ connectionString: world.target.url() });
    await session.connect();
    await session.query("SELECT 1");
    await session.query("REINDEX INDEX CONCURRENTLY orders_status_idx");
    await poll();
    // Counters only grow: zero now (after the poll) means the poll read zero too.
    const now = await waitForIdxScan(world.target, () => true);
    return { zeroWindow: now === 0, session };
  }

  it("counts the copied scans once, whenever the poll falls", async () => {
    // The REINDEX may outlast the 500 ms (a busy machine): then its copy went out with it and
    // this round saw no window; another round tries again. Every round must keep the total.
    let zeroWindow = false;
    for (let round = 0; round < 5 && !zeroWindow; round++) {
      const rebuilt = await rebuildAndPoll();
      zeroWindow = rebuilt.zeroWindow;
      expect(await storedScans(world.storePool)).toBe(4);
      await rebuilt.session.end(); // its exit sends the copy
      expect(await waitForIdxScan(world.target, (n) => n >= 4)).toBe(4);
      await poll();
      expect(await storedScans(world.storePool)).toBe(4);
    }
    if (world.target.major === 14) expect(zeroWindow).toBe(true);

    await scanIndex(world.target, 3);
    await poll();
    expect(await storedScans(world.storePool)).toBe(7);
    const rebuilds = await world.storePool.query<{ detail: string }>(
      "SELECT detail FROM events WHERE kind = 'rebuild' ORDER BY id",
    );
    expect(rebuilds.rows.length).toBeGreaterThan(0);
    for (const { detail } of rebuilds.rows) expect(detail).not.toContain(COUNTERS_STARTED_OVER);
  });

  it("counts them once too when another sampler takes over in the window (the store kept the old OID)", async () => {
    const before = await storedScans(world.storePool);
    let zeroWindow = false;
    for (let round = 0; round < 5 && !zeroWindow; round++) {
      const rebuilt = await rebuildAndPoll();
      zeroWindow = rebuilt.zeroWindow;
      await rebuilt.session.end();
      expect(await waitForIdxScan(world.target, (n) => n >= before)).toBe(before);
      // A sampler that did not see the window: what it knows comes from the store.
      ({ target, sink } = sampledTarget(world));
      await poll();
      expect(await storedScans(world.storePool)).toBe(before);
    }
    if (world.target.major === 14) expect(zeroWindow).toBe(true);
  });
});
