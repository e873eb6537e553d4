import type pg from "pg";
import { env } from "@/lib/config/env";
import { RateLimitedError, TargetUnreachableError } from "@/lib/errors";
import { sampleIntervalSeconds } from "@/lib/sampler/interval";
import type { SampledTarget, SampleOutcome } from "@/lib/sampler/sample-once";
import { storePool } from "@/lib/store/pool";
import { samplerPool } from "@/lib/targets/pools";
import { getTargetConfig, type TargetConfig } from "@/lib/targets/registry";
import { buildIndexInventory, type InventorySizes, readInventorySizes } from "./build-inventory";
import type { IndexInventory, IndexJson } from "./index-inventory";
import { LastSeenTracker } from "./last-seen";
import { fillRebuiltScans } from "./rebuilt-scans";
import { asTargetError, describeTarget, type TargetStatus } from "./target-status";

/*
 * Viewers read what the sampler stored. The sampler, after each poll, builds the target's
 * inventory once on its own connections and keeps it here; every viewer's request answers
 * from it, so ten open tabs cost the target what none does. Without a sampler in this
 * process (no STORE_URL, or another process holds the target), the first request after an
 * interval builds it, shared by every request meanwhile. "Refresh now" asks for one poll
 * that every caller shares, at most once per REFRESH_MIN_GAP_MS per target.
 */

/** What refresh-now calls: the sampler's next poll, shared with its own timer. */
export interface SnapshotSource {
  /** True while this process's sampler holds the target (its polls keep the snapshot fresh). */
  active(): boolean;
  poll(): Promise<string>;
}

interface TargetSnapshot {
  inventory: IndexInventory | null;
  /** This process's clock when the snapshot's poll ran (the age of an answer counts from it). */
  builtAtMs: number;
  building: Promise<IndexInventory> | null;
  refresh: { startedAtMs: number; promise: Promise<IndexInventory>; settled: boolean } | null;
  /** Why the latest poll (the sampler's or an on-demand build) failed, while it fails. */
  unreachable: string | null;
  /** This process's clock at that failure: on-demand builds wait an interval before trying again. */
  failedAtMs: number;
  /** Sizes read by on-demand builds (the sampler's builds take its sizing polls'). */
  sizes: { value: InventorySizes; readAtMs: number } | null;
  lastSeen: LastSeenTracker;
  /** The poll asked for after an action changed the target, while it runs. */
  afterChange: Promise<void> | null;
}

export const REFRESH_MIN_GAP_MS = 10_000;

const shared = globalThis as unknown as {
  __indexwatchSnapshots?: Map<string, TargetSnapshot>;
  __indexwatchSnapshotSources?: Map<string, SnapshotSource>;
};
shared.__indexwatchSnapshots ??= new Map();
shared.__indexwatchSnapshotSources ??= new Map();
const snapshots = shared.__indexwatchSnapshots;
const sources = shared.__indexwatchSnapshotSources;

function snapshotOf(targetId: string): TargetSnapshot {
  let snapshot = snapshots.get(targetId);
  if (!snapshot) {
    snapshot = {
      inventory: null,
      builtAtMs: 0,
      building: null,
      refresh: null,
      unreachable: null,
      failedAtMs: 0,
      sizes: null,
      lastSeen: new LastSeenTracker(),
      afterChange: null,
    };
    snapshots.set(targetId, snapshot);
  }
  return snapshot;
}

export function registerSnapshotSource(targetId: string, source: SnapshotSource): void {
  sources.set(targetId, source);
}

/** The answer as sent now: the snapshot with its age. */
function answerOf(snapshot: TargetSnapshot): IndexInventory {
  const inventory = snapshot.inventory as IndexInventory;
  return { ...inventory, ...liveFields(snapshot) };
}

/** What changes between two viewers of the same snapshot: its age and the target's state. */
function liveFields(snapshot: TargetSnapshot): Pick<IndexInventory, "ageSeconds" | "targetUnreachable"> {
  return {
    ageSeconds: Math.max(0, Math.round((Date.now() - snapshot.builtAtMs) / 1000)),
    targetUnreachable: snapshot.unreachable,
  };
}

/** Each snapshot's JSON without its live fields and closing brace, UTF-8: serialized once. */
const serialized = new WeakMap<IndexInventory, Uint8Array>();

