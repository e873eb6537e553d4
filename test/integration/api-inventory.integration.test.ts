import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getIndex } from "@/app/api/v1/targets/[id]/indexes/[oid]/route";
import { GET as getIndexes } from "@/app/api/v1/targets/[id]/indexes/route";
import { POST as refreshNow } from "@/app/api/v1/targets/[id]/refresh/route";
import { GET as getTargets } from "@/app/api/v1/targets/route";
import type { IndexPartition } from "@/lib/indexes/index-detail";
import type { IndexInventory, IndexJson } from "@/lib/inventory/index-inventory";
import { refreshAfterChange } from "@/lib/inventory/snapshot";
import type { TargetStatus } from "@/lib/inventory/target-status";
import { CATALOG_FIXTURE_SQL, HOSTILE_INDEX_NAME, QUOTED_INDEX_NAME } from "@/test/fixtures/catalog-fixture";
import { type PgCluster, type PgMajor, startCluster } from "@/test/support/pg-cluster";
import { ORIGIN, params, request } from "@/test/support/routes";
import {
  createTestDatabase,
  serverMajor,
  type TestDatabase,
  waitForStats,
} from "@/test/support/test-database";

// The route handlers, called as Next.js calls them, against a real server.

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("api");
  await db.pool.query(CATALOG_FIXTURE_SQL);
  vi.stubEnv("DATABASE_URL", db.url);
  vi.stubEnv("TARGET_ID", "shop");
  vi.stubEnv("TARGET_NAME", "Shop");
  vi.stubEnv("STORE_URL", "");
  // No sampler here: the inventory is read on demand at most once per interval (1 s).
  vi.stubEnv("SAMPLE_INTERVAL", "1");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await db.drop();
});

describe("GET /api/v1/targets", () => {
  it("lists the configured target with its version and statistics window", async () => {
    const response = await getTargets(request("/api/v1/targets"));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { targets: TargetStatus[] };
    expect(body.targets).toHaveLength(1);
    const [target] = body.targets;
    expect(target).toMatchObject({ id: "shop", name: "Shop", reachable: true, inRecovery: false });
    expect(target?.serverVersion).toMatch(new RegExp(`^${serverMajor()}\\.`));
    expect(Date.parse(target?.statsSince ?? "")).not.toBeNaN();
  });
});

