import type { Counters } from "./deltas";

/** Checksums over a set of indexes: their count, and sums of OIDs and counters modulo 2^52. */
export interface CounterTotals {
  count: number;
  oidSum: number;
  scans: number;
  tuplesRead: number;
  tuplesFetched: number;
}

// Below 2^52 a sum of two residues stays below 2^53: exact in a JS number.
const MODULUS = 2 ** 52;
const plus = (a: number, x: number) => (a + (x % MODULUS)) % MODULUS;
const minus = (a: number, x: number) => (a - (x % MODULUS) + MODULUS) % MODULUS;

export function totalsOf(indexes: Iterable<{ oid: number; counters: Counters }>): CounterTotals {
  const t: CounterTotals = { count: 0, oidSum: 0, scans: 0, tuplesRead: 0, tuplesFetched: 0 };
  for (const { oid, counters } of indexes) {
    t.count++;
    t.oidSum = plus(t.oidSum, oid);
    t.scans = plus(t.scans, counters.scans);
    t.tuplesRead = plus(t.tuplesRead, counters.tuplesRead);
    t.tuplesFetched = plus(t.tuplesFetched, counters.tuplesFetched);
  }
  return t;
}

/**
 * Whether the rows of the indexes that moved account for every change on the server: what we
 * remember, with each moved index's old counters replaced by its new ones, must add up to
 * the server's totals.
 * - "accounted": they do; every index not in `moved` is as remembered.
 * - "counters": same indexes, but some counter moved unreported (a statistics flush later
 *   than its scan time, a reset): read every index's counters.
 * - "indexes": the set of indexes changed (a create, a drop): read the names too.
 * `moved` holds indexes we remember (same OID) only.
 */
export type MovedVerdict = "accounted" | "counters" | "indexes";

export function judgeMovedRows(
  remembered: CounterTotals,
  moved: ReadonlyArray<{ before: Counters; after: Counters }>,
  server: CounterTotals,
): MovedVerdict {
  if (remembered.count !== server.count || remembered.oidSum !== server.oidSum) return "indexes";
  let { scans, tuplesRead, tuplesFetched } = remembered;
  for (const { before, after } of moved) {
    scans = plus(minus(scans, before.scans), after.scans);
    tuplesRead = plus(minus(tuplesRead, before.tuplesRead), after.tuplesRead);
    tuplesFetched = plus(minus(tuplesFetched, before.tuplesFetched), after.tuplesFetched);
  }
  const same =
    scans === server.scans && tuplesRead === server.tuplesRead && tuplesFetched === server.tuplesFetched;
  return same ? "accounted" : "counters";
}