/**
 * The inventory route's body: the snapshot serialized once and shared by every viewer, its
 * live fields appended per request. Serializing 10,000 indexes per request (and collecting
 * the garbage) was all that 20 viewers still cost beyond 1: no statement on the target, but
 * CPU taken from it wherever the app and the target share a machine (bench/viewer-cost.ts).
 */
export async function getInventorySnapshotBody(targetId: string): Promise<Blob> {
  const target = getTargetConfig(targetId);
  await getInventorySnapshot(targetId); // builds or refreshes it exactly as the object readers do
  const snapshot = snapshotOf(target.id);
  const inventory = snapshot.inventory as IndexInventory;
  let head = serialized.get(inventory);
  if (!head) {
    const { ageSeconds: _age, targetUnreachable: _unreachable, ...stable } = inventory;
    head = new TextEncoder().encode(JSON.stringify(stable).slice(0, -1));
    serialized.set(inventory, head);
  }
  const live = JSON.stringify(liveFields(snapshot)).slice(1);
  return new Blob([head as BlobPart, `,${live}`], { type: "application/json" });
}

/**
 * The target's inventory as of the sampler's latest poll, shared by every viewer (the
 * Indexes and Overview pages, the fleet, and other domains such as findings). Never reads
 * the target while this process samples it; otherwise at most once per sample interval.
 */
export async function getInventorySnapshot(targetId: string): Promise<IndexInventory> {
  const target = getTargetConfig(targetId);
  const snapshot = snapshotOf(target.id);
  if (snapshot.inventory && isCurrent(target, snapshot)) return answerOf(snapshot);
  try {
    await buildShared(target, snapshot);
  } catch (error) {
    // The last figures, marked with why they are not newer, beat no figures.
    if (!snapshot.inventory || !(error instanceof TargetUnreachableError)) throw error;
  }
  return answerOf(snapshot);
}

/**
 * Current: the last build (or failure) is less than an interval old, or this process samples
 * the target and its polls keep it fresh. A sampler whose polls publish nothing for three
 * intervals (its store is away since the start, say) is not waited for.
 */
function isCurrent(target: TargetConfig, snapshot: TargetSnapshot): boolean {
  const intervalMs = sampleIntervalSeconds() * 1000;
  const sinceLastTry = Date.now() - Math.max(snapshot.builtAtMs, snapshot.failedAtMs);
  if (sinceLastTry < intervalMs) return true;
  const sampledHere = sources.get(target.id)?.active() ?? false;
  return sampledHere && (snapshot.unreachable !== null || sinceLastTry < 3 * intervalMs);
}

/**
 * The target's status for the target list and the fleet, from the snapshot while it is
 * current (the sampler's latest poll: no query per viewer), read live otherwise.
 */
export async function describeTargetShared(target: TargetConfig): Promise<TargetStatus> {
  const snapshot = snapshots.get(target.id);
  const inventory = snapshot?.inventory;
  if (!snapshot || !inventory || !isCurrent(target, snapshot)) return describeTarget(target);
  return {
    id: target.id,
    name: target.name,
    reachable: snapshot.unreachable === null,
    serverVersion: inventory.serverVersion,
    serverVersionNum: inventory.serverVersionNum,
    inRecovery: inventory.inRecovery,
    statsSince: inventory.statsSince,
    statsSinceSource: inventory.statsSinceSource,
    error: snapshot.unreachable,
  };
}

/** Kept under its old name: every read of the inventory is a read of the snapshot. */
export const getIndexInventory = getInventorySnapshot;

/** The snapshot's indexes by OID and by identity key, built once per snapshot. */
export interface SnapshotLookup {
  byOid: ReadonlyMap<number, IndexJson>;
  /** The first candidate (schema, table, name) the snapshot holds. */
  byKey(candidates: readonly { schema: string; table: string; name: string }[]): IndexJson | null;
  /** A partitioned index's own partitions' indexes (one level down), by name. */
  partitionsOf(oid: number): readonly IndexJson[];
}

