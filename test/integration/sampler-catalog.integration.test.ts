import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "@/lib/db/pool";
import { BufferedHistorySink } from "@/lib/sampler/history-sink";
import { type SampledTarget, sampleTargetOnce } from "@/lib/sampler/sample-once";
import { readStatsWindow } from "@/lib/sampler/target-queries";
import type { PgMajor } from "@/test/support/pg-cluster";
import { recordQueryNames } from "@/test/support/query-names";
import { serverMajor, waitForStats } from "@/test/support/test-database";
import { type SamplerWorld, startSamplerWorld } from "./sampler-support";

/*
 * Between sizing polls the sampler reads only OIDs and counters while the catalog stands
 * still (on PostgreSQL 16+ only those of the indexes scanned since the last poll, checked
 * against checksums over all of them), and the names again as soon as it moves. The target's connections record the name
 * of each query they run (recordQueryNames), so the test sees which read a poll made, on a
 * real server.
 */
describe("sampler reads of a catalog that stands still and one that moves", () => {
  let world: SamplerWorld;
  let pool: pg.Pool;
  let target: SampledTarget;
  let sink: BufferedHistorySink;
  const queries: string[] = [];
  // What a quiet poll reads: PostgreSQL 16 added each index's last scan time.
  const LEAN = serverMajor() >= 16 ? "sampler_index_counters_moved" : "sampler_index_counters_by_oid";
  const scanStatusIndex = async (times: number) => {
    const scanner = new pg.Client({ connectionString: world.target.url() });
    await scanner.connect();
    try {
      await scanner.query("SET enable_seqscan = off; SET enable_bitmapscan = off");
      for (let i = 0; i < times; i++) await scanner.query("SELECT id FROM orders WHERE status = 'open'");
    } finally {
      await scanner.end();
    }
  };
  const scansOf = async (name: string) =>
    (await world.target.query("SELECT pg_stat_get_numscans($1::regclass)::int AS n", [name])).rows[0]
      ?.n as number;
  const storedScans = async (name: string) =>
    (
      await world.storePool.query(
        "SELECT coalesce(sum(d.scans), 0)::int AS n FROM usage_daily d JOIN index_identity i ON i.id = d.identity_id WHERE i.index_name = $1",
        [name],
      )
    ).rows[0].n as number;

  const poll = async () => {
    queries.length = 0;
    const outcome = await sampleTargetOnce(target, sink);
    if (outcome.kind !== "sampled" || !outcome.stored)
      throw new Error(`poll did not sample: ${outcome.kind}`);
    return queries.filter((name) => name.startsWith("sampler_index_counters"));
  };
  const identities = async () =>
    (
      await world.storePool.query<{ index_name: string; current_oid: string; dropped: boolean }>(
        "SELECT index_name, current_oid, dropped_at IS NOT NULL AS dropped FROM index_identity ORDER BY index_name",
      )
    ).rows;
  const oidOf = async (name: string) =>
    Number((await world.target.query("SELECT $1::regclass::oid AS oid", [name])).rows[0]?.oid);

  beforeAll(async () => {
    world = await startSamplerWorld(serverMajor() as PgMajor);
    pool = createPool(world.target.url(), { applicationName: "indexwatch", max: 2 });
    recordQueryNames(pool, queries);
    // Sizing (which also reads the names) only on the first poll.
    target = { id: "catalog", pool, sizeEveryMs: 24 * 3_600_000 };
    sink = new BufferedHistorySink(world.storePool, 3);
  });
  afterAll(async () => {
    await pool?.end();
    await world?.close();
  });

  /** Waits until the set-up's DDL has reached the statistics (PG14 sends them lazily). */
  const catalogSettled = async () => {
    let last = "";
    let stableSince = Date.now();
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const version = (await readStatsWindow(pool)).catalog_version;
      if (version !== last) {
        last = version;
        stableSince = Date.now();
      } else if (Date.now() - stableSince > 1_500) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("the catalog's statistics kept moving");
  };

  it("reads names on the first poll, then only OIDs and counters while nothing changes", async () => {
    await catalogSettled();
    expect(await poll()).toEqual(["sampler_index_counters"]);
    expect(await poll()).toEqual([LEAN]);
    await scanStatusIndex(3);
    await waitForStats(
      () => scansOf("orders_status_idx"),
      (n) => n >= 3,
    );
    expect(await poll()).toEqual([LEAN]);
    expect(await storedScans("orders_status_idx")).toBe(3);
  });

  it("reads every index's counters when a scan was not reported as recent (a late statistics flush)", async () => {
    await scanStatusIndex(2);
    await waitForStats(
      () => scansOf("orders_status_idx"),
      (n) => n >= 5,
    );
    // As if the scan's statistics had reached the server long after its transaction ended:
    // the last poll's time moved past it, so the scan is not among the "recent" ones and
    // only the checksums can tell that something moved.
    if (target.memory?.polledAt !== undefined) target.memory.polledAt = Date.now() + 3_600_000;
    expect(await poll()).toEqual(
      serverMajor() >= 16
        ? ["sampler_index_counters_moved", "sampler_index_counters_by_oid"]
        : ["sampler_index_counters_by_oid"],
    );
    expect(await storedScans("orders_status_idx")).toBe(5);
  });

  it("reads the names again in the same poll when an OID it does not know appears", async () => {
    await world.target.query("CREATE INDEX orders_id_status_idx ON orders (id, status)");
    // As if the DDL's session had not flushed its statistics yet (it may take seconds): the
    // fingerprint the sampler remembers is today's, and the unknown OID alone must send the
    // poll to the names.
    if (target.memory) target.memory.catalogVersion = (await readStatsWindow(pool)).catalog_version;
    // On 16+ the checksums' count has moved: straight to the names, no OID-only read.
    expect(await poll()).toEqual([LEAN, "sampler_index_counters"]);
    const created = (await identities()).find((i) => i.index_name === "orders_id_status_idx");
    expect(Number(created?.current_oid)).toBe(await oidOf("orders_id_status_idx"));
    // Sized in that same poll, a day before the next sizing poll: its page shows its size.
    const size = Number(
      (await world.target.query("SELECT pg_relation_size('orders_id_status_idx')::int8 AS n")).rows[0]?.n,
    );
    expect(size).toBeGreaterThan(0);
    const stored = await world.storePool.query<{ size: string | null }>(
      "SELECT last_size_bytes AS size FROM index_identity WHERE index_name = 'orders_id_status_idx'",
    );
    expect(Number(stored.rows[0]?.size)).toBe(size);
    expect(
      [...(target.memory?.indexes.values() ?? [])].find((i) => i.name === "orders_id_status_idx")?.sizeBytes,
    ).toBe(size);
  });

  it("picks up a rename once the catalog's statistics move, and keeps the OID", async () => {
    const oid = await oidOf("orders_status_idx");
    const before = (await readStatsWindow(pool)).catalog_version;
    const ddl = new pg.Client({ connectionString: world.target.url() });
    await ddl.connect();
    try {
      await ddl.query("ALTER INDEX orders_status_idx RENAME TO orders_state_idx");
      await waitForStats(
        async () => (await readStatsWindow(pool)).catalog_version,
        (version) => version !== before,
        ddl,
      );
    } finally {
      await ddl.end();
    }
    expect(await poll()).toEqual(["sampler_index_counters"]);
    const after = await identities();
    const renamed = after.find((i) => i.index_name === "orders_state_idx");
    expect(Number(renamed?.current_oid)).toBe(oid);
    expect(after.find((i) => i.index_name === "orders_status_idx")?.dropped).toBe(true);
    // And quiet again afterwards.
    expect(await poll()).toEqual([LEAN]);
  });
});
