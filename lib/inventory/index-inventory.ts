import type { LastSeenScanned } from "./last-seen";
import type { StatsWindow } from "./target-status";

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
  /** The partitioned index this one belongs to (an index of a partition), if any. */
  parentOid: number | null;
  /**
   * Set on a partitioned parent: how many partitions' indexes its size, scans and last scan
   * are summed over (it holds no data and has no counters of its own).
   */
  partitionsSummed: number | null;
  /**
   * Before PostgreSQL 16 (no last_idx_scan): the poll interval, from the history, in which
   * the index's scan counter last moved; `from` is null when it moved at the first poll seen.
   */
  lastSeenScanned: LastSeenScanned | null;
  /**
   * Set when the index was rebuilt (a new OID) within the statistics window: its counters
   * started over at the rebuild, so `scans` misleads. These are the scans the history
   * observed since `since`, across the rebuild: what the pages show, labelled "history".
   */
  historyScans: HistoryScansAfterRebuild | null;
  constraint: { name: string; type: "primary key" | "unique" | "exclusion" } | null;
}

export interface HistoryScansAfterRebuild {
  scans: number;
  /** ISO-8601: the start of the statistics window's hour, or when the history first saw it. */
  since: string;
  rebuiltAt: string;
}

export interface IndexInventory {
  target: string;
  /** Same as asOf (kept for older clients). */
  sampledAt: string;
  /** The database clock of the poll this answer comes from (ISO-8601). */
  asOf: string;
  /** Seconds since that poll, when the answer was sent. */
  ageSeconds: number;
  /** Set when the sampler's latest poll failed: the figures are the last ones read. */
  targetUnreachable: string | null;
  statsSince: string;
  statsSinceSource: StatsWindow["source"];
  serverVersion: string;
  serverVersionNum: number;
  inRecovery: boolean;
  /** False before PostgreSQL 16: lastScanAt is then unavailable, not "never". */
  lastScanAvailable: boolean;
  indexes: IndexJson[];
}

// Every read of the inventory is a read of the sampler's snapshot (snapshot.ts).
export { getIndexInventory } from "./snapshot";