const lookups = new WeakMap<IndexJson[], SnapshotLookup>();
// A NUL cannot occur in a PostgreSQL name: the joined key is unambiguous.
const keyOf = (k: { schema: string; table: string; name: string }) => `${k.schema}\0${k.table}\0${k.name}`;

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** O(1) reads of one index from a snapshot of 50,000 (the index page asks for one). */
export function snapshotLookup(inventory: IndexInventory): SnapshotLookup {
  let lookup = lookups.get(inventory.indexes);
  if (!lookup) {
    const byOid = new Map<number, IndexJson>();
    const byName = new Map<string, IndexJson>();
    const children = new Map<number, IndexJson[]>();
    for (const index of inventory.indexes) {
      byOid.set(index.oid, index);
      byName.set(keyOf(index), index);
      if (index.parentOid !== null) {
        const siblings = children.get(index.parentOid);
        if (siblings) siblings.push(index);
        else children.set(index.parentOid, [index]);
      }
    }
    for (const list of children.values()) list.sort((a, b) => compareNames(a.table, b.table));
    lookup = {
      byOid,
      partitionsOf: (oid) => children.get(oid) ?? [],
      byKey: (candidates) => {
        for (const candidate of candidates) {
          const found = byName.get(keyOf(candidate));
          if (found) return found;
        }
        return null;
      },
    };
    lookups.set(inventory.indexes, lookup);
  }
  return lookup;
}

/** One index's row from the snapshot, by its current OID; null when the snapshot has none. */
export async function getSnapshotIndex(targetId: string, oid: number): Promise<IndexJson | null> {
  const inventory = await getInventorySnapshot(targetId);
  return snapshotLookup(inventory).byOid.get(oid) ?? null;
}

/**
 * Asks for one new poll, shared: callers while it runs await the same one; a call within
 * REFRESH_MIN_GAP_MS of the last one is refused with the seconds to wait.
 */
export async function refreshInventoryNow(targetId: string): Promise<IndexInventory> {
  const target = getTargetConfig(targetId);
  const snapshot = snapshotOf(target.id);
  const running = snapshot.refresh;
  if (running && !running.settled) return running.promise;
  const sinceLast = running ? Date.now() - running.startedAtMs : Number.POSITIVE_INFINITY;
  if (sinceLast < REFRESH_MIN_GAP_MS) {
    const wait = Math.ceil((REFRESH_MIN_GAP_MS - sinceLast) / 1000);
    throw new RateLimitedError(
      `target "${target.name}" was refreshed ${Math.floor(sinceLast / 1000)} s ago; next refresh in ${wait} s`,
      wait,
    );
  }
  const refresh = {
    startedAtMs: Date.now(),
    settled: false,
    promise: pollForSnapshot(target, snapshot),
  };
  snapshot.refresh = refresh;
  refresh.promise.then(
    () => {
      refresh.settled = true;
    },
    () => {
      refresh.settled = true;
    },
  );
  return refresh.promise;
}

/**
 * After something changed the target (an action finished): one poll now, shared with any
 * running one and outside the viewers' rate limit, so the pages show the change at once.
 * Never throws: the next scheduled poll shows it anyway.
 */
export function refreshAfterChange(targetId: string): Promise<void> {
  const snapshot = snapshotOf(targetId);
  // Set before the first await: a page that learns the action ended waits for this poll.
  const refresh = pollAfterChange(targetId).finally(() => {
    if (snapshot.afterChange === refresh) snapshot.afterChange = null;
  });
  snapshot.afterChange = refresh;
  return refresh;
}

async function pollAfterChange(targetId: string): Promise<void> {
  try {
    const target = getTargetConfig(targetId);
    const source = sources.get(target.id);
    if (source?.active()) await source.poll();
    else await buildShared(target, snapshotOf(target.id), true);
  } catch (error) {
    console.error(`[indexwatch] inventory of ${targetId} not refreshed after a change: ${String(error)}`);
  }
}

/** Waits for the poll an action asked for, if one runs: its page then shows what changed. */
export async function afterPendingChange(targetId: string): Promise<void> {
  await snapshots.get(targetId)?.afterChange;
}

async function pollForSnapshot(target: TargetConfig, snapshot: TargetSnapshot): Promise<IndexInventory> {
  const source = sources.get(target.id);
  if (!source?.active()) {
    await buildShared(target, snapshot, true);
    return answerOf(snapshot);
  }
  const outcome = await source.poll();
  if (outcome === "unreachable") {
    throw new TargetUnreachableError(`target "${target.name}" is unreachable: ${snapshot.unreachable ?? ""}`);
  }
  if (!snapshot.inventory) await buildShared(target, snapshot);
  return answerOf(snapshot);
}

