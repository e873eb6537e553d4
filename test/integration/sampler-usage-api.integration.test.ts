import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getIndexUsage } from "@/app/api/v1/targets/[id]/indexes/[oid]/usage/route";
import { GET as getTableNames } from "@/app/api/v1/targets/[id]/usage/tables/route";
import { GET as getWeekly } from "@/app/api/v1/targets/[id]/usage/weekly/route";
import { addDays } from "@/lib/analysis/rollup";
import type { PollBatch } from "@/lib/sampler/poll-batch";
import { writePollBatch } from "@/lib/store/history-writer";
import { migrateStore } from "@/lib/store/migrate";
import { getObservedUsage } from "@/lib/store/observed-usage";
import { type IndexUsageSeries, storeToday } from "@/lib/store/usage-reads";
import type { WeeklyUsage } from "@/lib/store/weekly-reads";
import { params, request } from "@/test/support/routes";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

// History written through the sampler's own writer at chosen times, read back through the
// route handlers as Next.js calls them.

const window = {
  systemIdentifier: "1",
  postmasterStartedAt: new Date("2026-01-01T00:00:00Z"),
  statsReset: null,
  databaseActivity: 1,
};
const ZERO = { scans: 0, tuplesRead: 0, tuplesFetched: 0 };
const used = (scans: number) => ({ scans, tuplesRead: scans * 3, tuplesFetched: scans });

function index(name: string, table: string, oid: number, delta = ZERO) {
  return { schema: "public", table, name, oid, counters: ZERO, delta };
}

let store: TestDatabase;
let today: string;
const at = (dayOffset: number, hour = 10) =>
  new Date(`${addDays(today, dayOffset)}T${String(hour).padStart(2, "0")}:00:00Z`);

function batch(polledAt: Date, changes: PollBatch["changes"], extra: Partial<PollBatch> = {}): PollBatch {
  return {
    targetId: "shop",
    polledAt,
    window,
    indexCount: 3,
    changes,
    sizes: [],
    dropped: [],
    events: [],
    ...extra,
  };
}

beforeAll(async () => {
  store = await createTestDatabase("usage");
  await migrateStore(store.pool);
  vi.stubEnv("STORE_URL", store.url);
  vi.stubEnv("DATABASE_URL", store.url);
  vi.stubEnv("TARGET_ID", "shop");
  today = await storeToday(store.pool);
  await writePollBatch(
    store.pool,
    batch(
      at(-10),
      [
        index("orders_status_idx", "orders", 100),
        index("orders_user_idx", "orders", 101),
        index("users_email_idx", "users", 102),
      ],
      {
        sizes: [{ schema: "public", table: "orders", name: "orders_status_idx", sizeBytes: 8192 }],
        sizedAt: at(-10),
      },
    ),
  );
  await writePollBatch(
    store.pool,
    batch(at(-9), [
      index("orders_status_idx", "orders", 100, used(40)),
      index("users_email_idx", "users", 102, used(10)),
    ]),
  );
  await writePollBatch(
    store.pool,
    batch(
      at(-1),
      [index("orders_user_idx", "orders", 101, used(15)), index("users_email_idx", "users", 202, used(30))],
      {
        events: [
          {
            kind: "rebuild",
            at: at(-1),
            index: { schema: "public", table: "users", name: "users_email_idx" },
            detail: "new oid 202 (was 102)",
          },
        ],
        sizes: [{ schema: "public", table: "orders", name: "orders_status_idx", sizeBytes: 16384 }],
        sizedAt: at(-1),
      },
    ),
  );
  await writePollBatch(store.pool, batch(at(0, 0), [index("orders_user_idx", "orders", 101, used(5))]));
});

afterAll(async () => {
  const { storePool } = await import("@/lib/store/pool");
  await storePool().end();
  vi.unstubAllEnvs();
  await store.drop();
});

