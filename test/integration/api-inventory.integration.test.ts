import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getIndex } from "@/app/api/v1/targets/[id]/indexes/[oid]/route";
import { GET as getIndexes } from "@/app/api/v1/targets/[id]/indexes/route";
import { GET as getTargets } from "@/app/api/v1/targets/route";
import type { IndexInventory, IndexJson } from "@/lib/inventory/index-inventory";
import type { TargetStatus } from "@/lib/inventory/target-status";
import { CATALOG_FIXTURE_SQL, HOSTILE_INDEX_NAME, QUOTED_INDEX_NAME } from "@/test/fixtures/catalog-fixture";
import { type PgCluster, type PgMajor, startCluster } from "@/test/support/pg-cluster";
import { params, request } from "@/test/support/routes";
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

  it("shows a new index at once and a renamed one with its new definition", async () => {
    await names(); // warm the catalog cache
    await db.pool.query("CREATE INDEX accounts_email_name_idx ON accounts (email, name)");
    const created = (await names()).get("accounts_email_name_idx");
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
    expect((await names()).has("accounts_contact_idx")).toBe(false);
  });
});

describe("the inventory while a table is locked", () => {
  it("answers without waiting, the locked table's indexes marked unsized and the others sized", async () => {
    const holder = await db.pool.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE");
      const started = Date.now();
      const response = await getIndexes(request("/x"), params({ id: "shop" }));
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

  it("answers 503 with a readable message while it is down, and recovers when it is back", async () => {
    vi.stubEnv("DATABASE_URL", cluster.url());
    vi.stubEnv("TARGET_ID", "flaky");
    try {
      const up = await getIndexes(request("/x"), params({ id: "flaky" }));
      expect(up.status).toBe(200);

      await cluster.stop("fast");
      const down = await getIndexes(request("/x"), params({ id: "flaky" }));
      expect(down.status).toBe(503);
      const error = ((await down.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe("target_unreachable");
      expect(error.message).toMatch(/unreachable/);
      const listed = (await (await getTargets(request("/api/v1/targets"))).json()) as {
        targets: TargetStatus[];
      };
      expect(listed.targets[0]).toMatchObject({ id: "flaky", reachable: false });

      await cluster.start();
      const back = await getIndexes(request("/x"), params({ id: "flaky" }));
      expect(back.status).toBe(200);
      const body = (await back.json()) as IndexInventory;
      expect(body.indexes.map((i) => i.name)).toContain("t_pkey");
    } finally {
      vi.stubEnv("DATABASE_URL", db.url);
      vi.stubEnv("TARGET_ID", "shop");
    }
  });
});
