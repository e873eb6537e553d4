import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getMetrics } from "@/app/metrics/route";
import type { PollBatch } from "@/lib/sampler/poll-batch";
import { markTargetUnreachable, writePollBatch } from "@/lib/store/history-writer";
import { migrateStore } from "@/lib/store/migrate";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

// The store as the sampler and the action runner leave it, scraped through the route handler.
const TOKEN = "scrape-token-0123456789";
let store: TestDatabase;

const window = {
  systemIdentifier: "1",
  postmasterStartedAt: new Date("2026-01-01T00:00:00Z"),
  statsReset: null,
  databaseActivity: 1,
};

function poll(targetId: string, names: string[]): PollBatch {
  const at = new Date(Date.now() - 5_000);
  return {
    targetId,
    polledAt: at,
    window,
    indexCount: names.length,
    changes: names.map((name, i) => ({
      schema: "public",
      table: "orders",
      name,
      oid: 1000 + i,
      counters: { scans: (i + 1) * 10, tuplesRead: 0, tuplesFetched: 0 },
      delta: { scans: (i + 1) * 10, tuplesRead: 0, tuplesFetched: 0 },
    })),
    sizes: names.map((name, i) => ({ schema: "public", table: "orders", name, sizeBytes: (i + 1) * 8192 })),
    sizedAt: at,
    dropped: [],
    events: [],
  };
}

const scrape = (authorization?: string) =>
  getMetrics(new Request("http://localhost/metrics", { headers: authorization ? { authorization } : {} }));

function sample(text: string, metric: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${metric}{`)) continue;
    if (wanted.every((w) => line.includes(w))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

beforeAll(async () => {
  store = await createTestDatabase("metrics");
  await migrateStore(store.pool);
  vi.stubEnv("INDEXWATCH_CONFIG", "");
  vi.stubEnv("DATABASE_URL", "postgres://nowhere.invalid/shop");
  vi.stubEnv("TARGET_ID", "shop");
  vi.stubEnv("STORE_URL", store.url);
  vi.stubEnv("METRICS_TOKEN", TOKEN);
  vi.stubEnv("METRICS_MAX_INDEX_SERIES", "2");
  // Five indexes: sizes 8k…40k, scans 10…50. The two largest get series, three fold into "other".
  await writePollBatch(store.pool, poll("shop", ["a_idx", "b_idx", "c_idx", "d_idx", "e_idx"]));
  await store.pool.query(
    `INSERT INTO actions_audit (target_id, kind, status, username, object_oid, table_oid, schema_name, table_name,
                                fingerprint, sql, started_at, finished_at)
     VALUES ('shop', 'reindex_index', 'succeeded', 'op', 1, 2, 'public', 'orders', 'f', 'REINDEX …',
             now() - interval '42 seconds', now()),
            ('shop', 'drop_index', 'running', 'op', 3, 2, 'public', 'orders', 'g', 'DROP …', now(), NULL)`,
  );
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await store?.drop();
});

describe("GET /metrics", () => {
  it("wants the bearer token when one is configured", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape("Bearer wrong-token-000000000")).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
    const ok = await scrape(`Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toContain("text/plain");
  });

  it("exposes per-index scans and sizes, bounded to the largest N plus an `other` aggregate", async () => {
    const text = await (await scrape(`Bearer ${TOKEN}`)).text();
    const shop = { target: "shop", server: "shop" };
    expect(sample(text, "indexwatch_index_size_bytes", { ...shop, index: "e_idx" })).toBe(40_960);
    expect(sample(text, "indexwatch_index_scans_total", { ...shop, index: "e_idx" })).toBe(50);
    expect(sample(text, "indexwatch_index_scans_total", { ...shop, index: "d_idx" })).toBe(40);
    expect(sample(text, "indexwatch_index_scans_total", { ...shop, index: "c_idx" })).toBeUndefined();
    expect(sample(text, "indexwatch_index_scans_total", { ...shop, index: "other" })).toBe(10 + 20 + 30);
    expect(sample(text, "indexwatch_index_size_bytes", { ...shop, index: "other" })).toBe(8192 * 6);
    expect(sample(text, "indexwatch_index_other_count", shop)).toBe(3);
    // Every metric carries the prefix.
    const names = text
      .split("\n")
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => l.split(/[{ ]/)[0]);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(name).toMatch(/^indexwatch_/);
  });

  it("reports sampler health and lag, and actions by status with their durations", async () => {
    let text = await (await scrape(`Bearer ${TOKEN}`)).text();
    const shop = { target: "shop", server: "shop" };
    expect(
      sample(text, "indexwatch_store_up", {}) ?? Number(/indexwatch_store_up (\d)/.exec(text)?.[1]),
    ).toBe(1);
    expect(sample(text, "indexwatch_sampler_target_up", shop)).toBe(1);
    expect(sample(text, "indexwatch_sampler_lag_seconds", shop)).toBeGreaterThanOrEqual(4);
    expect(sample(text, "indexwatch_target_indexes", shop)).toBe(5);
    expect(
      sample(text, "indexwatch_actions", { target: "shop", kind: "drop_index", status: "running" }),
    ).toBe(1);
    expect(
      sample(text, "indexwatch_action_duration_seconds_count", { target: "shop", kind: "reindex_index" }),
    ).toBe(1);
    expect(
      sample(text, "indexwatch_action_duration_seconds_bucket", {
        target: "shop",
        kind: "reindex_index",
        le: "15",
      }),
    ).toBe(0);
    expect(
      sample(text, "indexwatch_action_duration_seconds_bucket", {
        target: "shop",
        kind: "reindex_index",
        le: "60",
      }),
    ).toBe(1);
    await markTargetUnreachable(store.pool, "shop", "connection refused");
    text = await (await scrape(`Bearer ${TOKEN}`)).text();
    expect(sample(text, "indexwatch_sampler_target_up", shop)).toBe(0);
  });

  it("stays open without a token, and says when the store is down", async () => {
    vi.stubEnv("METRICS_TOKEN", "");
    vi.stubEnv("STORE_URL", "postgres://postgres@127.0.0.1:1/none");
    try {
      const response = await scrape();
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toMatch(/^indexwatch_store_up 0$/m);
      expect(sample(text, "indexwatch_target_configured", { target: "shop", role: "primary" })).toBe(1);
    } finally {
      vi.stubEnv("METRICS_TOKEN", TOKEN);
      vi.stubEnv("STORE_URL", store.url);
    }
  });
});
