import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Queryable } from "@/lib/db/query";
import { CATALOG_FIXTURE_SQL, HOSTILE_INDEX_NAME, QUOTED_INDEX_NAME } from "@/test/fixtures/catalog-fixture";
import {
  createTestDatabase,
  serverMajor,
  type TestDatabase,
  waitForStats,
} from "@/test/support/test-database";
import {
  getCatalogVersion,
  type IndexCatalogRow,
  type IndexCountersRow,
  type IndexSizeRow,
  listIndexCatalog,
  listIndexCounters,
  listIndexDefinitions,
  listIndexedTableSizes,
  listIndexSizes,
} from "./index-inventory";
import { getServerInfo } from "./server-info";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("catalog");
  await db.pool.query(CATALOG_FIXTURE_SQL);
});

afterAll(async () => {
  await db.drop();
});

type IndexRow = IndexCatalogRow & IndexCountersRow & IndexSizeRow;

/** The three parts of the inventory joined by oid, as the inventory service joins them. */
async function listIndexInventory(db: Queryable, versionNum: number): Promise<IndexRow[]> {
  const counters = new Map((await listIndexCounters(db, versionNum)).map((row) => [row.oid, row]));
  const sizes = new Map((await listIndexSizes(db)).map((row) => [row.oid, row]));
  const catalog = await listIndexCatalog(db);
  expect([...counters.keys()].sort()).toEqual(catalog.map((row) => row.oid).sort());
  expect([...sizes.keys()].sort()).toEqual(catalog.map((row) => row.oid).sort());
  return catalog.map((row) => ({
    ...row,
    ...(counters.get(row.oid) as IndexCountersRow),
    ...(sizes.get(row.oid) as IndexSizeRow),
  }));
}

const definitionsOf = async (rows: IndexRow[]) =>
  new Map(
    (
      await listIndexDefinitions(
        db.pool,
        rows.map((r) => r.oid),
      )
    ).map((d) => [d.oid, d.definition]),
  );

const byName = (rows: IndexRow[], name: string) => {
  const row = rows.find((r) => r.name === name);
  if (!row) throw new Error(`index ${name} missing from the inventory`);
  return row;
};

describe("getServerInfo", () => {
  it("reports the server version and a primary", async () => {
    const info = await getServerInfo(db.pool);
    expect(Math.floor(info.version_num / 10000)).toBe(serverMajor());
    expect(info.in_recovery).toBe(false);
    expect(info.database).toBe(db.name);
  });

  it("has a NULL stats_reset on a database never reset (PG15+), and a date after pg_stat_reset()", async () => {
    const before = await getServerInfo(db.pool);
    // PG14's collector stamps a database's entry when it first creates it; PG15+ leaves NULL.
    if (serverMajor() >= 15) expect(before.stats_reset).toBeNull();
    else expect(before.stats_reset?.getTime() ?? 0).toBeGreaterThan(before.postmaster_started_at.getTime());
    expect(before.postmaster_started_at.getTime()).toBeLessThanOrEqual(before.now.getTime());
    const resetDb = await createTestDatabase("reset");
    try {
      const fresh = await getServerInfo(resetDb.pool);
      await resetDb.pool.query("SELECT pg_stat_reset()");
      const after = await waitForStats(
        () => getServerInfo(resetDb.pool),
        (info) => info.stats_reset !== null && info.stats_reset.getTime() !== fresh.stats_reset?.getTime(),
      );
      expect(after.stats_reset).toBeInstanceOf(Date);
      expect(after.stats_reset?.getTime()).not.toBe(fresh.stats_reset?.getTime());
    } finally {
      await resetDb.drop();
    }
  });
});

