import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REBUILD_COPY_WAIT_POLLS } from "@/lib/analysis/deltas";
import { getServerInfo } from "@/lib/catalog/server-info";
import type { IndexInventory, IndexJson } from "@/lib/inventory/index-inventory";
import { fillRebuiltScans } from "@/lib/inventory/rebuilt-scans";
import { statsWindowOf } from "@/lib/inventory/target-status";
import { sampleTargetOnce } from "@/lib/sampler/sample-once";
import { readRebuiltScans } from "@/lib/store/rebuilt-scans-reads";
import type { PgMajor } from "@/test/support/pg-cluster";
import { serverMajor } from "@/test/support/test-database";
import {
  type SamplerWorld,
  sampledTarget,
  scanIndex,
  startSamplerWorld,
  waitForIdxScan,
} from "./sampler-support";

/**
 * Issue 12 point 3's last sentence: after a rebuild the counters start over, the history does
 * not; the inventory's rebuilt indexes carry the history's scans.
 */
let world: SamplerWorld;

let sampled: ReturnType<typeof sampledTarget>;

/** One sampler across the polls, as the loop runs it (a rebuild's wait lives in its memory). */
async function poll() {
  sampled ??= sampledTarget(world);
  expect((await sampleTargetOnce(sampled.target, sampled.sink)).kind).toBe("sampled");
}

async function statsSince() {
  return statsWindowOf(await getServerInfo(world.targetPool)).since;
}

function row(name: string, scans: number): IndexJson {
  return {
    oid: 1,
    tableOid: 2,
    schema: "public",
    table: "orders",
    name,
    definition: "",
    method: "btree",
    sizeBytes: null,
    tableSizeBytes: null,
    sizeSkipped: null,
    scans,
    tuplesRead: null,
    tuplesFetched: null,
    lastScanAt: null,
    primary: false,
    unique: false,
    valid: true,
    partial: false,
    expression: false,
    partitioned: false,
    parentOid: null,
    partitionsSummed: null,
    lastSeenScanned: null,
    historyScans: null,
    constraint: null,
  };
}

beforeAll(async () => {
  world = await startSamplerWorld(serverMajor() as PgMajor);
  await poll();
  await scanIndex(world.target, 4);
  await poll();
});

afterAll(async () => {
  await world?.close();
});

describe("scans of rebuilt indexes from the history", () => {
  it("lists no index before any rebuild", async () => {
    expect(await readRebuiltScans(world.storePool, "t1", await statsSince())).toEqual([]);
  });

  it("lists no index after REINDEX CONCURRENTLY: it carries the counters over", async () => {
    await world.target.query("REINDEX INDEX CONCURRENTLY orders_status_idx");
    // PostgreSQL 14's collector copies the counters a moment later: wait until they show.
    expect(await waitForIdxScan(world.target, (n) => n >= 4)).toBeGreaterThanOrEqual(4);
    await poll();
    expect(await readRebuiltScans(world.storePool, "t1", await statsSince())).toEqual([]);
  });

  it("after a drop and create under the same name: the history's scans across it, and when one was last seen", async () => {
    await world.target.query(
      "BEGIN; DROP INDEX orders_status_idx; CREATE INDEX orders_status_idx ON orders (status); COMMIT",
    );
    await scanIndex(world.target, 2);
    // Two scans below the old four could still be PostgreSQL 14's copy on its way: the sampler
    // waits that many polls before it calls the index fresh (its counters started over).
    for (let i = 0; i <= REBUILD_COPY_WAIT_POLLS; i++) await poll();
    const since = await statsSince();
    const rows = await readRebuiltScans(world.storePool, "t1", since);
    expect(rows.map((r) => r.index_name)).toEqual(["orders_status_idx"]);
    const [rebuilt] = rows;
    expect(rebuilt?.scans).toBe(6);
    expect(rebuilt?.seen_to).toBeInstanceOf(Date);
    expect(rebuilt?.rebuilt_at.getTime()).toBeGreaterThan(Date.parse(since));

    // The inventory row of the rebuilt index gets them; the others keep their counters.
    const inventory = {
      target: "t1",
      statsSince: since,
      indexes: [row("orders_status_idx", 2), row("orders_pkey", 0)],
    } as IndexInventory;
    await fillRebuiltScans(inventory, world.storePool);
    const [status, pkey] = inventory.indexes;
    expect(status?.historyScans?.scans).toBe(6);
    expect(status?.lastSeenScanned?.to).toBe(rebuilt?.seen_to?.toISOString());
    expect(pkey?.historyScans).toBeNull();
  });

  it("forgets a rebuild that came before the statistics window: the counters cover the window", async () => {
    const rows = await readRebuiltScans(world.storePool, "t1", new Date(Date.now() + 60_000).toISOString());
    expect(rows).toEqual([]);
  });
});
