import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getDigestRoute } from "@/app/api/v1/digest/route";
import { addDays } from "@/lib/analysis/rollup";
import { buildDigest } from "@/lib/digest/build-digest";
import { type IsoWeek, lastCompletedWeek } from "@/lib/digest/iso-week";
import type { Digest } from "@/lib/digest/types";
import { postDueDigest } from "@/lib/digest/weekly-poster";
import { findingsComputations } from "@/lib/findings/findings-cache";
import type { PollBatch } from "@/lib/sampler/poll-batch";
import { writePollBatch } from "@/lib/store/history-writer";
import { migrateStore } from "@/lib/store/migrate";
import { storeToday } from "@/lib/store/usage-reads";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

// A week of history written through the sampler's own writer, an audit log, a live target for
// the findings; the digest must say what that history says.
let store: TestDatabase;
let shop: TestDatabase;
let week: IsoWeek;

const window = {
  systemIdentifier: "1",
  postmasterStartedAt: new Date("2026-01-01T00:00:00Z"),
  statsReset: null,
  databaseActivity: 1,
};
const ZERO = { scans: 0, tuplesRead: 0, tuplesFetched: 0 };
const used = (scans: number) => ({ scans, tuplesRead: scans, tuplesFetched: scans });
const oids: Record<string, number> = { status_idx: 100, user_idx: 101, old_idx: 102, new_idx: 103 };

function change(name: string, scans = 0) {
  return {
    schema: "public",
    table: "orders",
    name,
    oid: oids[name] ?? 1,
    counters: ZERO,
    delta: used(scans),
  };
}

function batch(day: string, changes: PollBatch["changes"], sizes: Record<string, number> = {}): PollBatch {
  const polledAt = new Date(`${day}T10:00:00Z`);
  const sized = Object.entries(sizes).map(([name, sizeBytes]) => ({
    schema: "public",
    table: "orders",
    name,
    sizeBytes,
  }));
  return {
    targetId: "shop",
    polledAt,
    window,
    indexCount: 4,
    changes,
    sizes: sized,
    ...(sized.length ? { sizedAt: polledAt } : {}),
    dropped: [],
    events: [],
  };
}

/** Scans per index and day of the seeded history: [day offset from the week's Monday, scans]. */
const seeded: Record<string, Array<[number, number]>> = {
  status_idx: [
    [-6, 50],
    [1, 300],
    [4, 200],
  ],
  user_idx: [
    [-5, 20],
    [2, 10],
  ],
  old_idx: [[-4, 7]],
  new_idx: [[5, 90]],
};

beforeAll(async () => {
  [store, shop] = await Promise.all([createTestDatabase("digest_store"), createTestDatabase("digest_shop")]);
  await migrateStore(store.pool);
  await shop.pool.query(
    `CREATE TABLE orders (id int PRIMARY KEY, status text, user_id int);
     CREATE INDEX orders_status_idx ON orders (status);
     CREATE INDEX orders_status_user_idx ON orders (status, user_id)`,
  );
  vi.stubEnv("INDEXWATCH_CONFIG", "");
  vi.stubEnv("STORE_URL", store.url);
  vi.stubEnv("DATABASE_URL", shop.url);
  vi.stubEnv("TARGET_ID", "shop");
  vi.stubEnv("TARGET_NAME", "Shop");
  week = lastCompletedWeek(await storeToday(store.pool));
  const day = (offset: number) => addDays(week.from, offset);
  // First sighting the Monday before, with sizes; the week's end with new sizes.
  await writePollBatch(
    store.pool,
    batch(
      day(-7),
      Object.keys(oids).map((n) => change(n)),
      { status_idx: 8192, user_idx: 16_384, old_idx: 8192 },
    ),
  );
  const byDay = new Map<number, PollBatch["changes"]>();
  for (const [name, days] of Object.entries(seeded))
    for (const [offset, scans] of days)
      byDay.set(offset, [...(byDay.get(offset) ?? []), change(name, scans)]);
  for (const [offset, changes] of [...byDay].sort((a, b) => a[0] - b[0])) {
    await writePollBatch(store.pool, batch(day(offset), changes, offset === 6 ? { status_idx: 24_576 } : {}));
  }
  await writePollBatch(store.pool, batch(day(6), [], { status_idx: 24_576, user_idx: 16_384 }));
  const action = (requested: string, status: string) =>
    store.pool.query(
      `INSERT INTO actions_audit (target_id, kind, status, username, object_oid, table_oid, schema_name, table_name,
                                  index_name, fingerprint, sql, requested_at, started_at, finished_at)
       VALUES ('shop', 'reindex_index', $2, 'alice', 100, 1, 'public', 'orders', 'status_idx', 'f', 'REINDEX …',
               $1::timestamptz, $1::timestamptz, $1::timestamptz + interval '42 seconds')`,
      [requested, status],
    );
  await action(`${day(2)}T09:00:00Z`, "succeeded");
  await action(`${day(-3)}T09:00:00Z`, "failed");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([store?.drop(), shop?.drop()]);
});