describe("GET /api/v1/targets/{id}/indexes", () => {
  it("answers the inventory with numeric oids, sizes and counters, hostile names as data", async () => {
    const response = await getIndexes(request("/api/v1/targets/shop/indexes"), params({ id: "shop" }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as IndexInventory;
    expect(body.target).toBe("shop");
    expect(Date.parse(body.sampledAt)).not.toBeNaN();
    expect(body.lastScanAvailable).toBe(serverMajor() >= 16);
    const hostile = body.indexes.find((i) => i.name === HOSTILE_INDEX_NAME) as IndexJson;
    expect(typeof hostile.oid).toBe("number");
    expect(typeof hostile.sizeBytes).toBe("number");
    expect(hostile.scans).toBe(0);
    expect(body.indexes.some((i) => i.name === QUOTED_INDEX_NAME)).toBe(true);
    const pk = body.indexes.find((i) => i.name === "accounts_pkey");
    expect(pk?.constraint).toEqual({ name: "accounts_pkey", type: "primary key" });
  });

  it("answers a partitioned index with its partitions' figures, as the inventory sums them", async () => {
    await db.pool.query(
      "INSERT INTO events SELECT g, date '2026-03-01', 'k' || g FROM generate_series(1, 3000) g",
    );
    await db.pool.query("SET enable_seqscan = off");
    await db.pool.query("SELECT count(*) FROM events WHERE kind = 'k7'");
    await db.pool.query("RESET enable_seqscan");
    const [{ size, tableSize }] = (
      await db.pool.query<{ size: string; tableSize: string }>(
        `SELECT pg_relation_size('events_2026_kind_idx') AS size, pg_table_size('events_2026') AS "tableSize"`,
      )
    ).rows as [{ size: string; tableSize: string }];
    // Pages read the latest poll: the one an action asks for after changing the target.
    await refreshAfterChange("shop");
    const list = (await (await getIndexes(request("/x"), params({ id: "shop" }))).json()) as IndexInventory;
    const parent = list.indexes.find((i) => i.name === "events_kind_idx") as IndexJson;
    expect(parent.partitioned).toBe(true);
    const one = await getIndex(request("/x"), params({ id: "shop", oid: String(parent.oid) }));
    expect(one.status).toBe(200);
    const body = (await one.json()) as { index: IndexJson; partitions: IndexPartition[] };
    const index = body.index;
    // The index page shows what the list shows: one poll, one figure.
    expect(index).toEqual(parent);
    // And leads to the partitions' indexes, where its scans, history and statements are.
    const leaf = list.indexes.find((i) => i.name === "events_2026_kind_idx") as IndexJson;
    expect(body.partitions).toEqual([
      {
        oid: leaf.oid,
        key: "public.events_2026.events_2026_kind_idx",
        schema: "public",
        table: "events_2026",
        name: "events_2026_kind_idx",
        partitioned: false,
        scans: leaf.scans,
        sizeBytes: Number(size),
      },
    ]);
    const leafDetail = await getIndex(request("/x"), params({ id: "shop", oid: String(leaf.oid) }));
    expect(((await leafDetail.json()) as { partitions: IndexPartition[] }).partitions).toEqual([]);
    expect(index.sizeBytes).toBe(Number(size));
    expect(index.sizeBytes).toBeGreaterThan(0);
    expect(index.tableSizeBytes).toBe(Number(tableSize));
    expect(index.tableSizeBytes).toBeGreaterThan(0);
    expect(index.scans).not.toBeNull();
  });

  it("answers one index by oid, 404 for an unknown oid or target, 400 for a malformed one", async () => {
    const list = (await (await getIndexes(request("/x"), params({ id: "shop" }))).json()) as IndexInventory;
    const some = list.indexes[0] as IndexJson;
    const one = await getIndex(request("/x"), params({ id: "shop", oid: String(some.oid) }));
    expect(one.status).toBe(200);
    expect(((await one.json()) as { index: IndexJson }).index.name).toBe(some.name);

    const missing = await getIndex(request("/x"), params({ id: "shop", oid: "4294967000" }));
    expect(missing.status).toBe(404);
    const unknownTarget = await getIndexes(request("/x"), params({ id: "nope" }));
    expect(unknownTarget.status).toBe(404);
    expect(((await unknownTarget.json()) as { error: { code: string } }).error.code).toBe("not_found");

    for (const bad of ["abc", "-1", "1.5", "99999999999", "1;DROP TABLE accounts"]) {
      const malformed = await getIndex(request("/x"), params({ id: "shop", oid: bad }));
      expect(malformed.status, bad).toBe(400);
      const error = ((await malformed.json()) as { error: { issues: unknown[] } }).error;
      expect(error.issues.length).toBeGreaterThan(0);
    }
    const badTarget = await getIndexes(request("/x"), params({ id: "../../etc" }));
    expect(badTarget.status).toBe(400);
  });
});

describe("the inventory after DDL", () => {
  const names = async () => {
    const response = await getIndexes(request("/x"), params({ id: "shop" }));
    const body = (await response.json()) as IndexInventory;
    return new Map(body.indexes.map((i) => [i.name, i]));
  };

  it("shows a new index at the next read and a renamed one with its new definition", async () => {
    await names(); // warm the catalog cache
    await db.pool.query("CREATE INDEX accounts_email_name_idx ON accounts (email, name)");
    const created = (await waitForStats(names, (m) => m.has("accounts_email_name_idx"))).get(
      "accounts_email_name_idx",
    );
    expect(created?.definition).toContain("(email, name)");

    const client = await db.pool.connect();
    try {
      await client.query("ALTER INDEX accounts_email_name_idx RENAME TO accounts_contact_idx");
      const renamed = await waitForStats(names, (m) => m.has("accounts_contact_idx"), client);
      expect(renamed.has("accounts_email_name_idx")).toBe(false);
      expect(renamed.get("accounts_contact_idx")?.definition).toContain("accounts_contact_idx");
      expect(renamed.get("accounts_contact_idx")?.oid).toBe(created?.oid);
    } finally {
      client.release();
    }
    await db.pool.query("DROP INDEX accounts_contact_idx");
    expect(
      (await waitForStats(names, (m) => !m.has("accounts_contact_idx"))).has("accounts_contact_idx"),
    ).toBe(false);
  });
});

describe("the inventory while a table is locked", () => {
  it("refreshes without waiting, the locked table's indexes marked unsized and the others sized", async () => {
    const holder = await db.pool.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE");
      const started = Date.now();
      // Refresh now reads the sizes again (a plain read takes the last sizing's).
      const response = await refreshNow(
        request("/x", { method: "POST", headers: { origin: ORIGIN } }),
        params({ id: "shop" }),
      );
      expect(response.status).toBe(200);
      // Well below the pool's lock_timeout: nothing queued behind the lock.
      expect(Date.now() - started).toBeLessThan(900);
      const body = (await response.json()) as IndexInventory;
      const locked = body.indexes.filter((i) => i.table === "accounts");
      expect(locked.length).toBeGreaterThan(0);
      for (const index of locked) {
        expect(index.sizeSkipped, index.name).toBe("locked");
        expect(index.sizeBytes, index.name).toBeNull();
      }
      const others = body.indexes.filter((i) => i.table !== "accounts" && !i.partitioned);
      expect(others.length).toBeGreaterThan(0);
      for (const index of others) {
        expect(index.sizeSkipped, index.name).toBeNull();
        expect(index.sizeBytes, index.name).toBeGreaterThan(0);
      }
    } finally {
      await holder.query("ROLLBACK");
      holder.release();
    }
  });
});

describe("reading with READ_ANONYMOUS=false", () => {
  it("answers 401 to a request without a session", async () => {
    vi.stubEnv("READ_ANONYMOUS", "false");
    try {
      expect((await getTargets(request("/api/v1/targets"))).status).toBe(401);
      const indexes = await getIndexes(request("/x"), params({ id: "shop" }));
      expect(indexes.status).toBe(401);
      expect(((await indexes.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    } finally {
      vi.stubEnv("READ_ANONYMOUS", "true");
    }
  });
});

describe("a target stopped mid-session", () => {
  let cluster: PgCluster;

  beforeAll(async () => {
    cluster = await startCluster({ major: serverMajor() as PgMajor });
    await cluster.query("CREATE TABLE t (id int PRIMARY KEY)");
  });

  afterAll(async () => {
    await cluster.destroy();
  });

  it("keeps the last figures marked unreachable while it is down, 503 when it never answered", async () => {
    vi.stubEnv("DATABASE_URL", cluster.url());
    vi.stubEnv("TARGET_ID", "flaky");
    const read = async () => {
      const response = await getIndexes(request("/x"), params({ id: "flaky" }));
      expect(response.status).toBe(200);
      return (await response.json()) as IndexInventory;
    };
    try {
      expect((await read()).targetUnreachable).toBeNull();

      await cluster.stop("fast");
      const down = await waitFor(read, (body) => body.targetUnreachable !== null);
      expect(down.targetUnreachable).toMatch(/unreachable/);
      expect(down.indexes.map((i) => i.name)).toContain("t_pkey");
      expect(down.ageSeconds).toBeGreaterThanOrEqual(1);
      const listed = (await (await getTargets(request("/api/v1/targets"))).json()) as {
        targets: TargetStatus[];
      };
      expect(listed.targets[0]).toMatchObject({ id: "flaky", reachable: false });

      vi.stubEnv("TARGET_ID", "never-read");
      const never = await getIndexes(request("/x"), params({ id: "never-read" }));
      expect(never.status).toBe(503);
      const error = ((await never.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe("target_unreachable");
      expect(error.message).toMatch(/unreachable/);
      vi.stubEnv("TARGET_ID", "flaky");

      await cluster.start();
      const back = await waitFor(read, (body) => body.targetUnreachable === null);
      expect(back.targetUnreachable).toBeNull();
      expect(back.indexes.map((i) => i.name)).toContain("t_pkey");
    } finally {
      vi.stubEnv("DATABASE_URL", db.url);
      vi.stubEnv("TARGET_ID", "shop");
    }
  });
});

/** Reads until `ready` holds (the on-demand snapshot is renewed once per interval), 15 s at most. */
async function waitFor<T>(read: () => Promise<T>, ready: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (ready(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}
