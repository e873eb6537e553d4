import {
  type IndexCatalogRow,
  type IndexCountersRow,
  type IndexSizeRow,
  listIndexCounters,
  listIndexSizes,
} from "@/lib/catalog/index-inventory";
import { monitoringPool } from "@/lib/targets/pools";
import { getTargetConfig } from "@/lib/targets/registry";
import { type DescribedIndexes, describeIndexes } from "./catalog-cache";
import { asTargetError, fetchServerInfo, type StatsWindow, statsWindowOf } from "./target-status";

export interface IndexJson {
  oid: number;
  tableOid: number;
  schema: string;
  table: string;
  name: string;
  definition: string;
  method: string;
  sizeBytes: number | null;
  tableSizeBytes: number | null;
  /** Set when sizing was skipped because someone holds an ACCESS EXCLUSIVE lock. */
  sizeSkipped: "locked" | null;
  scans: number | null;
  tuplesRead: number | null;
  tuplesFetched: number | null;
  lastScanAt: string | null;
  primary: boolean;
  unique: boolean;
  valid: boolean;
  partial: boolean;
  expression: boolean;
  partitioned: boolean;
  constraint: { name: string; type: "primary key" | "unique" | "exclusion" } | null;
}

export interface IndexInventory {
  target: string;
  sampledAt: string;
  statsSince: string;
  statsSinceSource: StatsWindow["source"];
  serverVersionNum: number;
  /** False before PostgreSQL 16: lastScanAt is then unavailable, not "never". */
  lastScanAvailable: boolean;
  indexes: IndexJson[];
}

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
    constraint:
      row.constraint_name && row.constraint_type
        ? { name: row.constraint_name, type: CONSTRAINT_TYPES[row.constraint_type] }
        : null,
  };
}

// Concurrent requests for the same target share one catalog round trip: ten browsers
// polling at once cost the target what one does.
const inFlight = new Map<string, Promise<IndexInventory>>();

export function getIndexInventory(targetId: string): Promise<IndexInventory> {
  const target = getTargetConfig(targetId);
  const running = inFlight.get(target.id);
  if (running) return running;
  const fresh = readInventory(targetId).finally(() => inFlight.delete(target.id));
  inFlight.set(target.id, fresh);
  return fresh;
}

async function readInventory(targetId: string): Promise<IndexInventory> {
  const target = getTargetConfig(targetId);
  const info = await fetchServerInfo(target);
  const db = monitoringPool(target);
  let indexes: IndexJson[];
  try {
    // Sizing asks the file system about every index and dominates the database's time. The
    // counters, the catalog check and the building of the answer run beside it (a second
    // connection of the pool); the sizes are filled in when they arrive.
    const sizing = listIndexSizes(db);
    // Settled at once so that a failure of the counters does not leave it unhandled.
    sizing.catch(() => undefined);
    const counters = await listIndexCounters(db, info.version_num);
    const described = await describeIndexes(db, target.id, counters);
    indexes = inventoryRows(counters, described);
    fillSizes(indexes, await sizing);
  } catch (error) {
    throw asTargetError(target, error);
  }
  const window = statsWindowOf(info);
  return {
    target: target.id,
    sampledAt: info.now.toISOString(),
    statsSince: window.since,
    statsSinceSource: window.source,
    serverVersionNum: info.version_num,
    lastScanAvailable: info.version_num >= 160000,
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

/** Fills in the sizes read beside the counters; an index they did not see keeps null. */
function fillSizes(rows: IndexJson[], sizes: IndexSizeRow[]) {
  const byOid = new Map(rows.map((row) => [row.oid, row]));
  for (const size of sizes) {
    const row = byOid.get(size.oid);
    if (!row) continue;
    row.sizeBytes = size.size_bytes;
    row.sizeSkipped = size.size_skipped_locked ? "locked" : null;
  }
}
