import { judgeMovedRows, type MovedVerdict, totalsOf } from "@/lib/analysis/counter-checksums";
import type { Counters } from "@/lib/analysis/deltas";
import type { Queryable } from "@/lib/db/query";
import type { IndexName } from "./poll-batch";
import type { IndexMemory, SamplerMemory } from "./sample-once";
import {
  type MovedCounters,
  type OidCounterRow,
  readIndexCounters,
  readIndexCountersByOid,
  readMovedIndexCounters,
} from "./target-queries";

/** A poll's row: the names are there when the poll read them (`named`). */
export type PollRow = OidCounterRow & Partial<IndexName>;

export interface PollCounters {
  rows: PollRow[];
  named: boolean;
  /** False when `rows` holds only the indexes that moved: every other one is as remembered. */
  complete: boolean;
  /** Indexes on the server (`rows.length` when complete). */
  indexCount: number;
}

export function countersOf(row: {
  scans: number | null;
  tuples_read: number | null;
  tuples_fetched: number | null;
}): Counters {
  return { scans: row.scans ?? 0, tuplesRead: row.tuples_read ?? 0, tuplesFetched: row.tuples_fetched ?? 0 };
}

/**
 * The counters of one poll, read as cheaply as what we remember allows. Names change only
 * with DDL: while the catalog fingerprint has not moved since the last poll and every OID is
 * one we know, only OIDs and counters are read and the names come from memory. On PostgreSQL
 * 16+ (`movedSince` set), only the indexes scanned since about the last poll are sent, with
 * checksums over all of them that must add up with what we remember; when they do not (a
 * late statistics flush, a reset), every index is read. Anything else (a new or missing OID,
 * a moved fingerprint, no memory yet) and every sizing poll read the names too, so a rename
 * whose statistics were slow to flush is picked up at the latest by the next sizing poll.
 */
export async function readPollCounters(
  db: Queryable,
  memory: SamplerMemory,
  keyByOid: ReadonlyMap<number, string>,
  catalogVersion: string,
  options: { forceNamed: boolean; movedSince: Date | null },
): Promise<PollCounters> {
  let lean = !options.forceNamed && memory.catalogVersion === catalogVersion && memory.indexes.size > 0;
  if (lean && options.movedSince) {
    const moved = await readMovedIndexCounters(db, options.movedSince);
    const verdict = judgeMoved(moved, memory, keyByOid);
    if (verdict === "accounted") {
      return { rows: moved.rows, named: false, complete: false, indexCount: moved.totals.count };
    }
    // Another set of indexes: an OID-only read could not be taken on trust either.
    if (verdict === "indexes") lean = false;
  }
  if (lean) {
    const counters = await readIndexCountersByOid(db);
    if (allKnown(counters, memory, keyByOid)) {
      return { rows: counters, named: false, complete: true, indexCount: counters.length };
    }
  }
  const rows = await readIndexCounters(db);
  return { rows, named: true, complete: true, indexCount: rows.length };
}

/** What we remember of the index with this OID, if it still has that OID. */
function remembered(
  oid: number,
  memory: SamplerMemory,
  keyByOid: ReadonlyMap<number, string>,
): IndexMemory | undefined {
  const key = keyByOid.get(oid);
  const state = key === undefined ? undefined : memory.indexes.get(key);
  return state?.oid === oid ? state : undefined;
}

/** Exactly the indexes we remember, by OID: the names we have are theirs. */
function allKnown(
  counters: readonly OidCounterRow[],
  memory: SamplerMemory,
  keyByOid: ReadonlyMap<number, string>,
): boolean {
  if (counters.length !== memory.indexes.size) return false;
  for (const row of counters) if (!remembered(row.oid, memory, keyByOid)) return false;
  return true;
}

/** The moved rows are of indexes we remember, and with them the server's checksums add up. */
function judgeMoved(
  moved: MovedCounters,
  memory: SamplerMemory,
  keyByOid: ReadonlyMap<number, string>,
): MovedVerdict {
  const pairs: { before: Counters; after: Counters }[] = [];
  for (const row of moved.rows) {
    const state = remembered(row.oid, memory, keyByOid);
    if (!state) return "indexes";
    pairs.push({ before: state.counters, after: countersOf(row) });
  }
  return judgeMovedRows(totalsOf(memory.indexes.values()), pairs, moved.totals);
}
