/**
 * What the store costs when every index is busy: bytes per changed index per poll, and the
 * write time per poll, at 50,000 indexes whose counters all move every poll. Goal: at most
 * 40 bytes. The polls go through the real history writer into a real store (the writer takes
 * a whole poll as one batch, so no 50,000-index target is needed), 30 s apart on the target's
 * clock. The store is measured with pg_total_relation_size (tables, their indexes and TOAST)
 * before and after the timed polls, with autovacuum on as in a running store.
 * The first poll of a day and of an hour are reported on their own: they create each index's
 * daily and hourly roll-up rows, which the later polls of that hour and day only update (the
 * README's store-size formula rests on these figures).
 * Usage: npx tsx bench/store-bytes.ts [changedIndexes] [polls]
 */
import { performance } from "node:perf_hooks";
import { createPool } from "../lib/db/pool";
import type { IndexChange, PollBatch } from "../lib/sampler/poll-batch";
import { writePollBatch } from "../lib/store/history-writer";
import { migrateStore } from "../lib/store/migrate";
import { startCluster } from "../test/support/pg-cluster";

const GOAL_BYTES = 40;
const INTERVAL_MS = 30_000;
const DAY_START = Date.parse("2026-03-02T00:00:00Z");

/** A small deterministic generator, so that two runs write the same counters. */
function generator(seed: number) {
  let state = seed >>> 0;
  return (max: number) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return 1 + (state % max);
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(changed: number, polls: number) {
  const cluster = await startCluster({ major: 18 });
  try {
    await cluster.query("CREATE DATABASE indexwatch");
    const store = createPool(cluster.url("indexwatch"), {
      applicationName: "bench-store",
      max: 2,
      statementTimeoutMs: 300_000,
    });
    await migrateStore(store);
    const next = generator(13);
    const indexes: IndexChange[] = Array.from({ length: changed }, (_, i) => ({
      schema: "public",
      table: `bench_t${Math.floor(i / 5)}`,
      name: `bench_t${Math.floor(i / 5)}_i${i % 5}`,
      oid: 100_000 + i,
      counters: { scans: 0, tuplesRead: 0, tuplesFetched: 0 },
      delta: { scans: 0, tuplesRead: 0, tuplesFetched: 0 },
      definition: `CREATE INDEX bench_t${Math.floor(i / 5)}_i${i % 5} ON public.bench_t${Math.floor(i / 5)} (c${i % 5})`,
    }));
    const batchAt = (poll: number, at = DAY_START + (poll - 1) * INTERVAL_MS): PollBatch => {
      const changes =
        poll === 0
          ? indexes // the first sighting: identities, definitions and zero deltas
          : indexes.map((index) => {
              const delta = { scans: next(20), tuplesRead: next(5_000), tuplesFetched: next(2_000) };
              index.counters = {
                scans: index.counters.scans + delta.scans,
                tuplesRead: index.counters.tuplesRead + delta.tuplesRead,
                tuplesFetched: index.counters.tuplesFetched + delta.tuplesFetched,
              };
              return { ...index, definition: undefined, counters: index.counters, delta };
            });
      return {
        targetId: "bench",
        // Poll 0 is the last poll of the day before; poll 1 opens a new day and hour.
        polledAt: new Date(at),
        window: {
          systemIdentifier: "7355608",
          postmasterStartedAt: new Date(DAY_START - 86_400_000),
          statsReset: null,
          databaseActivity: poll,
        },
        indexCount: changed,
        changes,
        sizes: [],
        dropped: [],
        events: [],
      };
    };
    const storeBytes = async () => {
      const result = await store.query(
        `SELECT c.relname AS name, pg_total_relation_size(c.oid)::int8 AS bytes
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind = 'r'`,
      );
      return new Map(result.rows.map((r) => [String(r.name), Number(r.bytes)]));
    };
    const total = (sizes: Map<string, number>) => [...sizes.values()].reduce((a, b) => a + b, 0);
    const write = async (poll: number, at?: number) => {
      const batch = batchAt(poll, at);
      const began = performance.now();
      if (!(await writePollBatch(store, batch))) throw new Error(`poll ${poll} was not written`);
      return performance.now() - began;
    };

    console.log(`${changed} indexes, every one changed on every poll, ${polls} timed polls 30 s apart`);
    await write(0);
    await store.query("VACUUM ANALYZE");
    const beforeDay = await storeBytes();
    const firstMs = await write(1);
    const afterFirst = await storeBytes();
    const firstPerIndex = (total(afterFirst) - total(beforeDay)) / changed;
    console.log(
      `first poll of a day (creates every hourly and daily row): ${firstPerIndex.toFixed(1)} B per changed index, write ${firstMs.toFixed(0)} ms`,
    );

    const times: number[] = [];
    for (let poll = 2; poll < polls + 2; poll++) times.push(await write(poll));
    const after = await storeBytes();
    const perIndexPoll = (total(after) - total(afterFirst)) / (changed * polls);
    const byTable = [...after.entries()]
      .map(([name, bytes]) => [name, (bytes - (afterFirst.get(name) ?? 0)) / (changed * polls)] as const)
      .filter(([, bytes]) => Math.abs(bytes) >= 0.05)
      .sort((a, b) => b[1] - a[1])
      .map(([name, bytes]) => `${name} ${bytes.toFixed(1)}`)
      .join(", ");
    console.log(
      `store bytes per changed index per poll at ${changed} changed indexes: ${perIndexPoll.toFixed(1)} B ` +
        `(goal <= ${GOAL_BYTES}: ${perIndexPoll <= GOAL_BYTES ? "meets" : "MISSES"}); by table: ${byTable}`,
    );
    console.log(
      `write time per poll: median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms ` +
        `(store ${(total(after) / 1_048_576).toFixed(1)} MB after ${polls + 2} polls)`,
    );

    // The next hour of the same day: each index's hourly row is created, its daily row updated.
    await write(polls + 2, DAY_START + 3_600_000);
    const afterHour = await storeBytes();
    const hourPerIndex = (total(afterHour) - total(after)) / changed;
    console.log(
      `first poll of an hour (creates every hourly row): ${hourPerIndex.toFixed(1)} B per changed index; ` +
        `so an hourly row costs ~${(hourPerIndex - perIndexPoll).toFixed(0)} B and a daily row ~${(firstPerIndex - hourPerIndex).toFixed(0)} B`,
    );
    const identityBytes = (afterHour.get("index_identity") ?? 0) / changed;
    console.log(`identities: ${identityBytes.toFixed(0)} B per index (names, definition, last counters)`);
    await store.end();
  } finally {
    await cluster.destroy();
  }
}

const [changedArg, pollsArg] = process.argv.slice(2).map(Number);
await main(changedArg || 50_000, pollsArg || 20);
process.exit(0);
