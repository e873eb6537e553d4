import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getFleet } from "@/app/api/v1/fleet/route";
import { findingsComputations } from "@/lib/findings/findings-cache";
import type { FleetSummary } from "@/lib/fleet/fleet-summary";
import { writePollBatch } from "@/lib/store/history-writer";
import { migrateStore } from "@/lib/store/migrate";
import { freePort } from "@/test/support/pg-cluster";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

// Two targets from a config file (one URL inline, one from an environment variable the file
// names), a standby that does not answer, and the store the sampler writes to.
let shop: TestDatabase;
let billing: TestDatabase;
let store: TestDatabase;

beforeAll(async () => {
  [shop, billing, store] = await Promise.all([
    createTestDatabase("fleet_shop"),
    createTestDatabase("fleet_billing"),
    createTestDatabase("fleet_store"),
  ]);
  await shop.pool.query(
    `CREATE TABLE orders (id int PRIMARY KEY, status text);
     INSERT INTO orders SELECT g, 'open' FROM generate_series(1, 500) g;
     CREATE INDEX orders_status_idx ON orders (status)`,
  );
  await billing.pool.query("CREATE TABLE invoices (id int PRIMARY KEY)");
  await migrateStore(store.pool);
  const deadPort = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "indexwatch-fleet-"));
  const file = path.join(dir, "indexwatch.config.json");
  writeFileSync(
    file,
    JSON.stringify({
      targets: [
        {
          id: "shop",
          name: "Shop",
          url: shop.url,
          standbys: [{ id: "replica", url: `postgres://postgres@127.0.0.1:${deadPort}/x` }],
        },
        { id: "billing", name: "Billing", url: { env: "FLEET_TEST_BILLING_URL" } },
      ],
    }),
  );
  vi.stubEnv("INDEXWATCH_CONFIG", file);
  vi.stubEnv("FLEET_TEST_BILLING_URL", billing.url);
  vi.stubEnv("STORE_URL", store.url);
  vi.stubEnv("DATABASE_URL", "");
  await writePollBatch(store.pool, {
    targetId: "shop",
    polledAt: new Date(Date.now() - 30_000),
    window: {
      systemIdentifier: "1",
      postmasterStartedAt: new Date("2026-01-01T00:00:00Z"),
      statsReset: null,
      databaseActivity: 1,
    },
    indexCount: 2,
    changes: [],
    sizes: [],
    dropped: [],
    events: [],
  });
  await store.pool.query(
    `INSERT INTO actions_audit (target_id, kind, status, username, object_oid, table_oid, schema_name, table_name,
                                fingerprint, sql)
     VALUES ('billing', 'reindex_index', 'running', 'op', 1, 2, 'public', 'invoices', 'f', 'REINDEX …')`,
  );
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([shop?.drop(), billing?.drop(), store?.drop()]);
});

describe("GET /api/v1/fleet", () => {
  it("lists every target of the file with health, indexes, findings and running actions", async () => {
    const response = await getFleet(new Request("http://localhost/api/v1/fleet"));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as FleetSummary;
    expect(body.storeAvailable).toBe(true);
    expect(body.targets.map((t) => t.id)).toEqual(["shop", "billing"]);
    const [s, b] = body.targets;
    expect(s?.reachable).toBe(true);
    expect(s?.indexCount).toBe(2);
    expect(s?.indexBytes).toBeGreaterThan(0);
    expect(s?.openFindings).not.toBeNull();
    expect(s?.statsSince).not.toBeNull();
    expect(s?.lastSampleAt).not.toBeNull();
    expect(s?.servers.map((x) => [x.serverId, x.role, x.reachable])).toEqual([
      ["shop", "primary", true],
      ["shop--replica", "standby", false],
    ]);
    expect(s?.servers[0]?.samplerStatus).toBe("ok");
    expect(s?.servers[1]?.samplerStatus).toBe("never_sampled");
    expect(b?.indexCount).toBe(1);
    expect(b?.runningActions).toBe(1);
    expect(s?.runningActions).toBe(0);
    expect(b?.servers[0]?.samplerStatus).toBe("never_sampled");
  });

  it("reads the findings every viewer shares: more requests run no more analyses on the target", async () => {
    await getFleet(new Request("http://localhost/api/v1/fleet"));
    const before = findingsComputations("shop");
    expect(before).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) {
      const body = (await (
        await getFleet(new Request("http://localhost/api/v1/fleet"))
      ).json()) as FleetSummary;
      expect(body.targets[0]?.openFindings).not.toBeNull();
    }
    expect(findingsComputations("shop")).toBe(before);
  });

  it("wants a session when anonymous reading is off", async () => {
    vi.stubEnv("READ_ANONYMOUS", "false");
    try {
      expect((await getFleet(new Request("http://localhost/api/v1/fleet"))).status).toBe(401);
    } finally {
      vi.stubEnv("READ_ANONYMOUS", "true");
    }
  });

  it("answers with the field at fault when the file is bad", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "indexwatch-fleet-bad-"));
    const file = path.join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ targets: [{ id: "shop" }] }));
    vi.stubEnv("INDEXWATCH_CONFIG", file);
    try {
      const response = await getFleet(new Request("http://localhost/api/v1/fleet"));
      expect(response.status).toBe(500);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("bad_configuration");
      expect(body.error.message).toContain("targets[0].url");
    } finally {
      vi.stubEnv("INDEXWATCH_CONFIG", path.join(os.tmpdir(), "unused"));
    }
  });
});
