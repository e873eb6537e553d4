import type { IndexJson } from "./index-inventory";

type Summable = Pick<
  IndexJson,
  | "oid"
  | "parentOid"
  | "partitioned"
  | "sizeBytes"
  | "tableOid"
  | "tableSizeBytes"
  | "scans"
  | "tuplesRead"
  | "tuplesFetched"
  | "lastScanAt"
  | "lastSeenScanned"
  | "partitionsSummed"
>;

const addKnown = (sum: number | null, value: number | null) => (value === null ? sum : (sum ?? 0) + value);
const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

/**
 * A partitioned index holds no data and has no counters of its own: what it costs and serves
 * is its partitions' indexes. Each partitioned row gets the sums over the leaf indexes below
 * it (through nested partitioned levels), and says how many it summed; a partition whose
 * figure is unknown (not sized yet, locked) adds nothing rather than blanking the sum.
 */
export function sumPartitionedParents<R extends Summable>(rows: R[]): void {
  const children = new Map<number, R[]>();
  for (const row of rows) {
    if (row.parentOid === null) continue;
    const list = children.get(row.parentOid);
    if (list) list.push(row);
    else children.set(row.parentOid, [row]);
  }
  const leavesOf = (oid: number, seen: Set<number>): R[] => {
    const leaves: R[] = [];
    for (const child of children.get(oid) ?? []) {
      if (seen.has(child.oid)) continue; // a cycle cannot happen in the catalog; never loop anyway
      seen.add(child.oid);
      if (child.partitioned) leaves.push(...leavesOf(child.oid, seen));
      else leaves.push(child);
    }
    return leaves;
  };
  for (const row of rows) {
    if (!row.partitioned) continue;
    const leaves = leavesOf(row.oid, new Set([row.oid]));
    let size: number | null = leaves.length === 0 ? 0 : null;
    // A partitioned table holds no rows either: its size is its partitions' (each counted once).
    let tableSize: number | null = size;
    const tablesCounted = new Set<number>();
    let scans: number | null = leaves.length === 0 ? 0 : null;
    let read: number | null = scans;
    let fetched: number | null = scans;
    let lastScanAt: string | null = null;
    let lastSeen: R["lastSeenScanned"] = null;
    for (const leaf of leaves) {
      size = addKnown(size, leaf.sizeBytes);
      if (!tablesCounted.has(leaf.tableOid)) {
        tablesCounted.add(leaf.tableOid);
        tableSize = addKnown(tableSize, leaf.tableSizeBytes);
      }
      scans = addKnown(scans, leaf.scans);
      read = addKnown(read, leaf.tuplesRead);
      fetched = addKnown(fetched, leaf.tuplesFetched);
      lastScanAt = later(lastScanAt, leaf.lastScanAt);
      if (leaf.lastSeenScanned && (!lastSeen || leaf.lastSeenScanned.to > lastSeen.to)) {
        lastSeen = leaf.lastSeenScanned;
      }
    }
    row.sizeBytes = size;
    row.tableSizeBytes = tableSize;
    row.scans = scans;
    row.tuplesRead = read;
    row.tuplesFetched = fetched;
    row.lastScanAt = lastScanAt;
    row.lastSeenScanned = lastSeen;
    row.partitionsSummed = leaves.length;
  }
}