function sumIn(name: string, from: number, to: number): number {
  return (seeded[name] ?? []).filter(([d]) => d >= from && d <= to).reduce((s, [, n]) => s + n, 0);
}

describe("weekly digest", () => {
  let digest: Digest;

  it("matches the history it was built from", async () => {
    digest = await buildDigest(store.pool, week, "shop");
    expect(digest.week).toBe(week.week);
    const t = digest.targets[0];
    if (!t) throw new Error("no target digest");
    expect(t.complete).toBe(true);
    expect(t.mostUsed.map((i) => [i.name, i.scans, i.lastWeekScans])).toEqual([
      ["status_idx", sumIn("status_idx", 0, 6), sumIn("status_idx", -7, -1)],
      ["new_idx", sumIn("new_idx", 0, 6), 0],
      ["user_idx", sumIn("user_idx", 0, 6), sumIn("user_idx", -7, -1)],
    ]);
    expect(t.totals.scans).toBe(500 + 90 + 10);
    expect(t.totals.lastWeekScans).toBe(50 + 20 + 7);
    expect(t.newlyUnused.map((i) => i.name)).toEqual(["old_idx"]);
    expect(t.newlyUsed.map((i) => i.name)).toEqual(["new_idx"]);
    expect(t.growth).toEqual([
      {
        schema: "public",
        table: "orders",
        name: "status_idx",
        sizeBefore: 8192,
        sizeAfter: 24_576,
        growthBytes: 16_384,
      },
    ]);
    expect(t.totalGrowthBytes).toBe(16_384);
    expect(t.actions.map((a) => [a.status, a.durationMs])).toEqual([["succeeded", 42_000]]);
  });

  it("lists open findings as new the first time, and only new ones after", async () => {
    const first = digest.targets[0];
    expect(first?.newFindings?.length).toBeGreaterThan(0);
    expect(first?.newFindings?.length).toBe(first?.openFindings);
    expect(first?.findingsNote).toContain("no earlier digest");
    // A snapshot from an earlier week holding every key: nothing is new any more.
    await store.pool.query("UPDATE digest_finding_snapshots SET week = '2000-W01' WHERE target_id = 'shop'");
    const again = (await buildDigest(store.pool, week, "shop")).targets[0];
    expect(again?.newFindings).toEqual([]);
    expect(again?.findingsNote).toContain("2000-W01");
  });

  it("reads the findings every viewer shares: building it again runs no analysis on the target", async () => {
    const before = findingsComputations("shop");
    expect(before).toBeGreaterThan(0);
    await buildDigest(store.pool, week, "shop");
    await buildDigest(store.pool, week, "shop");
    expect(findingsComputations("shop")).toBe(before);
  });

  it("exports Markdown and JSON, and checks the week", async () => {
    const md = await getDigestRoute(
      new Request(`http://localhost/api/v1/digest?target=shop&week=${week.week}&format=md`),
    );
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toContain("text/markdown");
    expect(md.headers.get("content-disposition")).toContain(`indexwatch-digest-shop-${week.week}.md`);
    const text = await md.text();
    expect(text).toContain(`# indexwatch weekly digest: Shop, ${week.week}`);
    expect(text).toContain("| `public.status_idx` on `orders` | 500 | 50 |");
    const fleet = await getDigestRoute(new Request(`http://localhost/api/v1/digest?week=${week.week}`));
    const body = (await fleet.json()) as Digest;
    expect(body.scope).toBe("fleet");
    expect(body.targets.map((t) => t.targetId)).toEqual(["shop"]);
    const bad = await getDigestRoute(new Request("http://localhost/api/v1/digest?week=2025-W53"));
    expect(bad.status).toBe(400);
  });

  it("posts last week's digest to the webhook once, and retries after a failure", async () => {
    const received: Array<{ text: string; digest: Digest }> = [];
    let failNext = true;
    const server: Server = createServer((req: IncomingMessage, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        if (failNext) {
          failNext = false;
          res.writeHead(500).end();
          return;
        }
        received.push(JSON.parse(body));
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      const failed = await postDueDigest(store.pool, url);
      expect(failed.posted).toBe(false);
      expect(failed.outcome?.status).toBe(500);
      const [a, b] = await Promise.all([postDueDigest(store.pool, url), postDueDigest(store.pool, url)]);
      expect([a.posted, b.posted].sort()).toEqual([false, true]);
      expect((await postDueDigest(store.pool, url)).posted).toBe(false);
      expect(received).toHaveLength(1);
      expect(received[0]?.digest.week).toBe(week.week);
      expect(received[0]?.digest.scope).toBe("fleet");
      expect(received[0]?.text).toContain(`weekly digest: Fleet, ${week.week}`);
    } finally {
      server.close();
    }
  });
});