/** One on-demand build at a time per target; `forceSizes` re-reads the sizes too. */
function buildShared(target: TargetConfig, snapshot: TargetSnapshot, forceSizes = false) {
  if (snapshot.building) return snapshot.building;
  const building = buildOnDemand(target, snapshot, forceSizes).finally(() => {
    if (snapshot.building === building) snapshot.building = null;
  });
  snapshot.building = building;
  return building;
}

async function buildOnDemand(target: TargetConfig, snapshot: TargetSnapshot, forceSizes: boolean) {
  try {
    return await readOnDemand(target, snapshot, forceSizes);
  } catch (error) {
    if (error instanceof TargetUnreachableError) {
      snapshot.unreachable = error.message;
      snapshot.failedAtMs = Date.now();
    }
    throw error;
  }
}

async function readOnDemand(target: TargetConfig, snapshot: TargetSnapshot, forceSizes: boolean) {
  const db = samplerPool(target);
  const sizeMaxAgeMs = env().SIZE_INTERVAL * 1000;
  const sizing = forceSizes || !snapshot.sizes || Date.now() - snapshot.sizes.readAtMs >= sizeMaxAgeMs;
  if (sizing || !snapshot.sizes) {
    const startedAt = Date.now();
    const sizes = await readInventorySizes(db).catch((error) => {
      throw asTargetError(target, error);
    });
    snapshot.sizes = { value: sizes, readAtMs: startedAt };
  }
  await loadLastSeen(target, snapshot);
  const startedAt = Date.now();
  const inventory = await buildIndexInventory(db, target, snapshot.sizes.value, snapshot.lastSeen.seen, {
    sizeTables: sizing,
  });
  if (env().STORE_URL) await fillRebuiltScans(inventory, storePool());
  publish(snapshot, inventory, startedAt);
  return inventory;
}

function publish(snapshot: TargetSnapshot, inventory: IndexInventory, startedAtMs: number) {
  snapshot.inventory = inventory;
  snapshot.builtAtMs = startedAtMs;
  snapshot.unreachable = null;
  snapshot.failedAtMs = 0;
}

/**
 * The history's "last seen scanned" matters only before PostgreSQL 16. Without a sampler
 * here nothing moves it forward: each on-demand build reads it again (from the store).
 */
async function loadLastSeen(target: TargetConfig, snapshot: TargetSnapshot) {
  if (!env().STORE_URL) return;
  if (snapshot.inventory?.lastScanAvailable) return;
  const tracker = new LastSeenTracker();
  await tracker.loadOnce(storePool(), target.id).then(
    () => {
      snapshot.lastSeen = tracker;
    },
    (error) => {
      console.error(`[indexwatch] last seen scanned for ${target.id} not read: ${String(error)}`);
    },
  );
}

/**
 * Called by the sampler after each poll (on its own connections): builds the snapshot from
 * the poll (sizes from its sizing polls, last-seen moved forward), or marks it unreachable
 * and keeps the last one.
 */
export async function publishSamplerPoll(
  target: TargetConfig,
  sampled: SampledTarget,
  outcome: SampleOutcome,
  store: pg.Pool,
): Promise<void> {
  const snapshot = snapshotOf(target.id);
  if (outcome.kind === "unreachable") {
    snapshot.unreachable =
      outcome.error instanceof Error ? outcome.error.message : String(outcome.error ?? "unreachable");
    return;
  }
  if (outcome.kind !== "sampled") return;
  const startedAt = Date.now();
  if (snapshot.inventory?.lastScanAvailable !== true) {
    const loaded = await snapshot.lastSeen.loadOnce(store, target.id).catch(() => false);
    // Loaded before this poll was stored: it moves the history forward; otherwise it is in.
    if (!loaded || !outcome.stored) snapshot.lastSeen.apply(outcome.batch);
  }
  const sizes = sizesFromMemory(sampled);
  const inventory = await buildIndexInventory(sampled.pool, target, sizes, snapshot.lastSeen.seen, {
    sizeTables: outcome.batch.sizedAt !== undefined,
    polledAt: outcome.batch.polledAt,
  });
  await fillRebuiltScans(inventory, store);
  publish(snapshot, inventory, startedAt);
}

function sizesFromMemory(sampled: SampledTarget): InventorySizes {
  const byOid = new Map<number, { sizeBytes: number | null; skippedLocked: boolean }>();
  for (const state of sampled.memory?.indexes.values() ?? []) {
    byOid.set(state.oid, { sizeBytes: state.sizeBytes, skippedLocked: false });
  }
  return { byOid };
}
