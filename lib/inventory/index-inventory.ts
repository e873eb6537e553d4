import {
  type IndexCatalogRow,
  type IndexCountersRow,
  listIndexCounters,
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

export function toIndexJson(
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
    sizeBytes: counters.size_bytes,
    tableSizeBytes,
    sizeSkipped: counters.size_skipped_locked ? "locked" : null,
    scans: counters.scans,
    tuplesRead: counters.tuples_read,
    tuplesFetched: counters.tuples_fetched,
    lastScanAt: counters.last_scan_at?.toISOString() ?? null,
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
  let counters: IndexCountersRow[];
  let described: DescribedIndexes;
  try {
    counters = await listIndexCounters(db, info.version_num);
    described = await describeIndexes(db, target.id, counters);
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
    // An index created between the two reads waits for the next poll; one dropped is gone.
    indexes: counters.flatMap((row) => {
      const entry = described.catalog.get(row.oid);
      if (!entry) return [];
      return [
        toIndexJson(
          entry,
          row,
          described.definitions.get(row.oid) ?? null,
          described.tableSizes.get(entry.table_oid) ?? null,
        ),
      ];
    }),
  };
}
