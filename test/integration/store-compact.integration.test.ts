import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IndexChange, PollBatch } from "@/lib/sampler/poll-batch";
import { writePollBatch } from "@/lib/store/history-writer";
import { getHistoryScans } from "@/lib/store/index-identity-reads";
import { readLastSeenScanned } from "@/lib/store/last-seen-reads";
import { migrateStore } from "@/lib/store/migrate";
import { MIGRATIONS } from "@/lib/store/migrations";
import { getObservedUsage } from "@/lib/store/observed-usage";
import { readPollDeltas } from "@/lib/store/poll-deltas-reads";
import { applyRetention } from "@/lib/store/retention";
import { getIndexUsageSeries } from "@/lib/store/usage-reads";
import { getWeeklyUsage } from "@/lib/store/weekly-reads";
import {
  PREVIOUS_MIGRATIONS,
  previousHistoryScans,
  previousLastSeenScanned,
  previousRawSamples,
  previousWritePoll,
} from "@/test/support/previous-store-shape";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

// The compact store (migration 0013) against the shape before it. The same 60 hours of polls
// go into a store of the previous version (its writer, frozen) and into a current one; the
// previous store is read the old way, migrated, and read again. Every reader must answer the
// same from all three, before and after raw retention.

const TARGET = "shop";
const POLL_MS = 20 * 60_000;
const POLLS = 180;
const now = Date.now();
const firstPollAt = now - POLLS * POLL_MS;
const OID_A = 5_000;
const OID_A_REBUILT = 5_100;

let previous: TestDatabase;
let current: TestDatabase;

/**
 * Four indexes: `a` is scanned on most polls and rebuilt halfway; `b` only in the first ten
 * polls (its last scan falls out of raw retention later); `c` reads tuples but is never
 * scanned; `d` never moves.
 */
function batches(): PollBatch[] {
  const indexes = ["a", "b", "c", "d"].map((name, i) => ({
    name,
    oid: OID_A + i,
    counters: { scans: 0, tuplesRead: 0, tuplesFetched: 0 },
  }));
  const out: PollBatch[] = [];
  for (let poll = 0; poll < POLLS; poll++) {
    const changes: IndexChange[] = [];
    for (const index of indexes) {
      let definition: string | undefined;
      if (index.name === "a" && poll === POLLS / 2) {
        index.oid = OID_A_REBUILT;
        definition = "CREATE INDEX a ON public.orders USING btree (status)";
      }
      const scans =
        poll === 0
          ? 0
          : index.name === "a"
            ? poll % 7 === 0
              ? 0
              : 1 + (poll % 5)
            : index.name === "b" && poll <= 10
              ? 2
              : 0;
      const tuplesRead = poll === 0 ? 0 : index.name === "c" ? 3 : scans * 4;
      const delta = { scans, tuplesRead, tuplesFetched: scans * 2 };
      const moved = poll === 0 || scans > 0 || tuplesRead > 0 || definition !== undefined;
      if (!moved) continue;
      index.counters = {
        scans: index.counters.scans + delta.scans,
        tuplesRead: index.counters.tuplesRead + delta.tuplesRead,
        tuplesFetched: index.counters.tuplesFetched + delta.tuplesFetched,
      };
      changes.push({
        schema: "public",
        table: "orders",
        name: index.name,
        oid: index.oid,
        counters: index.counters,
        delta,
        definition: poll === 0 ? `CREATE INDEX ${index.name} ON public.orders (c)` : definition,
      });
    }
    out.push({
      targetId: TARGET,
      polledAt: new Date(firstPollAt + poll * POLL_MS),
      window: {
        systemIdentifier: "7355608",
        postmasterStartedAt: new Date(firstPollAt - 86_400_000),
        statsReset: null,
        databaseActivity: poll,
      },
      indexCount: indexes.length,
      changes,
      sizes: [],
      dropped: [],
      events: [],
    });
  }
  return out;
}

const byName = <T extends { name?: string; index_name?: string }>(rows: T[]) =>
  [...rows].sort((x, y) => (x.name ?? x.index_name ?? "").localeCompare(y.name ?? y.index_name ?? ""));

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** What the readers that did not change answer (charts, weekly, observed usage). */
async function unchangedReaders(pool: pg.Pool) {
  const range = { from: new Date(now - 4 * 86_400_000), to: new Date(now) };
  return {
    hourly: await getIndexUsageSeries(pool, TARGET, OID_A_REBUILT, { ...range, bucket: "hour" }),
    daily: await getIndexUsageSeries(pool, TARGET, OID_A_REBUILT, { ...range, bucket: "day" }),
    weekly: await getWeeklyUsage(pool, TARGET, { from: day(now - 13 * 86_400_000), to: day(now) }),
    observed: await getObservedUsage(TARGET, pool),
  };
}

