import type pg from "pg";
import {
  type Counters,
  classifyWindow,
  indexDelta,
  type PendingRebuild,
  type WindowChange,
  type WindowFacts,
} from "@/lib/analysis/deltas";
import { isConnectionError } from "@/lib/db/pool";
import { loadSamplerMemory } from "@/lib/store/history-state";
import type { HistorySink } from "./history-sink";
import { type IndexChange, type IndexName, nameKey, type PollBatch, type SampleEvent } from "./poll-batch";
import { countersOf, readPollCounters } from "./poll-counters";
import { readIndexSizes, readNewIndexes, readStatsWindow, readSystemIdentifier } from "./target-queries";

/** What the sampler remembers of a target between polls (also kept in the store for takeovers). */
export interface IndexMemory extends IndexName {
  oid: number;
  counters: Counters;
  sizeBytes: number | null;
  /** The poll that last saw it (see readAndDiff). */
  seenEpoch?: number;
  /** A rebuild waiting for its copied counters (see indexDelta). Not kept in the store. */
  pendingRebuild?: PendingRebuild;
}

export interface SamplerMemory {
  window?: WindowFacts;
  indexes: Map<string, IndexMemory>;
  /** Current OID → name key, kept with `indexes`; rebuilt when missing. */
  keyByOid?: Map<number, string>;
  /** Count of polls committed into this memory. */
  epoch?: number;
  /** Target clock of the last sizing poll, ms. */
  lastSizedAt?: number;
  /** The catalog fingerprint at the last poll (see readPollCounters). */
  catalogVersion?: string;
  /** Target clock of the last poll, ms (what "moved since the last poll" is measured from). */
  polledAt?: number;
}

export interface SampledTarget {
  id: string;
  pool: pg.Pool;
  /** Undefined until loaded from the store (first poll, or after losing the lock). */
  memory?: SamplerMemory;
  /** How often to size indexes, ms (default 10 minutes). */
  sizeEveryMs?: number;
}

export type SampleOutcome =
  | { kind: "sampled"; batch: PollBatch; stored: boolean }
  | { kind: "unreachable"; error: unknown }
  | { kind: "store_unavailable"; error: unknown };

const DEFAULT_SIZE_EVERY_MS = 10 * 60_000;

/**
 * An index's last scan time is its transaction's end, but its counters reach the shared
 * statistics when that backend flushes them: up to 10 s later for an idle backend. Asking for
 * the indexes scanned since 15 s before the last poll covers that; a later flush (under lock
 * contention, up to a minute) breaks the checksums and the poll reads every index.
 */
const MOVED_SLACK_MS = 15_000;
/** pg_stat_get_lastscan() came with PostgreSQL 16. */
const MOVED_READ_MIN_VERSION = 160_000;

function sameCounters(a: Counters, b: Counters): boolean {
  return a.scans === b.scans && a.tuplesRead === b.tuplesRead && a.tuplesFetched === b.tuplesFetched;
}

function windowEvent(change: WindowChange, at: Date): SampleEvent | undefined {
  switch (change.kind) {
    case "reset":
      return { kind: change.restarted ? "restart" : "reset", at, detail: change.detail };
    case "partial_reset":
      return { kind: "reset", at, detail: change.detail };
    case "restart":
      return { kind: "restart", at, detail: change.detail };
    case "restore":
      return { kind: "restore", at, detail: change.detail };
    default:
      return undefined;
  }
}

/**
 * One poll of one target: read its counters, turn them into deltas against what we remember,
 * and hand the batch to the store (which buffers it when the store is down). No timers: the
 * loop (sampler-loop.ts) and the tests drive it.
 */
export async function sampleTargetOnce(target: SampledTarget, sink: HistorySink): Promise<SampleOutcome> {
  if (!target.memory) {
    try {
      target.memory = await loadSamplerMemory(sink.pool, target.id);
    } catch (error) {
      // Without what was stored we cannot tell usage from a baseline: wait for the store, the
      // next delta then covers the whole gap.
      return { kind: "store_unavailable", error };
    }
  }
  let read: { batch: PollBatch; commit: () => void };
  try {
    read = await readAndDiff(target, target.memory);
  } catch (error) {
    // Only a server that is not there is "unreachable"; anything else is a bug to surface.
    if (isConnectionError(error)) return { kind: "unreachable", error };
    throw error;
  }
  // Remember the new counters only once the whole poll was read: a poll that failed half-way
  // must not swallow the deltas it computed.
  read.commit();
  const stored = await sink.write(read.batch);
  return { kind: "sampled", batch: read.batch, stored };
}

