import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getServersUsage } from "@/app/api/v1/fleet/[id]/usage/route";
import { analyzeFindings } from "@/lib/analysis/analyze-findings";
import type { UsageObservation } from "@/lib/analysis/types";
import { createPool } from "@/lib/db/pool";
import { readCatalogFacts } from "@/lib/findings/catalog-facts";
import { getFindings } from "@/lib/findings/get-findings";
import { getObservedUsageAcrossServers } from "@/lib/fleet/observed-across-servers";
import { TargetSampler } from "@/lib/sampler/sampler-loop";
import { getObservedUsage } from "@/lib/store/observed-usage";
import type { TargetConfig } from "@/lib/targets/registry";
import { type PgCluster, type PgMajor, startCluster } from "@/test/support/pg-cluster";
import { type Standby, startStandby } from "@/test/support/standby";
import { createTestDatabase, serverMajor, type TestDatabase } from "@/test/support/test-database";

// A primary and a real streaming standby following it, each sampled by the app's own sampler
// into one store. Reads that run only on the standby must keep their index off the unused list.
let primary: PgCluster;
let standby: Standby;
let store: TestDatabase;
let primaryPool: pg.Pool;
let standbyPool: pg.Pool;
const samplers: TargetSampler[] = [];
const samplerLog: string[] = [];

/** One poll that must succeed; what the sampler logged says why when it does not. */
async function sampled(s: TargetSampler) {
  expect(await s.tick(), samplerLog.join("\n")).toBe("sampled");
}
const config: TargetConfig = {
  id: "shop",
  name: "Shop",
  url: "",
  standbys: [{ id: "replica", name: "replica", url: "" }],
};

function sampler(id: string, pool: pg.Pool): TargetSampler {
  const s = new TargetSampler(
    { id, pool },
    {
      storeUrl: store.url,
      storePool: store.pool,
      intervalMs: 60_000,
      sizeEveryMs: 0,
      bufferMax: 10,
      retention: { rawHours: 48, hourlyDays: 90, dailyDays: 730 },
      log: (message) => samplerLog.push(message),
    },
  );
  samplers.push(s);
  return s;
}

/** The target as the app configures it: a targets file with the standby's URL from the environment. */
function useConfigFile() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "indexwatch-standby-"));
  const file = path.join(dir, "indexwatch.config.json");
  writeFileSync(
    file,
    JSON.stringify({
      targets: [
        { id: "shop", url: primary.url(), standbys: [{ id: "replica", url: { env: "STANDBY_TEST_URL" } }] },
      ],
    }),
  );
  vi.stubEnv("INDEXWATCH_CONFIG", file);
  vi.stubEnv("STANDBY_TEST_URL", standby.url());
  vi.stubEnv("STORE_URL", store.url);
  vi.stubEnv("UNUSED_MIN_DAYS", "0");
}

