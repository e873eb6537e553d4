import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BufferedHistorySink } from "@/lib/sampler/history-sink";
import { type SampledTarget, sampleTargetOnce } from "@/lib/sampler/sample-once";
import { getObservedUsage } from "@/lib/store/observed-usage";
import type { PgMajor } from "@/test/support/pg-cluster";
import { serverMajor } from "@/test/support/test-database";
import {
  committedTransactions,
  commitUntilPast,
  eventKinds,
  pollSampled,
  type SamplerWorld,
  sampledTarget,
  scanIndex,
  startSamplerWorld,
  storedRawCount,
  storedRawScans,
  storedScans,
  waitForIdxScan,
} from "./sampler-support";

/*
 * One sampling run of a real target across everything that breaks cumulative counters. The
 * steps share one history: each asserts the running total, so a double count or a negative
 * delta anywhere shows up.
 */
describe("sampler across resets, rebuilds and restarts", () => {
  let world: SamplerWorld;
  let target: SampledTarget;
  let sink: BufferedHistorySink;
  const poll = () => pollSampled(target, sink);

  beforeAll(async () => {
    world = await startSamplerWorld(serverMajor() as PgMajor);
    ({ target, sink } = sampledTarget(world));
  });
  afterAll(async () => {
    await world?.close();
  });

  it("takes the first poll as a baseline, not as usage", async () => {
    await scanIndex(world.target, 4);
    const outcome = await poll();
    expect(outcome.stored).toBe(true);
    expect(await storedScans(world.storePool)).toBe(0);
    const polls = await world.storePool.query("SELECT count(*)::int AS n FROM polls");
    expect(polls.rows[0].n).toBe(1);
  });

  it("stores only the indexes whose counters moved, and the deltas", async () => {
    await poll(); // nothing moved
    expect(await storedRawCount(world.storePool)).toBe(0);
    await scanIndex(world.target, 5);
    await poll();
    expect(await storedScans(world.storePool)).toBe(5);
    expect(await storedRawScans(world.storePool)).toBe(5);
    const hourly = await world.storePool.query("SELECT sum(scans)::int AS n FROM usage_hourly");
    expect(hourly.rows[0].n).toBe(5);
  });

  it("counts across pg_stat_reset() and records a reset", async () => {
    const commitsBefore = await committedTransactions(world.target);
    await world.target.query("SELECT pg_stat_reset()");
    await waitForIdxScan(world.target, (n) => n === 0);
    // A young database can commit more after the reset than it had before it (this flaked on
    // PG14): xact_commit alone then looks as if nothing was zeroed.
    await commitUntilPast(world.target, commitsBefore);
    await scanIndex(world.target, 7); // climbs past the old value: only the window tells
    await poll();
    expect(await storedScans(world.storePool)).toBe(12);
    expect(await eventKinds(world.storePool)).toContain("reset");
    const perIndex = await world.storePool.query(
      "SELECT count(*)::int AS n FROM events WHERE kind = 'reset' AND identity_id IS NOT NULL",
    );
    expect(perIndex.rows[0].n).toBe(0);
  });

  it("counts across pg_stat_reset_single_table_counters()", async () => {
    await world.target.query("SELECT pg_stat_reset_single_table_counters('orders_status_idx'::regclass)");
    await waitForIdxScan(world.target, (n) => n === 0);
    await scanIndex(world.target, 2);
    await poll();
    expect(await storedScans(world.storePool)).toBe(14);
    const perIndex = await world.storePool.query(
      "SELECT count(*)::int AS n FROM events WHERE kind = 'reset' AND identity_id IS NOT NULL",
    );
    expect(perIndex.rows[0].n).toBe(1);
  });

  it("keeps one history across REINDEX CONCURRENTLY (new OID, same identity)", async () => {
    const before = await world.storePool.query(
      "SELECT id, current_oid FROM index_identity WHERE index_name = $1",
      ["orders_status_idx"],
    );
    await world.target.query("REINDEX INDEX CONCURRENTLY orders_status_idx");
    await scanIndex(world.target, 3);
    await poll();
    const after = await world.storePool.query(
      "SELECT id, current_oid FROM index_identity WHERE index_name = $1",
      ["orders_status_idx"],
    );
    expect(after.rows).toHaveLength(1);
    expect(after.rows[0].id).toBe(before.rows[0].id);
    expect(after.rows[0].current_oid).not.toBe(before.rows[0].current_oid);
    expect(await storedScans(world.storePool)).toBe(17);
    expect(await eventKinds(world.storePool)).toContain("rebuild");
    const observed = await getObservedUsage("t1", world.storePool);
    expect(observed?.indexes.get(Number(after.rows[0].current_oid))?.scans).toBe(17);
  });

  it("continues across a fast shutdown (counters kept) and records the restart", async () => {
    await scanIndex(world.target, 1);
    await world.target.stop("fast");
    await world.target.start();
    await scanIndex(world.target, 2);
    await poll();
    expect(await storedScans(world.storePool)).toBe(20);
    const restarts = await world.storePool.query("SELECT detail FROM events WHERE kind = 'restart'");
    expect(restarts.rows.map((r) => r.detail).join()).toContain("kept");
  });

  it("restarts the window after an immediate shutdown (counters lost) and records it", async () => {
    await world.target.stop("immediate");
    await world.target.start();
    await scanIndex(world.target, 6);
    await poll();
    // Scans between the last poll and the crash are lost with the server's statistics; the
    // six after it count, and no negative or doubled usage appears.
    expect(await storedScans(world.storePool)).toBe(26);
    const restarts = await world.storePool.query(
      "SELECT detail FROM events WHERE kind = 'restart' ORDER BY id",
    );
    expect(restarts.rows.at(-1)?.detail).toContain("lost");
  });

  it("marks an unreachable target and resumes when it comes back", async () => {
    await world.target.stop("fast");
    const down = await sampleTargetOnce(target, sink);
    expect(down.kind).toBe("unreachable");
    const { markTargetUnreachable } = await import("@/lib/store/history-writer");
    await markTargetUnreachable(world.storePool, "t1", "connection refused");
    await markTargetUnreachable(world.storePool, "t1", "connection refused");
    await world.target.start();
    await scanIndex(world.target, 1);
    await poll();
    expect(await storedScans(world.storePool)).toBe(27);
    const events = await world.storePool.query("SELECT ended_at FROM events WHERE kind = 'unreachable'");
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0].ended_at).toBeInstanceOf(Date);
    expect((await getObservedUsage("t1", world.storePool))?.complete).toBe(false);
  });
});
