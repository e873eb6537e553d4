import { type DropRecord, findDropRecord } from "@/lib/actions/drop-record";
import { undoSqlOf } from "@/lib/actions/plan";
import { findOneIndex, type OneIndexRow } from "@/lib/catalog/index-one";
import { env } from "@/lib/config/env";
import { NotFoundError, StoreUnavailableError } from "@/lib/errors";
import { LOCKED_DEFINITION } from "@/lib/inventory/build-inventory";
import type { IndexInventory, IndexJson } from "@/lib/inventory/index-inventory";
import { afterPendingChange, getInventorySnapshot, snapshotLookup } from "@/lib/inventory/snapshot";
import { asTargetError, fetchServerInfo, statsWindowOf } from "@/lib/inventory/target-status";
import {
  findIdentityByKey,
  findIdentityByOid,
  getHistoryScans,
  type HistoryScans,
  type IndexIdentityKey,
  type StoredIndexIdentity,
} from "@/lib/store/index-identity-reads";
import { storePool } from "@/lib/store/pool";
import { readingStore } from "@/lib/store/store-errors";
import { monitoringPool } from "@/lib/targets/pools";
import { getTargetConfig, type TargetConfig } from "@/lib/targets/registry";
import { type IndexRef, indexKeyOf } from "./index-ref";

/** `GET /api/v1/targets/{id}/indexes/{ref}`, 200: the index as it is now. */
export interface LiveIndexDetail extends Omit<IndexInventory, "indexes"> {
  /** The identity key: the index's page, whatever its OID becomes. */
  key: string;
  /** The current OID (the catalog's), also `index.oid`. */
  oid: number;
  /** OIDs this index had before it was rebuilt, oldest first. */
  formerOids: number[];
  index: IndexJson;
  /** Scans as the history saw them (they go on across rebuilds and resets); null without it. */
  history: HistoryScans | null;
  /**
   * A partitioned index's partitions' indexes (one level down), as the latest poll saw them:
   * it holds no data, so its history and the statements that use it are theirs. Empty otherwise.
   */
  partitions: IndexPartition[];
}

export interface IndexPartition {
  oid: number;
  key: string;
  schema: string;
  table: string;
  name: string;
  partitioned: boolean;
  scans: number | null;
  sizeBytes: number | null;
}

/** 410: the index is gone. */
export interface DroppedIndexDetail {
  key: string;
  index: IndexIdentityKey & { lastOid: number; formerOids: number[]; definition: string | null };
  dropped: {
    /** When the drop was recorded (indexwatch's action, or the sampler noticing); null if not yet. */
    at: string | null;
    /** The user whose action dropped it, or "outside indexwatch". */
    by: string;
    /** CREATE INDEX from the last known definition; null when it was never read. */
    undo: string | null;
  };
}

export type IndexDetailAnswer =
  | ({ state: "live" } & LiveIndexDetail)
  | ({ state: "dropped" } & DroppedIndexDetail);

const CONSTRAINT_TYPES = { p: "primary key", u: "unique", x: "exclusion" } as const;

function toIndexJson(row: OneIndexRow): IndexJson {
  return {
    oid: row.oid,
    tableOid: row.table_oid,
    schema: row.schema,
    table: row.table,
    name: row.name,
    definition: row.definition ?? LOCKED_DEFINITION,
    method: row.method,
    sizeBytes: row.size_bytes,
    tableSizeBytes: row.table_size_bytes,
    sizeSkipped: row.locked ? "locked" : null,
    scans: row.scans,
    tuplesRead: row.tuples_read,
    tuplesFetched: row.tuples_fetched,
    lastScanAt: row.last_scan_at?.toISOString() ?? null,
    primary: row.primary,
    unique: row.unique,
    valid: row.valid,
    partial: row.partial,
    expression: row.expression,
    partitioned: row.partitioned,
    parentOid: null,
    partitionsSummed: null,
    lastSeenScanned: null,
    historyScans: null,
    constraint:
      row.constraint_name && row.constraint_type
        ? { name: row.constraint_name, type: CONSTRAINT_TYPES[row.constraint_type] }
        : null,
  };
}

function hasStore(): boolean {
  return Boolean(env().STORE_URL);
}

async function storedIdentity(targetId: string, ref: IndexRef): Promise<StoredIndexIdentity | null> {
  if (!hasStore()) return null;
  return readingStore(() =>
    "oid" in ref
      ? findIdentityByOid(storePool(), targetId, ref.oid)
      : findIdentityByKey(storePool(), targetId, ref.candidates),
  );
}

/** The identity an OID or key names, from the store: for links and redirects (no target read). */
export async function findStoredIdentity(
  targetId: string,
  ref: IndexRef,
): Promise<StoredIndexIdentity | null> {
  getTargetConfig(targetId);
  return storedIdentity(targetId, ref);
}

async function readCatalogIndex(target: TargetConfig, versionNum: number, ref: IndexRef | null) {
  if (!ref) return null;
  try {
    return await findOneIndex(monitoringPool(target), versionNum, ref);
  } catch (error) {
    throw asTargetError(target, error);
  }
}