async function standbyScans(): Promise<number> {
  const r = await standby.query<{ n: string }>(
    "SELECT idx_scan AS n FROM pg_stat_user_indexes WHERE indexrelname = 'orders_status_idx'",
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** Index scans run on the standby only (enable_seqscan off), then waits until its stats show them. */
async function readOnStandby(n: number) {
  const before = await standbyScans();
  const client = new pg.Client({ connectionString: standby.url() });
  await client.connect();
  try {
    await client.query("SET enable_seqscan = off; SET enable_bitmapscan = off");
    for (let i = 0; i < n; i++) await client.query("SELECT id FROM orders WHERE status = 'open'");
    if (primary.major >= 15) await client.query("SELECT pg_stat_force_next_flush()");
  } finally {
    await client.end();
  }
  const deadline = Date.now() + 15_000;
  while ((await standbyScans()) < before + n && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
}

async function observation(): Promise<{
  usage: NonNullable<Awaited<ReturnType<typeof getObservedUsageAcrossServers>>>;
  obs: UsageObservation;
}> {
  const usage = await getObservedUsageAcrossServers(config, store.pool);
  if (!usage) throw new Error("no history");
  const scans = new Map<number, { scans: number; firstSeenAt: string | null }>();
  for (const [oid, i] of usage.indexes) scans.set(oid, { scans: i.scans, firstSeenAt: i.firstSeenAt });
  return {
    usage,
    obs: { source: "history", since: usage.since, days: usage.days, complete: usage.complete, scans },
  };
}

async function unusedFindings(obs: UsageObservation) {
  const facts = await readCatalogFacts(primaryPool);
  const report = analyzeFindings({
    ...facts,
    observation: obs,
    minDays: 0,
    bloatThresholds: { minPercent: 30, minBytes: 1_048_576 },
  });
  return report.findings.filter((f) => f.kind === "unused");
}

beforeAll(async () => {
  const major = serverMajor() as PgMajor;
  [primary, store] = await Promise.all([startCluster({ major }), createTestDatabase("standby_store")]);
  const { migrateStore } = await import("@/lib/store/migrate");
  await migrateStore(store.pool);
  await primary.query(
    `CREATE TABLE orders (id int PRIMARY KEY, status text NOT NULL, note text);
     INSERT INTO orders SELECT g, CASE WHEN g % 50 = 0 THEN 'open' ELSE 'done' END, 'n' FROM generate_series(1, 5000) g;
     CREATE INDEX orders_status_idx ON orders (status);
     CREATE INDEX orders_note_idx ON orders (note);
     ANALYZE orders`,
  );
  standby = await startStandby(primary, "replica");
  await standby.catchUp();
  primaryPool = createPool(primary.url(), { applicationName: "indexwatch", max: 2 });
  standbyPool = createPool(standby.url(), { applicationName: "indexwatch", max: 2 });
});

afterAll(async () => {
  await Promise.all(samplers.map((s) => s.stop()));
  await Promise.all([primaryPool?.end(), standbyPool?.end()]);
  await standby?.destroy();
  await primary?.destroy();
  await store?.drop();
});

describe("a streaming standby", () => {
  let onPrimary: TargetSampler;
  let onStandby: TargetSampler;

  it("is a real standby: in recovery, streaming from the primary, with the primary's table", async () => {
    const r = await standby.query<{ rec: boolean; n: number }>(
      "SELECT pg_is_in_recovery() AS rec, (SELECT count(*)::int AS n FROM orders) AS n",
    );
    expect(r.rows[0]).toEqual({ rec: true, n: 5000 });
    const streaming = await primary.query<{ state: string }>(
      "SELECT state FROM pg_stat_replication WHERE application_name = 'replica'",
    );
    expect(streaming.rows.map((x) => x.state)).toEqual(["streaming"]);
  });

  it("keeps an index read only on the standby off the unused list", async () => {
    onPrimary = sampler("shop", primaryPool);
    onStandby = sampler("shop--replica", standbyPool);
    await sampled(onPrimary);
    await sampled(onStandby);
    await readOnStandby(5);
    await sampled(onPrimary);
    await sampled(onStandby);

    // The primary alone never saw a scan of the index: on its own it would be "unused".
    const primaryOnly = await getObservedUsage("shop", store.pool);
    const primaryScans = [...(primaryOnly?.indexes.values() ?? [])].find(
      (i) => i.name === "orders_status_idx",
    );
    expect(primaryScans?.scans).toBe(0);

    const { usage, obs } = await observation();
    const merged = [...usage.indexes.values()].find((i) => i.name === "orders_status_idx");
    expect(merged?.scans).toBeGreaterThanOrEqual(5);
    expect(usage.complete).toBe(true);
    expect(usage.servers.map((s) => [s.serverId, s.complete])).toEqual([
      ["shop", true],
      ["shop--replica", true],
    ]);
    const unused = await unusedFindings(obs);
    const names = unused.map((f) => f.index?.name);
    expect(names).not.toContain("orders_status_idx");
    expect(names).toContain("orders_note_idx");
    const note = unused.find((f) => f.index?.name === "orders_note_idx");
    expect(note?.reasons.map((r) => r.code)).not.toContain("incomplete_observation");

    // The API shows the usage per server and summed, and the findings service judges by both servers.
    useConfigFile();
    try {
      const response = await getServersUsage(new Request("http://localhost/api/v1/fleet/shop/usage"), {
        params: Promise.resolve({ id: "shop" }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        complete: boolean;
        indexes: Array<{ name: string; scans: number; byServer: Record<string, number> }>;
      };
      expect(body.complete).toBe(true);
      const status = body.indexes.find((i) => i.name === "orders_status_idx");
      expect(status?.byServer.shop).toBe(0);
      expect(status?.byServer["shop--replica"]).toBe(status?.scans);
      const findings = await getFindings("shop");
      expect(findings.window.complete).toBe(true);
      const unusedNow = findings.findings.filter((f) => f.kind === "unused").map((f) => f.index?.name);
      expect(unusedNow).not.toContain("orders_status_idx");
      expect(unusedNow).toContain("orders_note_idx");
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("reports a standby that goes down, and the unused finding loses safeToDrop", async () => {
    await standby.stop("immediate");
    expect(await onStandby.tick()).toBe("unreachable");
    await sampled(onPrimary);
    const { usage, obs } = await observation();
    expect(usage.complete).toBe(false);
    const replica = usage.servers.find((s) => s.serverId === "shop--replica");
    expect(replica?.complete).toBe(false);
    expect(replica?.gap).toContain("unreachable");
    const unused = await unusedFindings(obs);
    const note = unused.find((f) => f.index?.name === "orders_note_idx");
    expect(note?.safeToDrop).toBe(false);
    expect(note?.reasons.map((r) => r.code)).toContain("incomplete_observation");
    // The standby-only reads still count.
    expect(unused.map((f) => f.index?.name)).not.toContain("orders_status_idx");

    // The findings service says the same, and why.
    useConfigFile();
    try {
      const findings = await getFindings("shop");
      expect(findings.window.complete).toBe(false);
      expect(findings.window.note).toContain("shop--replica");
      const noteFinding = findings.findings.find(
        (f) => f.kind === "unused" && f.index?.name === "orders_note_idx",
      );
      expect(noteFinding?.safeToDrop).toBe(false);
      expect(noteFinding?.reasons.map((r) => r.code)).toContain("incomplete_observation");
      expect(findings.findings.filter((f) => f.kind === "unused").map((f) => f.index?.name)).not.toContain(
        "orders_status_idx",
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
