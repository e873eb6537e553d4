/**
 * Per-poll cost of the sampler against the raw scan-counter query alone, on the same
 * database in the same run, at 10,000 and 50,000 indexes. Goal: at most 1.3x.
 * Between polls ~1% of the indexes are scanned, so the sampler has real deltas to write.
 * Also reports a sizing poll, the first (baseline) poll, and the store's cost per index per day.
 * PostgreSQL 18 by default; `--pg=14` measures the oldest supported server, which has no
 * last-scan times, so every quiet poll reads all counters by OID.
 * Usage: npx tsx bench/sampler-poll.ts [--pg=14|18] [indexCount ...]
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import { createPool } from "../lib/db/pool";
import { BufferedHistorySink } from "../lib/sampler/history-sink";
import type { PollBatch } from "../lib/sampler/poll-batch";
import { type SampledTarget, sampleTargetOnce } from "../lib/sampler/sample-once";
import { writePollBatch } from "../lib/store/history-writer";
import { migrateStore } from "../lib/store/migrate";
import { type PgMajor, startCluster } from "../test/support/pg-cluster";
import { recordQueryNames } from "../test/support/query-names";
import { generateCatalog } from "./support/generated-catalog";
import { ratioLine } from "./support/measure";

const RAW_COUNTER_QUERY = `SELECT indexrelid, schemaname, relname, indexrelname, idx_scan, idx_tup_read, idx_tup_fetch
  FROM pg_stat_user_indexes`;
const POLLS = 15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function benchOne(indexCount: number, major: PgMajor) {
  console.log(`PostgreSQL ${major}`);
  const cluster = await startCluster({ major });
  try {
    const database = `bench_${indexCount}`;
    console.log(`generating ${indexCount} indexes`);
    await generateCatalog(cluster, database, indexCount, () => undefined);
    await cluster.query("CREATE DATABASE indexwatch");
    const storePool = createPool(cluster.url("indexwatch"), {
      applicationName: "bench-store",
      max: 2,
      statementTimeoutMs: 120_000,
    });
    await migrateStore(storePool);
    const targetPool = createPool(cluster.url(database), {
      applicationName: "bench-sampler",
      max: 2,
      statementTimeoutMs: 120_000,
    });
    // Which counter read each poll made (names, or OIDs only while the catalog stands still).
    const queryNames: string[] = [];
    recordQueryNames(targetPool, queryNames);
    const sink = new BufferedHistorySink(storePool, 10);
    const target: SampledTarget = { id: "bench", pool: targetPool, sizeEveryMs: 24 * 3_600_000 };
    const raw = new pg.Client({ connectionString: cluster.url(database) });
    const work = new pg.Client({ connectionString: cluster.url(database) });
    // The cluster goes away in `finally`: that must not hide what went wrong before it.
    for (const client of [raw, work]) client.on("error", () => undefined);
    await raw.connect();
    await work.connect();
    await work.query("SET enable_seqscan = off");

    let began = performance.now();
    await sampleTargetOnce(target, sink);
    console.log(
      `first poll (baseline, ${indexCount} identities written, sizing): ${(performance.now() - began).toFixed(0)} ms`,
    );
    // Settle both databases as a long-running store and target are: otherwise autovacuum of
    // the freshly written identities and catalogs runs during the timed polls.
    await storePool.query("VACUUM ANALYZE");
    await cluster.query("VACUUM ANALYZE", [], database);

    // PG15+ flushes a backend's statistics on request. PG14's backend sends them with a later
    // transaction at least 500 ms after its last send, and the collector may take a moment:
    // wait for that, then until the total stands still.
    const totalScans = async () =>
      Number(
        (await raw.query("SELECT coalesce(sum(idx_scan), 0)::int8 AS n FROM pg_stat_user_indexes")).rows[0]
          ?.n,
      );
    const flushScans = async () => {
      if (major >= 15) {
        await work.query("SELECT pg_stat_force_next_flush()");
        return;
      }
      await new Promise((r) => setTimeout(r, 550));
      await work.query("SELECT 1");
      let last = -1;
      for (let seen = await totalScans(); seen !== last; seen = await totalScans()) {
        last = seen;
        await new Promise((r) => setTimeout(r, 150));
      }
    };
    let countedBefore = await totalScans();
    let lostScans = 0;
    const tables = Math.ceil(indexCount / 10);
    const scannedPerPoll = Math.max(1, Math.round(tables / 10)); // ~1% of the indexes
    const ours: number[] = [];
    const targetSide: number[] = [];
    const baseline: number[] = [];
    // The target-side part of a poll (read + deltas) is timed with a sink that only queues;
    // the store write of the same batch is timed on its own, so both are visible.
    const queued: PollBatch[] = [];
    const queueSink = {
      pool: storePool,
      write: async (b: PollBatch) => {
        queued.push(b);
        return true;
      },
    };
    for (let poll = 0; poll < POLLS; poll++) {
      for (let i = 0; i < scannedPerPoll; i++) {
        await work.query(`SELECT id FROM bench_t${(poll * scannedPerPoll + i) % tables} WHERE id = 3`);
      }
      await flushScans();
      began = performance.now();
      await raw.query(RAW_COUNTER_QUERY);
      baseline.push(performance.now() - began);
      began = performance.now();
      const outcome = await sampleTargetOnce(target, queueSink);
      const read = performance.now() - began;
      if (outcome.kind !== "sampled") throw new Error(`poll failed: ${outcome.kind}`);
      // Whichever read the poll made, it must have found exactly the scans the server counted
      // since the last poll (all of those run on PG15+; PG14's collector may drop some).
      const scansFound = outcome.batch.changes.reduce((sum, c) => sum + c.delta.scans, 0);
      const counted = await totalScans();
      if (scansFound !== counted - countedBefore)
        throw new Error(
          `poll ${poll} found ${scansFound} scans, the server counted ${counted - countedBefore}`,
        );
      if (major >= 15 && scansFound !== scannedPerPoll)
        throw new Error(`poll ${poll} found ${scansFound} scans, ${scannedPerPoll} were run`);
      countedBefore = counted;
      lostScans += scannedPerPoll - scansFound;
      began = performance.now();
      await writePollBatch(storePool, outcome.batch);
      targetSide.push(read);
      ours.push(read + performance.now() - began);
    }
    // The first poll (the baseline, before the timed ones) always reads the names.
    const counterReads = queryNames.filter((name) => name.startsWith("sampler_index_counters")).slice(1);
    const reads = (name: string) => counterReads.filter((n) => n === name).length;
    console.log(
      `of ${POLLS} polls: ${reads("sampler_index_counters_moved")} asked for the indexes scanned since the last poll, ` +
        `${reads("sampler_index_counters_by_oid")} read every index's counters by OID, ` +
        `${reads("sampler_index_counters")} read the names too; every poll's deltas matched the scans the server counted` +
        (lostScans
          ? ` (the server counted ${lostScans} fewer than the ${POLLS * scannedPerPoll} run)`
          : ` (all ${scannedPerPoll} run)`),
    );
    console.log(
      ratioLine(
        `sampler poll, target side (read + deltas) at ${indexCount} indexes`,
        median(targetSide),
        median(baseline),
        1.3,
      ),
    );
    console.log(
      ratioLine(
        `sampler poll, with the store write, at ${indexCount} indexes`,
        median(ours),
        median(baseline),
        1.3,
      ),
    );

    target.memory = target.memory ? { ...target.memory, lastSizedAt: 0 } : undefined;
    began = performance.now();
    await sampleTargetOnce(target, sink);
    console.log(`sizing poll (every 10 min by default): ${(performance.now() - began).toFixed(0)} ms`);

    const sizes = await storePool.query(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid)::int8 AS bytes,
              (SELECT reltuples FROM pg_class WHERE oid = c.oid)::float8 AS rows
         FROM pg_class c WHERE c.relname IN ('poll_deltas', 'polls', 'usage_hourly', 'usage_daily', 'index_identity')`,
    );
    const counts = await storePool.query(
      `SELECT (SELECT coalesce(sum(cardinality(identity_ids)), 0) FROM poll_deltas)::int AS raw, (SELECT count(*) FROM polls)::int AS polls,
              (SELECT count(*) FROM usage_hourly)::int AS hourly, (SELECT count(*) FROM usage_daily)::int AS daily`,
    );
    const bytes = Object.fromEntries(sizes.rows.map((r) => [r.name, Number(r.bytes)]));
    const c = counts.rows[0];
    // The per-poll detail: one compact row per poll (poll_deltas), shared out over its indexes.
    const perRaw = bytes.poll_deltas / Math.max(1, c.raw);
    const perRollup = (bytes.usage_daily ?? 0) / Math.max(1, c.daily);
    // A day at SAMPLE_INTERVAL=60 s with this churn: raw rows for changed indexes (kept 48 h),
    // one hourly row per used index-hour (90 days) and one daily row per used index-day (2 years).
    const changedShare = c.raw / (POLLS * indexCount);
    const rawPerIndexDay = 1440 * changedShare * perRaw;
    console.log(
      `store: ${c.raw} index deltas (${perRaw.toFixed(0)} B each incl. indexes and the poll row), ${c.polls} polls, ${c.hourly} hourly, ${c.daily} daily rows (${perRollup.toFixed(0)} B each); ` +
        `at 60 s polls and ${(changedShare * 100).toFixed(1)}% of indexes changing per poll: raw ${rawPerIndexDay.toFixed(0)} B per index per day (kept 48 h), ` +
        `roll-ups at most ${(24 * perRollup + perRollup).toFixed(0)} B per used index per day, 0 B for an index whose counters did not move`,
    );
    await raw.end();
    await work.end();
    await Promise.all([storePool.end(), targetPool.end()]);
  } finally {
    await cluster.destroy();
  }
}

const args = process.argv.slice(2);
const major = Number(args.find((a) => a.startsWith("--pg="))?.slice(5) ?? 18) as PgMajor;
if (major !== 14 && major !== 18) throw new Error("--pg must be 14 or 18");
const counts = args.filter((a) => !a.startsWith("--")).map(Number);
for (const count of counts.length ? counts : [10_000, 50_000]) await benchOne(count, major);
process.exit(0);