/** Every reader of the current version. */
async function currentReaders(pool: pg.Pool) {
  return {
    ...(await unchangedReaders(pool)),
    lastSeen: byName(await readLastSeenScanned(pool, TARGET)),
    historyScans: byName(await getHistoryScans(pool, TARGET)),
    raw: await readPollDeltas(pool, TARGET),
  };
}

beforeAll(async () => {
  [previous, current] = await Promise.all([
    createTestDatabase("store_previous"),
    createTestDatabase("store_current"),
  ]);
  await Promise.all([migrateStore(previous.pool, PREVIOUS_MIGRATIONS), migrateStore(current.pool)]);
  for (const batch of batches()) {
    await previousWritePoll(previous.pool, batch);
    expect(await writePollBatch(current.pool, batch)).toBe(true);
  }
});

afterAll(async () => {
  await Promise.all([previous?.drop(), current?.drop()]);
});

describe("the compact store (migration 0013)", () => {
  it("keeps a previous store's history: migrated, it answers what it answered before, as a new store does", async () => {
    const before = {
      ...(await unchangedReaders(previous.pool)),
      lastSeen: byName(await previousLastSeenScanned(previous.pool, TARGET)),
      historyScans: byName(await previousHistoryScans(previous.pool, TARGET)),
      raw: await previousRawSamples(previous.pool),
    };
    // The history is there to compare: the rebuilt index was scanned, `b` long ago, `c` never.
    expect(before.raw.length).toBeGreaterThan(150);
    expect(before.lastSeen.map((r) => r.index_name)).toEqual(["a", "b"]);
    expect(before.historyScans.find((h) => h.name === "c")?.lastSeenScanned).toBeNull();
    expect(before.weekly?.indexes.length).toBe(4);
    expect(before.observed?.indexes.size).toBe(4);
    expect(before.hourly.series.some((p) => (p.scans ?? 0) > 0)).toBe(true);

    // 0013 and every migration after it, which the previous version did not have.
    const later = MIGRATIONS.filter((m) => m.version >= 13).map((m) => m.version);
    expect(later[0]).toBe(13);
    expect(await migrateStore(previous.pool)).toEqual(later);
    const migrated = await currentReaders(previous.pool);
    const written = await currentReaders(current.pool);

    expect(migrated).toEqual(before);
    expect(written).toEqual(before);
  });

  it("answers alike after raw retention, and drops the aged polls' deltas with them", async () => {
    const policy = { rawHours: 48, hourlyDays: 90, dailyDays: 730 };
    await applyRetention(previous.pool, TARGET, policy);
    await applyRetention(current.pool, TARGET, policy);
    const migrated = await currentReaders(previous.pool);
    const written = await currentReaders(current.pool);
    expect(migrated).toEqual(written);

    const cutoff = now - 48 * 3_600_000;
    expect(written.raw.length).toBeGreaterThan(0);
    expect(written.raw.every((d) => d.polledAt.getTime() >= cutoff - 60_000)).toBe(true);
    // `b`'s last scan is past raw retention: its hour stands in, on both.
    const b = written.lastSeen.find((r) => r.index_name === "b");
    expect(b?.seen_to.getTime()).toBeLessThan(cutoff);
    expect(b?.seen_to.getTime()).toBe((b?.seen_from?.getTime() ?? 0) + 3_600_000);
    const orphans = await current.pool.query(
      "SELECT count(*)::int AS n FROM poll_deltas d WHERE NOT EXISTS (SELECT FROM polls p WHERE p.target_id = d.target_id AND p.polled_at = d.polled_at)",
    );
    expect(orphans.rows[0]?.n).toBe(0);
  });

  it("writes nothing twice when a poll is replayed", async () => {
    const replay = batches()[POLLS - 1];
    if (!replay) throw new Error("no batch");
    const before = await currentReaders(current.pool);
    expect(await writePollBatch(current.pool, replay)).toBe(false);
    expect(await currentReaders(current.pool)).toEqual(before);
  });
});
