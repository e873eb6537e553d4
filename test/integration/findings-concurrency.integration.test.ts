import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getFindingsRoute } from "@/app/api/v1/targets/[id]/findings/route";
import { closeRegisteredPools } from "@/lib/db/pool-registry";
import { findingsComputations, forgetFindings } from "@/lib/findings/findings-cache";
import type { FindingsPage } from "@/lib/findings/findings-page";
import type { TargetSampler } from "@/lib/sampler/sampler-loop";
import { createTargetSampler, samplerOptionsFromEnv } from "@/lib/sampler/service";
import { migrateStore } from "@/lib/store/migrate";
import { storePool } from "@/lib/store/pool";
import { getTargetConfig } from "@/lib/targets/registry";
import { ORIGIN, params } from "@/test/support/routes";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

// Ten concurrent findings requests while the sampler runs (issue 13): they used to run ten
// analyses on the viewers' pool, answer 500 at the statement timeout, and starve the sampler
// into recording a false outage. Now every request is answered, the analysis runs once per
// round, and the sampler's history has no outage and no gap.

const ID = "busy";
const INTERVAL_MS = 250;
const ROUNDS = 4;

let db: TestDatabase;
let store: TestDatabase;
let sampler: TargetSampler;

const QUERIES = [
  "?kind=unused",
  "?sort=size&dir=desc",
  "?q=t1",
  "?limit=5&offset=5",
  "?safe=1",
  "?kind=duplicate",
  "?table=public.t2",
  "?sort=table",
  "?limit=500",
  "?list=unused&sort=size",
];

function findings(query: string): Promise<Response> {
  return getFindingsRoute(new Request(`${ORIGIN}/api/v1/targets/${ID}/findings${query}`), params({ id: ID }));
}

async function storeRows<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  return (await store.pool.query<T>(sql, [ID])).rows;
}

beforeAll(async () => {
  db = await createTestDatabase("findings_busy");
  store = await createTestDatabase("findings_busy_store");
  await migrateStore(store.pool);
  // Forty tables with a duplicate, an unused and a used index each: an analysis with work to do.
  const tables = Array.from(
    { length: 40 },
    (_, i) => `CREATE TABLE t${i} (id int PRIMARY KEY, a int, b int);
     CREATE INDEX t${i}_a_idx ON t${i} (a); CREATE INDEX t${i}_a_dup_idx ON t${i} (a);
     CREATE INDEX t${i}_b_idx ON t${i} (b);
     INSERT INTO t${i} SELECT g, g % 10, g % 7 FROM generate_series(1, 200) g;`,
  ).join("\n");
  await db.pool.query(`${tables} ANALYZE;`);
  vi.stubEnv("DATABASE_URL", db.url);
  vi.stubEnv("TARGET_ID", ID);
  vi.stubEnv("STORE_URL", store.url);
  vi.stubEnv("UNUSED_MIN_DAYS", "0");
  sampler = createTargetSampler(getTargetConfig(ID), {
    ...samplerOptionsFromEnv(() => undefined),
    intervalMs: INTERVAL_MS,
  });
});

afterAll(async () => {
  await sampler?.stop();
  await Promise.all([closeRegisteredPools("sampler"), closeRegisteredPools("monitoring")]);
  await storePool().end();
  vi.unstubAllEnvs();
  await db?.drop();
  await store?.drop();
});

describe("ten concurrent findings requests while the sampler runs", () => {
  it("answers every one, analyses once per round, and leaves no outage or gap in the history", async () => {
    sampler.start();
    const deadline = Date.now() + 15_000;
    while (
      (await storeRows<{ n: number }>("SELECT count(*)::int AS n FROM polls WHERE target_id = $1"))[0]?.n ===
      0
    ) {
      if (Date.now() > deadline) throw new Error("no poll within 15 s");
      await new Promise((r) => setTimeout(r, 50));
    }
    const startedAt = Date.now();
    const statuses: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // A fresh analysis each round (as after DDL): the ten requests share it.
      forgetFindings(ID);
      const before = findingsComputations(ID);
      const responses = await Promise.all(QUERIES.map(findings));
      statuses.push(...responses.map((r) => r.status));
      const bodies = await Promise.all(responses.map((r) => r.json() as Promise<Partial<FindingsPage>>));
      // The analysis found what the catalog holds: a duplicate on each of the forty tables.
      expect(bodies[QUERIES.indexOf("?kind=duplicate")]?.summary?.kinds.duplicate.count).toBe(40);
      expect(findingsComputations(ID) - before).toBe(1);
    }
    // Let the sampler poll past the last round, then stop it.
    const polledBy = Date.now() + 3 * INTERVAL_MS;
    while (Date.now() < polledBy) await new Promise((r) => setTimeout(r, 50));
    await sampler.stop();

    expect(statuses.every((s) => s === 200)).toBe(true);
    const events = await storeRows<{ kind: string }>("SELECT kind FROM events WHERE target_id = $1");
    expect(events.filter((e) => e.kind === "unreachable" || e.kind === "store_gap")).toEqual([]);
    const status = await storeRows<{ status: string }>("SELECT status FROM targets WHERE id = $1");
    expect(status[0]?.status).toBe("ok");
    // No gap: consecutive polls at most a few intervals apart (a poll waits for the previous one).
    const polls = await storeRows<{ at: Date }>(
      "SELECT polled_at AS at FROM polls WHERE target_id = $1 ORDER BY polled_at",
    );
    const spanMs = Date.now() - startedAt;
    expect(polls.length).toBeGreaterThanOrEqual(Math.floor(spanMs / (INTERVAL_MS * 8)));
    const gaps = polls.slice(1).map((p, i) => p.at.getTime() - (polls[i]?.at.getTime() ?? 0));
    expect(Math.max(...gaps)).toBeLessThan(5_000);
  });
});
