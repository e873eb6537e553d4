import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { describeWindow } from "@/lib/analysis/unused";
import { getServerInfo } from "@/lib/catalog/server-info";
import { readCatalogFacts } from "@/lib/findings/catalog-facts";
import { observeUsage } from "@/lib/findings/observation";
import { statsWindowOf } from "@/lib/inventory/target-status";
import { sampleTargetOnce } from "@/lib/sampler/sample-once";
import { seedSimulatedHistoryIfEmpty } from "@/lib/sampler/simulated-history";
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
 * Issue 12, the Unused screenshot: the demo's simulated past is evidence on the demo alone,
 * labelled as such; anywhere else the same store rows are left out.
 */
let world: SamplerWorld;

async function observe() {
  const facts = await readCatalogFacts(world.targetPool);
  const info = await getServerInfo(world.targetPool);
  const live = { since: statsWindowOf(info).since, now: info.now.toISOString() };
  return { ...(await observeUsage("t1", facts.indexes, live)), facts };
}

beforeAll(async () => {
  world = await startSamplerWorld(serverMajor() as PgMajor);
  await scanIndex(world.target, 2);
  await waitForIdxScan(world.target, (n) => n >= 2);
  vi.stubEnv("DATABASE_URL", world.target.url());
  vi.stubEnv("TARGET_ID", "t1");
  vi.stubEnv("STORE_URL", world.storeUrl);
  // What the demo does on its first start: eight weeks of simulated past, then real polls.
  expect(await seedSimulatedHistoryIfEmpty(world.storePool, "t1", world.targetPool)).toBe(true);
  const { target, sink } = sampledTarget(world);
  expect((await sampleTargetOnce(target, sink)).kind).toBe("sampled");
  expect((await sampleTargetOnce(target, sink)).kind).toBe("sampled");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await world?.close();
});

describe("simulated demo history as evidence", () => {
  it("on the demo, spans the simulated weeks and then the history, each stretch named", async () => {
    vi.stubEnv("INDEXWATCH_DEMO", "1");
    const { observation, facts } = await observe();
    expect(observation.source).toBe("simulated_and_history");
    expect(observation.sources?.map((s) => s.kind)).toEqual(["simulated", "history"]);
    const [simulated, history] = observation.sources ?? [];
    // The simulated past reaches back weeks and ends where the observations begin.
    expect(simulated?.days).toBeGreaterThan(50);
    expect(Date.parse(simulated?.since ?? "")).toBeLessThan(Date.parse(history?.since ?? ""));
    expect(observation.days).toBeGreaterThan(50);
    // The scanned index had a simulated past: its scans are in the window, far above the real ones.
    const scanned = facts.indexes.find((i) => i.name === "orders_status_idx");
    expect(observation.scans.get(scanned?.oid ?? -1)?.scans).toBeGreaterThan(100);
    // The never-scanned primary key has none: zero over the whole window.
    const idle = facts.indexes.find((i) => i.name === "orders_pkey");
    expect(observation.scans.get(idle?.oid ?? -1)?.scans).toBe(0);
    expect(describeWindow(observation)).toMatch(
      /^no scans in \d+ days: \d+ days of simulated demo history since /,
    );
  });

  it("states a history of minutes in minutes, to the second the store holds", async () => {
    // A fresh demo's page said "0 hours observed by indexwatch since 1 min ago": the store
    // rounded the window to hundredths of a day (14 minutes).
    vi.stubEnv("INDEXWATCH_DEMO", "1");
    await world.storePool.query(
      "UPDATE targets SET first_seen = last_poll_at - interval '120 seconds' WHERE id = 't1'",
    );
    const { observation } = await observe();
    const history = observation.sources?.find((s) => s.kind === "history");
    expect((history?.days ?? 0) * 86_400).toBeCloseTo(120, 6);
    expect(describeWindow(observation)).toContain(", 2 minutes observed by indexwatch since ");
  });

  it("anywhere but the demo, leaves the simulated rows out", async () => {
    vi.stubEnv("INDEXWATCH_DEMO", "");
    const { observation, facts } = await observe();
    expect(observation.source).not.toBe("simulated_and_history");
    expect(observation.sources?.some((s) => s.kind === "simulated") ?? false).toBe(false);
    expect(observation.days).toBeLessThan(1);
    const scanned = facts.indexes.find((i) => i.name === "orders_status_idx");
    expect(observation.scans.get(scanned?.oid ?? -1)?.scans ?? 0).toBeLessThan(100);
  });
});
