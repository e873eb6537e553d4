import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getServerInfo } from "@/lib/catalog/server-info";
import { readCatalogFacts } from "@/lib/findings/catalog-facts";
import { observeUsage } from "@/lib/findings/observation";
import { statsWindowOf } from "@/lib/inventory/target-status";
import { sampleTargetOnce } from "@/lib/sampler/sample-once";
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
 * Issue 14, section 1, through the real path: a target whose statistics window began before
 * indexwatch's first poll, the sampler's stored history, and the observation the unused rule
 * judges by. The window joins both while no reset separates them, and stops doing so after one.
 */
let world: SamplerWorld;

async function observe() {
  const facts = await readCatalogFacts(world.targetPool);
  const info = await getServerInfo(world.targetPool);
  const live = { since: statsWindowOf(info).since, now: info.now.toISOString() };
  return { live, ...(await observeUsage("t1", facts.indexes, live)), facts };
}

beforeAll(async () => {
  world = await startSamplerWorld(serverMajor() as PgMajor);
  // The server's counters start here: before indexwatch ever polls.
  await world.target.query("SELECT pg_stat_reset()");
  await scanIndex(world.target, 3);
  await waitForIdxScan(world.target, (n) => n >= 3);
  vi.stubEnv("DATABASE_URL", world.target.url());
  vi.stubEnv("TARGET_ID", "t1");
  vi.stubEnv("STORE_URL", world.storeUrl);
  const { target, sink } = sampledTarget(world);
  expect((await sampleTargetOnce(target, sink)).kind).toBe("sampled");
  expect((await sampleTargetOnce(target, sink)).kind).toBe("sampled");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await world?.close();
});

describe("the window on day one (issue 14, section 1)", () => {
  it("reaches back to the server's counters, says which stretch is which, and counts what they counted", async () => {
    const { live, observation, facts } = await observe();
    expect(observation.source).toBe("server_and_history");
    expect(observation.since).toBe(live.since);
    expect(observation.sources?.map((s) => s.kind)).toEqual(["server", "history"]);
    const [server, history] = observation.sources ?? [];
    expect(Date.parse(server?.since ?? "")).toBeLessThan(Date.parse(history?.since ?? ""));
    // The scans made before the first poll are in the window: the server counted them.
    const index = facts.indexes.find((i) => i.name === "orders_status_idx");
    expect(observation.scans.get(index?.oid ?? -1)?.scans).toBeGreaterThanOrEqual(3);
  });

  it("keeps to the history once a reset comes after the history began", async () => {
    const before = statsWindowOf(await getServerInfo(world.targetPool)).since;
    await world.target.query("SELECT pg_stat_reset()");
    // PostgreSQL 14's collector applies the reset when it gets to it: wait until it shows.
    const deadline = Date.now() + 10_000;
    while (statsWindowOf(await getServerInfo(world.targetPool)).since === before) {
      if (Date.now() > deadline) throw new Error("stats_reset never moved");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { target, sink } = sampledTarget(world);
    expect((await sampleTargetOnce(target, sink)).kind).toBe("sampled");
    const { live, observation } = await observe();
    expect(Date.parse(live.since)).toBeGreaterThan(Date.parse(observation.since));
    expect(observation.source).toBe("history");
  });
});