describe("GET /api/v1/targets/{id}/usage/weekly", () => {
  it("answers this week against last week, newly unused and newly used, per table", async () => {
    const response = await getWeekly(
      request("/api/v1/targets/shop/usage/weekly?weeks=2"),
      params({ id: "shop" }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as WeeklyUsage;
    expect(body.days).toHaveLength(14);
    expect(body.to).toBe(today);
    const byName = new Map(body.indexes.map((i) => [i.name, i]));
    expect(byName.get("orders_status_idx")).toMatchObject({
      thisWeek: 0,
      lastWeek: 40,
      trend: "newly_unused",
    });
    // Today's 5 scans are partial: shown apart, not compared.
    expect(byName.get("orders_user_idx")).toMatchObject({
      thisWeek: 15,
      lastWeek: 0,
      todayScans: 5,
      trend: "newly_used",
    });
    expect(body.partialDay).toMatchObject({ day: today, scans: 5 });
    expect(body.thisWeek).toMatchObject({
      from: addDays(today, -7),
      to: addDays(today, -1),
      observedDays: 7,
    });
    // Watched from the first poll, day -10 at 10:00: 2 days and 14 hours of last week.
    expect(body.lastWeek.observedDays).toBeCloseTo(2.58, 2);
    expect(byName.get("orders_user_idx")?.observedLastWeek).toBeCloseTo(2.58, 2);
    expect(byName.get("users_email_idx")).toMatchObject({ oid: 202, thisWeek: 30, lastWeek: 10, change: 20 });
    expect(body.newlyUnused.map((i) => i.name)).toEqual(["orders_status_idx"]);
    expect(body.newlyUsed.map((i) => i.name)).toEqual(["orders_user_idx"]);
    expect(body.tables.find((t) => t.table === "orders")).toMatchObject({
      thisWeek: 15,
      lastWeek: 40,
      indexCount: 2,
    });
    expect(body.dailyTotals.reduce((sum, d) => sum + d.scans, 0)).toBe(100);
    // The per-target roll-up agrees, day by day, with the per-index daily rows it sums.
    const perIndex = await store.pool.query<{ day: string; scans: string }>(
      `SELECT d.day::text AS day, sum(d.scans)::text AS scans FROM usage_daily d
         JOIN index_identity i ON i.id = d.identity_id AND i.target_id = 'shop'
        WHERE d.day BETWEEN $1::date AND $2::date GROUP BY d.day`,
      [body.from, body.to],
    );
    const perIndexByDay = new Map(perIndex.rows.map((r) => [r.day, Number(r.scans)]));
    expect(body.dailyTotals.map((d) => [d.day, d.scans])).toEqual(
      body.days.map((day) => [day, perIndexByDay.get(day) ?? 0]),
    );
    expect(body.events.map((e) => e.kind)).toContain("rebuild");
    expect(body.simulatedUntil).toBeNull();
    expect(body).toMatchObject({
      totalIndexes: 3,
      matchedIndexes: 3,
      newlyUnusedCount: 1,
      newlyUsedCount: 1,
    });
  });

  it("filters, sorts and pages the week-over-week table on the server", async () => {
    const get = async (query: string) =>
      (await (
        await getWeekly(request(`/api/v1/targets/shop/usage/weekly?weeks=2&${query}`), params({ id: "shop" }))
      ).json()) as WeeklyUsage;
    const byChange = await get("sort=change&dir=asc&limit=2");
    expect(byChange.indexes.map((i) => i.name)).toEqual(["orders_status_idx", "orders_user_idx"]);
    expect(byChange).toMatchObject({ matchedIndexes: 3, totalIndexes: 3 });
    const filtered = await get("q=ORDERS&table=public.orders&trend=newly_used");
    expect(filtered.indexes.map((i) => i.name)).toEqual(["orders_user_idx"]);
    expect(filtered.tables).toHaveLength(2); // roll-ups stay whole
    const tablePage = await get("tables_q=USER&tables_limit=1");
    expect(tablePage.tables.map((t) => t.table)).toEqual(["users"]);
    expect(tablePage).toMatchObject({ tablesMatched: 1, tablesTotal: 2 });
    const notObserved = await get("trend=not_observed");
    expect(notObserved.matchedIndexes).toBe(0);
    const bad = await getWeekly(
      request("/api/v1/targets/shop/usage/weekly?sort=size"),
      params({ id: "shop" }),
    );
    expect(bad.status).toBe(400);
  });

  it("takes a date range, and refuses a reversed or too long one", async () => {
    const ok = await getWeekly(
      request(`/api/v1/targets/shop/usage/weekly?from=${addDays(today, -13)}&to=${addDays(today, -7)}`),
      params({ id: "shop" }),
    );
    const body = (await ok.json()) as WeeklyUsage;
    expect(body.indexes.find((i) => i.name === "orders_status_idx")).toMatchObject({
      thisWeek: 40,
      lastWeek: 0,
      // The week before the first poll was not watched: not "newly used".
      trend: "not_observed",
    });
    expect(body.partialDay).toBeNull();
    expect(body.newlyUsedCount).toBe(0);
    const reversed = await getWeekly(
      request(`/api/v1/targets/shop/usage/weekly?from=${today}&to=${addDays(today, -3)}`),
      params({ id: "shop" }),
    );
    expect(reversed.status).toBe(400);
    const badWeeks = await getWeekly(
      request("/api/v1/targets/shop/usage/weekly?weeks=0"),
      params({ id: "shop" }),
    );
    expect(badWeeks.status).toBe(400);
    const unknown = await getWeekly(request("/api/v1/targets/nope/usage/weekly"), params({ id: "nope" }));
    expect(unknown.status).toBe(404);
  });
});

describe("GET /api/v1/targets/{id}/usage/tables", () => {
  it("answers the first table names containing the search, and how many match", async () => {
    const names = async (query: string) =>
      (await (
        await getTableNames(request(`/api/v1/targets/shop/usage/tables?${query}`), params({ id: "shop" }))
      ).json()) as { tables: string[]; matched: number };
    expect(await names("q=ORD")).toEqual({ tables: ["public.orders"], matched: 1 });
    expect(await names("limit=1")).toEqual({ tables: ["public.orders"], matched: 2 });
    expect(await names("q=%25")).toEqual({ tables: [], matched: 0 });
    const bad = await getTableNames(
      request("/api/v1/targets/shop/usage/tables?limit=0"),
      params({ id: "shop" }),
    );
    expect(bad.status).toBe(400);
  });
});

describe("GET /api/v1/targets/{id}/indexes/{oid}/usage", () => {
  it("answers scans per day across a rebuild, by the new OID, with the rebuild event", async () => {
    const from = `${addDays(today, -13)}T00:00:00Z`;
    const to = `${addDays(today, 1)}T00:00:00Z`;
    const response = await getIndexUsage(
      request(`/api/v1/targets/shop/indexes/202/usage?bucket=day&from=${from}&to=${to}`),
      params({ id: "shop", oid: "202" }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as IndexUsageSeries;
    expect(body.series).toHaveLength(14);
    expect(body.series.reduce((sum, p) => sum + (p.scans ?? 0), 0)).toBe(40);
    expect(body.series[0]?.scans).toBeNull(); // before the index was first observed
    expect(body.series.at(-1)?.scans).toBe(0); // observed, unused
    expect(body.events.some((e) => e.kind === "rebuild")).toBe(true);
    expect(body.series[0]).toHaveProperty("simulated", false);
  });

  it("marks every bucket of the demo's simulated past as simulated, a zero too", async () => {
    // A simulated day for the target: an index with no simulated scans that day shows a
    // simulated zero, not "not observed" and not a real zero.
    const day = addDays(today, -12);
    await store.pool.query(
      "INSERT INTO usage_target_daily (target_id, day, scans, simulated) VALUES ('shop', $1, 99, true)",
      [day],
    );
    try {
      const response = await getIndexUsage(
        request(
          `/api/v1/targets/shop/indexes/202/usage?bucket=day&from=${addDays(today, -13)}T00:00:00Z&to=${addDays(today, -10)}T00:00:00Z`,
        ),
        params({ id: "shop", oid: "202" }),
      );
      const body = (await response.json()) as IndexUsageSeries;
      const point = body.series.find((p) => p.t === `${day}T00:00:00.000Z`);
      expect(point).toMatchObject({ scans: 0, simulated: true });
      expect(body.series[0]).toMatchObject({ scans: null, simulated: false });
      expect(body.simulated).toBe(true);
    } finally {
      await store.pool.query("DELETE FROM usage_target_daily WHERE target_id = 'shop' AND day = $1", [day]);
    }
  });

  it("buckets by hour and by week, and carries sizes forward", async () => {
    const hourly = await getIndexUsage(
      request(
        `/api/v1/targets/shop/indexes/101/usage?bucket=hour&from=${at(-1, 0).toISOString()}&to=${at(0, 1).toISOString()}`,
      ),
      params({ id: "shop", oid: "101" }),
    );
    const h = (await hourly.json()) as IndexUsageSeries;
    expect(h.series).toHaveLength(25);
    expect(h.series.find((p) => p.t === at(-1).toISOString())?.scans).toBe(15);
    expect(h.series.find((p) => p.t === at(0, 0).toISOString())?.scans).toBe(5);
    const weekly = await getIndexUsage(
      request(
        `/api/v1/targets/shop/indexes/100/usage?bucket=week&from=${at(-20).toISOString()}&to=${at(1).toISOString()}`,
      ),
      params({ id: "shop", oid: "100" }),
    );
    const w = (await weekly.json()) as IndexUsageSeries;
    expect(w.series.reduce((sum, p) => sum + (p.scans ?? 0), 0)).toBe(40);
    expect(w.series.at(-1)?.sizeBytes).toBe(16384);
  });

  it("answers 400 for a bad bucket, a bad date, a reversed range or too many points, 404 for an unknown index", async () => {
    const get = (query: string, oid = "100") =>
      getIndexUsage(
        request(`/api/v1/targets/shop/indexes/${oid}/usage?${query}`),
        params({ id: "shop", oid }),
      );
    expect((await get("bucket=month")).status).toBe(400);
    expect((await get("from=yesterday")).status).toBe(400);
    expect((await get(`from=${at(0).toISOString()}&to=${at(-1).toISOString()}`)).status).toBe(400);
    expect((await get(`bucket=hour&from=2020-01-01T00:00:00Z&to=${at(0).toISOString()}`)).status).toBe(400);
    const invalid = await get("bucket=month");
    expect(((await invalid.json()) as { error: { issues: unknown[] } }).error.issues.length).toBeGreaterThan(
      0,
    );
    expect((await get("", "999")).status).toBe(404);
  });
});

describe("getObservedUsage", () => {
  it("sums each live index's scans over the whole window by its current OID", async () => {
    const observed = await getObservedUsage("shop", store.pool);
    expect(observed?.indexes.get(202)?.scans).toBe(40);
    expect(observed?.indexes.get(100)?.scans).toBe(40);
    expect(observed?.complete).toBe(true);
    expect(observed?.days).toBeGreaterThan(9);
    expect(await getObservedUsage("other", store.pool)).toBeNull();
  });
});