function hasPendingRebuild(memory: SamplerMemory): boolean {
  for (const state of memory.indexes.values()) if (state.pendingRebuild) return true;
  return false;
}

function indexKeysByOid(memory: SamplerMemory): Map<number, string> {
  const map = new Map<number, string>();
  for (const [key, state] of memory.indexes) map.set(state.oid, key);
  return map;
}

function splitKey(key: string): IndexName {
  const [schema = "", table = "", name = ""] = key.split("\u0000");
  return { schema, table, name };
}

async function readAndDiff(
  target: SampledTarget,
  memory: SamplerMemory,
): Promise<{ batch: PollBatch; commit: () => void }> {
  const client = await target.pool.connect();
  try {
    const stats = await readStatsWindow(client);
    const restarted = memory.window?.postmasterStartedAt.getTime() !== stats.postmaster_started_at.getTime();
    const systemIdentifier = restarted
      ? await readSystemIdentifier(client)
      : (memory.window?.systemIdentifier ?? null);
    const window: WindowFacts = {
      systemIdentifier,
      postmasterStartedAt: stats.postmaster_started_at,
      statsReset: stats.stats_reset,
      databaseActivity: stats.database_activity,
      databaseCounters: stats.database_counters,
    };
    const change = classifyWindow(memory.window, window);
    const polledAt = stats.now;
    const sizeEvery = target.sizeEveryMs ?? DEFAULT_SIZE_EVERY_MS;
    const sizing = memory.lastSizedAt === undefined || polledAt.getTime() - memory.lastSizedAt >= sizeEvery;
    const keyByOid = memory.keyByOid ?? indexKeysByOid(memory);
    // Only across an unchanged statistics window can "not scanned since" mean "as remembered".
    const movedSince =
      stats.version_num >= MOVED_READ_MIN_VERSION && change.kind === "same" && memory.polledAt !== undefined
        ? new Date(memory.polledAt - MOVED_SLACK_MS)
        : null;
    const { rows, named, complete, indexCount } = await readPollCounters(
      client,
      memory,
      keyByOid,
      stats.catalog_version,
      // A pending rebuild is judged every poll (also unscanned), so read every index meanwhile.
      { forceNamed: sizing || hasPendingRebuild(memory), movedSince },
    );

    const events: SampleEvent[] = [];
    const windowLevel = windowEvent(change, polledAt);
    if (windowLevel) events.push(windowLevel);

    const updates = new Map<string, IndexMemory>();
    const changes: IndexChange[] = [];
    // Most rows did not move since the last poll: find them by OID (no string building) and
    // skip them; only the others pay for name keys and deltas. `seenEpoch` marks what was seen.
    const epoch = (memory.epoch ?? 0) + 1;
    const seenByName = new Set<string>();
    const newOids = new Set<number>();
    for (const row of rows) {
      const cachedKey = keyByOid.get(row.oid);
      const cached = cachedKey === undefined ? undefined : memory.indexes.get(cachedKey);
      // Rows read without names are all of known OIDs whose names did not change.
      const sameName =
        cached !== undefined &&
        (!named || (cached.name === row.name && cached.table === row.table && cached.schema === row.schema));
      if (cached && sameName && !cached.pendingRebuild) {
        cached.seenEpoch = epoch;
        const c = cached.counters;
        if (
          c.scans === (row.scans ?? 0) &&
          c.tuplesRead === (row.tuples_read ?? 0) &&
          c.tuplesFetched === (row.tuples_fetched ?? 0)
        )
          continue;
      }
      const names = (named ? row : cached) as IndexName;
      const key = sameName ? (cachedKey as string) : nameKey(names);
      seenByName.add(key);
      const counters = countersOf(row);
      // A renamed index (same OID, new name) keeps counting from its old counters.
      const previous = memory.indexes.get(key) ?? (cached?.oid === row.oid ? cached : undefined);
      if (
        previous &&
        previous.oid === row.oid &&
        sameCounters(previous.counters, counters) &&
        previous === memory.indexes.get(key) &&
        !previous.pendingRebuild
      )
        continue;
      const outcome = indexDelta(previous, { oid: row.oid, counters, epoch }, change);
      const index = { schema: names.schema, table: names.table, name: names.name };
      const state: IndexMemory = {
        ...index,
        oid: row.oid,
        counters,
        sizeBytes: previous?.sizeBytes ?? null,
        seenEpoch: epoch,
      };
      if (outcome.pendingRebuild) {
        // Nothing written while it waits: the store keeps the old OID and its counters, so a
        // sampler that takes over meanwhile starts the same wait from them.
        updates.set(key, { ...state, pendingRebuild: outcome.pendingRebuild });
        continue;
      }
      if (outcome.event) events.push({ ...outcome.event, at: polledAt, index });
      if (!previous || previous.oid !== row.oid || previous.pendingRebuild) newOids.add(row.oid);
      changes.push({ ...index, oid: row.oid, counters, delta: outcome.delta });
      updates.set(key, state);
    }

    // Between sizing polls, a new or rebuilt index is sized at once, with its definition.
    const sizedNow: PollBatch["sizes"] = [];
    if (newOids.size) {
      const read = new Map((await readNewIndexes(client, [...newOids])).map((r) => [r.oid, r] as const));
      for (const c of changes) {
        if (!newOids.has(c.oid)) continue;
        const found = read.get(c.oid);
        c.definition = found?.definition ?? null;
        const sizeBytes = found?.size_bytes;
        const key = nameKey(c);
        const state = updates.get(key);
        if (sizing || sizeBytes == null || !state || state.sizeBytes === sizeBytes) continue;
        updates.set(key, { ...state, sizeBytes });
        sizedNow.push({ schema: c.schema, table: c.table, name: c.name, sizeBytes });
      }
    }

    const dropped: string[] = [];
    // A read of the moved indexes only was checked to hold the same set of OIDs as memory.
    if (complete) {
      for (const [key, state] of memory.indexes) {
        if (state.seenEpoch !== epoch && !seenByName.has(key)) dropped.push(key);
      }
    }
    const batch: PollBatch = {
      targetId: target.id,
      polledAt,
      window,
      indexCount,
      changes,
      sizes: sizedNow,
      dropped: dropped.map(splitKey),
      events,
    };

    if (sizing) {
      // Sizing polls always read the names (readPollCounters): key this poll's OIDs by them.
      const keyOfSized = new Map<number, string>();
      for (const row of rows) keyOfSized.set(row.oid, nameKey(row as IndexName));
      for (const size of await readIndexSizes(client)) {
        if (size.size_bytes === null) continue; // locked: skipped, sized next time
        const key = keyOfSized.get(size.oid);
        if (!key) continue;
        const state = updates.get(key) ?? memory.indexes.get(key);
        if (!state || state.sizeBytes === size.size_bytes) continue;
        updates.set(key, { ...state, sizeBytes: size.size_bytes });
        batch.sizes.push({ ...splitKey(key), sizeBytes: size.size_bytes });
      }
      batch.sizedAt = polledAt;
    }
    const commit = () => {
      for (const [key, state] of updates) {
        const before = memory.indexes.get(key);
        if (before && before.oid !== state.oid) keyByOid.delete(before.oid);
        memory.indexes.set(key, state);
        keyByOid.set(state.oid, key);
      }
      for (const key of dropped) {
        const state = memory.indexes.get(key);
        if (state && keyByOid.get(state.oid) === key) keyByOid.delete(state.oid);
        memory.indexes.delete(key);
      }
      memory.keyByOid = keyByOid;
      memory.epoch = epoch;
      if (sizing) memory.lastSizedAt = polledAt.getTime();
      memory.window = window;
      memory.catalogVersion = stats.catalog_version;
      memory.polledAt = polledAt.getTime();
    };
    return { batch, commit };
  } finally {
    client.release();
  }
}