/**
 * One index, followed by its identity: found by an OID (current or former) or by its key.
 * A rebuilt index answers with its new OID and the former ones; an index that is gone
 * answers "dropped" with who dropped it and how to get it back.
 *
 * Viewers read what the sampler stored: the index comes from the latest poll's snapshot (one
 * lookup among 50,000, no statement on the target), marked with its age. An action's change
 * shows at once because the action asks for a poll and this waits for it. The target is read
 * for one index only when the latest poll does not hold it (created since, say).
 */
export async function getIndexDetail(targetId: string, ref: IndexRef): Promise<IndexDetailAnswer> {
  const target = getTargetConfig(targetId);
  await afterPendingChange(target.id);
  const inventory = await getInventorySnapshot(target.id);
  const lookup = snapshotLookup(inventory);
  const direct = ("oid" in ref ? lookup.byOid.get(ref.oid) : lookup.byKey(ref.candidates)) ?? null;
  // The latest poll holds it: its page stands even while the store is away (no history then).
  const identity = direct
    ? await unlessStoreAway(() => storedIdentity(target.id, { candidates: [direct] }))
    : await storedIdentity(target.id, ref);
  // A former OID (rebuilt): the identity's name finds today's index.
  const index = direct ?? (identity ? lookup.byKey([identity]) : null);
  if (index) {
    const { indexes: _all, ...status } = inventory;
    const partitions = lookup.partitionsOf(index.oid).map(partitionOf);
    return liveAnswer(target.id, status, index, identity, partitions);
  }
  // The store already closed it as dropped: the target is not asked again.
  if (identity?.droppedAt) return droppedAnswer(target.id, identity);
  return fromCatalog(target, ref, identity);
}

/** A store read whose absence costs the page its history, not the page. */
async function unlessStoreAway<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof StoreUnavailableError) return null;
    throw error;
  }
}

function partitionOf(index: IndexJson): IndexPartition {
  const { oid, schema, table, name, partitioned, scans, sizeBytes } = index;
  return { oid, key: indexKeyOf(index), schema, table, name, partitioned, scans, sizeBytes };
}

async function liveAnswer(
  targetId: string,
  status: Omit<IndexInventory, "indexes">,
  index: IndexJson,
  identity: StoredIndexIdentity | null,
  partitions: IndexPartition[],
): Promise<IndexDetailAnswer> {
  const formerOids = identity
    ? [...identity.formerOids, identity.currentOid].filter(
        (oid, i, all) => oid !== index.oid && all.indexOf(oid) === i,
      )
    : [];
  const history = identity
    ? ((
        await unlessStoreAway(() => readingStore(() => getHistoryScans(storePool(), targetId, [identity])))
      )?.[0] ?? null)
    : null;
  return {
    state: "live",
    ...status,
    key: indexKeyOf(index),
    oid: index.oid,
    formerOids,
    index,
    history,
    partitions,
  };
}

/** Not in the latest poll: one index from the catalog (created or rebuilt since), or its end. */
async function fromCatalog(
  target: TargetConfig,
  ref: IndexRef,
  identity: StoredIndexIdentity | null,
): Promise<IndexDetailAnswer> {
  const info = await fetchServerInfo(target);
  const lookup = identity ? { candidates: [identity] } : ref;
  const row = await readCatalogIndex(target, info.version_num, lookup);
  if (!row) {
    if (!identity) throw new NotFoundError(`no index ${describeRef(ref)} on target "${target.id}"`);
    return droppedAnswer(target.id, identity);
  }
  // A new OID the store does not know yet: its name says whose identity it continues.
  const known = identity ?? (await storedIdentity(target.id, { candidates: [row] }));
  const window = statsWindowOf(info);
  const asOf = info.now.toISOString();
  const status: Omit<IndexInventory, "indexes"> = {
    target: target.id,
    // Read from the catalog for this request: as fresh as it gets.
    sampledAt: asOf,
    asOf,
    ageSeconds: 0,
    targetUnreachable: null,
    serverVersion: info.version,
    inRecovery: info.in_recovery,
    statsSince: window.since,
    statsSinceSource: window.source,
    serverVersionNum: info.version_num,
    lastScanAvailable: info.version_num >= 160000,
  };
  // Its partitions show with the next poll, which holds it.
  return liveAnswer(target.id, status, toIndexJson(row), known, []);
}

async function droppedAnswer(targetId: string, identity: StoredIndexIdentity): Promise<IndexDetailAnswer> {
  const record: DropRecord | null = await readingStore(() => findDropRecord(storePool(), targetId, identity));
  // A drop by indexwatch counts when it came after this index was first seen (a name can be re-used).
  const ours = record && record.at >= identity.firstSeenAt ? record : null;
  return {
    state: "dropped",
    key: indexKeyOf(identity),
    index: {
      schema: identity.schema,
      table: identity.table,
      name: identity.name,
      lastOid: identity.currentOid,
      formerOids: identity.formerOids,
      definition: identity.definition,
    },
    dropped: {
      at: ours?.at ?? identity.droppedAt,
      by: ours?.username ?? "outside indexwatch",
      undo: ours?.undoSql ?? (identity.definition ? undoSqlOf(identity.definition) : null),
    },
  };
}

function describeRef(ref: IndexRef): string {
  if ("oid" in ref) return `with oid ${ref.oid}`;
  const first = ref.candidates[0];
  return first ? `${first.schema}.${first.table}.${first.name}` : "";
}
