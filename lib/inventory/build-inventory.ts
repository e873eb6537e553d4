import {
  type IndexCatalogRow,
  type IndexCountersRow,
  listIndexCounters,
  listIndexSizes,
} from "@/lib/catalog/index-inventory";
import { getServerInfo, hasLastIdxScan, type ServerInfoRow } from "@/lib/catalog/server-info";
import type { Queryable } from "@/lib/db/query";
import type { TargetConfig } from "@/lib/targets/registry";
import { type DescribedIndexes, describeIndexes } from "./catalog-cache";
import type { IndexInventory, IndexJson } from "./index-inventory";
import { type LastSeenScanned, lastSeenKey } from "./last-seen";
import { sumPartitionedParents } from "./partition-sums";
import { asTargetError, statsWindowOf } from "./target-status";

const CONSTRAINT_TYPES = { p: "primary key", u: "unique", x: "exclusion" } as const;

export const LOCKED_DEFINITION = "(definition unavailable: an ACCESS EXCLUSIVE lock is held on this table)";

function toIndexJson(
  row: IndexCatalogRow,
  counters: IndexCountersRow,
  definition: string | null,
  tableSizeBytes: number | null,
): IndexJson {
  return {
    oid: row.oid,
    tableOid: row.table_oid,
    schema: row.schema,
    table: row.table,
    name: row.name,
    definition: definition ?? LOCKED_DEFINITION,
    method: row.method,
    sizeBytes: null,
    tableSizeBytes,
    sizeSkipped: null,
    scans: counters.scans,
    tuplesRead: counters.tuples_read,
    tuplesFetched: counters.tuples_fetched,
    lastScanAt: counters.last_scan_at_ms === null ? null : new Date(counters.last_scan_at_ms).toISOString(),
    primary: row.primary,
    unique: row.unique,
    valid: row.valid,
    partial: row.partial,
    expression: row.expression,
    partitioned: row.partitioned,
    parentOid: row.parent_oid,
    partitionsSummed: null,
    lastSeenScanned: null,
    historyScans: null,
    constraint:
      row.constraint_name && row.constraint_type
        ? { name: row.constraint_name, type: CONSTRAINT_TYPES[row.constraint_type] }
        : null,
  };
}

export interface InventorySizes {
  byOid: ReadonlyMap<number, { sizeBytes: number | null; skippedLocked: boolean }>;
}

/** Each index's size as listIndexSizes reads it (the dear half: callers read it rarely). */
export async function readInventorySizes(db: Queryable): Promise<InventorySizes> {
  const sizes = await listIndexSizes(db);
  return {
    byOid: new Map(
      sizes.map((s) => [s.oid, { sizeBytes: s.size_bytes, skippedLocked: s.size_skipped_locked }]),
    ),
  };
}

/**
 * The inventory of one target as of now, read on `db` (the sampler's connections: viewers
 * read the snapshot this builds, see snapshot.ts). Counters and the catalog check are cheap;
 * sizes are given, read by the sampler's sizing polls; scans seen by the history (PostgreSQL
 * 14–15) are given too. Partitioned parents get their partitions' sums.
 */
export async function buildIndexInventory(
  db: Queryable,
  target: TargetConfig,
  sizes: InventorySizes,
  lastSeen: ReadonlyMap<string, LastSeenScanned>,
  options: {
    /** Read the tables' sizes again (a sizing poll); they are read once anyway. */
    sizeTables: boolean;
    /** The poll's database clock, when built for a sampler's poll; else the clock now. */
    polledAt?: Date;
  },
): Promise<IndexInventory> {
  let info: ServerInfoRow;
  let indexes: IndexJson[];
  try {
    info = await getServerInfo(db);
    const counters = await listIndexCounters(db, info.version_num);
    const described = await describeIndexes(db, target.id, counters, options.sizeTables);
    indexes = inventoryRows(counters, described);
  } catch (error) {
    throw asTargetError(target, error);
  }
  fillSizes(indexes, sizes);
  const lastScanAvailable = hasLastIdxScan(info.version_num);
  if (!lastScanAvailable) {
    for (const row of indexes) row.lastSeenScanned = lastSeen.get(lastSeenKey(row)) ?? null;
  }
  sumPartitionedParents(indexes);
  const window = statsWindowOf(info);
  const asOf = (options.polledAt ?? info.now).toISOString();
  return {
    target: target.id,
    sampledAt: asOf,
    asOf,
    ageSeconds: 0,
    targetUnreachable: null,
    statsSince: window.since,
    statsSinceSource: window.source,
    serverVersion: info.version,
    serverVersionNum: info.version_num,
    inRecovery: info.in_recovery,
    lastScanAvailable,
    indexes,
  };
}

/** The answer's rows, sizes not yet known. */
function inventoryRows(counters: IndexCountersRow[], described: DescribedIndexes): IndexJson[] {
  const rows: IndexJson[] = [];
  for (const counter of counters) {
    const entry = described.catalog.get(counter.oid);
    // An index created between the two reads waits for the next poll; one dropped is gone.
    if (!entry) continue;
    rows.push(
      toIndexJson(
        entry,
        counter,
        described.definitions.get(counter.oid)?.definition ?? null,
        described.tableSizes.get(entry.table_oid) ?? null,
      ),
    );
  }
  return rows;
}

/** Fills in the sizes last read; an index not sized yet keeps null. */
function fillSizes(rows: IndexJson[], sizes: InventorySizes) {
  for (const row of rows) {
    const size = sizes.byOid.get(row.oid);
    if (!size) continue;
    row.sizeBytes = size.sizeBytes;
    row.sizeSkipped = size.skippedLocked ? "locked" : null;
  }
}