describe("listIndexCatalog, listIndexCounters and listIndexSizes", () => {
  it("lists every user index in every schema with its flags", async () => {
    const info = await getServerInfo(db.pool);
    const rows = await listIndexInventory(db.pool, info.version_num);

    const pk = byName(rows, "accounts_pkey");
    expect(pk).toMatchObject({
      primary: true,
      unique: true,
      constraint_type: "p",
      constraint_name: "accounts_pkey",
    });
    expect(byName(rows, "accounts_email_key")).toMatchObject({
      primary: false,
      unique: true,
      constraint_type: "u",
    });
    expect(byName(rows, "bookings_no_overlap")).toMatchObject({ method: "gist", constraint_type: "x" });
    expect(byName(rows, "accounts_active_partial_idx")).toMatchObject({ partial: true, expression: false });
    expect(byName(rows, "accounts_lower_name_idx")).toMatchObject({ expression: true, partial: false });
    const definitions = await definitionsOf(rows);
    const definition = (name: string) => definitions.get(byName(rows, name).oid);
    expect(definitions.size).toBe(rows.length);
    expect(definition("accounts_created_desc_idx")).toContain("created_at DESC");

    const other = byName(rows, "Orders_Account_Idx");
    expect(other).toMatchObject({ schema: "Sales Data", table: "Orders" });
    expect(definition("Orders_Account_Idx")).toContain('"Sales Data"."Orders"');

    const parent = byName(rows, "events_kind_idx");
    expect(parent.partitioned).toBe(true);
    expect(parent.scans).toBeNull();
    const child = rows.find((r) => r.table === "events_2026" && definitions.get(r.oid)?.includes("(kind)"));
    expect(child?.partitioned).toBe(false);
    expect(child?.scans).toBe(0);

    expect(definition(HOSTILE_INDEX_NAME)).toContain(`"${HOSTILE_INDEX_NAME}"`);
    expect(byName(rows, QUOTED_INDEX_NAME).valid).toBe(true);

    // No system indexes leak in.
    expect(rows.every((r) => !r.schema.startsWith("pg_") && r.schema !== "information_schema")).toBe(true);
    expect(byName(rows, "accounts_pkey").size_bytes).toBeGreaterThan(8192);
    const tableSizes = new Map(
      (await listIndexedTableSizes(db.pool)).map((t) => [t.table_oid, t.size_bytes]),
    );
    expect(tableSizes.get(pk.table_oid)).toBeGreaterThan(8192);
    expect(tableSizes.get(parent.table_oid)).toBe(0);
  });

  it("has a catalog version that moves with DDL, not with queries", async () => {
    const client = await db.pool.connect();
    try {
      const flush = () =>
        serverMajor() >= 15 ? client.query("SELECT pg_stat_force_next_flush()") : Promise.resolve();
      await flush();
      const before = await waitForStats(
        () => getCatalogVersion(client),
        () => true,
        client,
      );
      await client.query("SELECT count(*) FROM accounts");
      await flush();
      expect(await getCatalogVersion(client)).toBe(before);
      await client.query("ALTER INDEX accounts_lower_name_idx RENAME TO accounts_lower_name_idx2");
      await client.query("ALTER INDEX accounts_lower_name_idx2 RENAME TO accounts_lower_name_idx");
      const after = await waitForStats(
        () => getCatalogVersion(client),
        (v) => v !== before,
        client,
      );
      expect(after).not.toBe(before);
    } finally {
      client.release();
    }
  });

  it("sees scans move, and last_idx_scan only where the server has it", async () => {
    const client = await db.pool.connect();
    try {
      await client.query("SET enable_seqscan = off");
      await client.query("SELECT * FROM accounts WHERE email = 'user7@example.com'");
      const info = await getServerInfo(client);
      const rows = await waitForStats(
        () => listIndexInventory(client, info.version_num),
        (r) => (byName(r, "accounts_email_key").scans ?? 0) > 0,
        client,
      );
      const used = byName(rows, "accounts_email_key");
      expect(used.scans).toBeGreaterThanOrEqual(1);
      expect(used.tuples_read).toBeGreaterThanOrEqual(1);
      if (serverMajor() >= 16) expect(used.last_scan_at_ms).toBeGreaterThan(Date.now() - 3_600_000);
      else expect(used.last_scan_at_ms).toBeNull();
      expect(byName(rows, "accounts_lower_name_idx").scans).toBe(0);
    } finally {
      client.release();
    }
  });

  it("does not wait on a table someone holds an ACCESS EXCLUSIVE lock on: it skips sizing it", async () => {
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE bookings IN ACCESS EXCLUSIVE MODE");
      // Without the guard the query would queue behind the lock: the timeout makes that fail.
      const reader = new pg.Client({ connectionString: db.url, lock_timeout: 3_000 });
      await reader.connect();
      const info = await getServerInfo(reader);
      const began = Date.now();
      const rows = await listIndexInventory(reader, info.version_num);
      const locked = byName(rows, "bookings_pkey");
      const [lockedDefinition] = await listIndexDefinitions(reader, [locked.oid]);
      const tableSizes = await listIndexedTableSizes(reader).finally(() => reader.end());
      expect(Date.now() - began).toBeLessThan(5_000);
      expect(locked.size_skipped_locked).toBe(true);
      expect(locked.size_bytes).toBeNull();
      expect(lockedDefinition?.definition).toBeNull();
      expect(tableSizes.find((t) => t.table_oid === locked.table_oid)?.size_bytes).toBeNull();
      expect(byName(rows, "accounts_pkey").size_skipped_locked).toBe(false);
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }
  });

  it("works for a login role that has pg_monitor and nothing else", async () => {
    const role = `${db.name}_monitor`;
    await db.pool.query(`CREATE ROLE ${role} LOGIN IN ROLE pg_monitor`);
    const url = new URL(db.url);
    url.username = role;
    const monitor = new pg.Client({ connectionString: url.toString() });
    await monitor.connect();
    try {
      const info = await getServerInfo(monitor);
      const rows = await listIndexInventory(monitor, info.version_num);
      expect(rows.length).toBeGreaterThanOrEqual(10);
      expect(byName(rows, "Orders_Account_Idx").size_bytes).toBeGreaterThan(0);
      await expect(monitor.query("SELECT count(*) FROM accounts")).rejects.toThrow(/permission denied/);
    } finally {
      await monitor.end();
      await db.pool.query(`DROP ROLE ${role}`);
    }
  });
});
