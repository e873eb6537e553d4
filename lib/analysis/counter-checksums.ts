import type { Counters } from "./deltas";

/** Checksums over a set of indexes: their count, the sum of their OIDs and of all their counters, modulo 2^52. */
export interface CounterTotals {
  count: number;
  oidSum: number;
  /** Scans, tuples read and tuples fetched of every index, summed. */
  counterSum: number;
}

// Below 2^52 a sum of two residues stays below 2^53: exact in a JS number.
const MODULUS = 2 ** 52;
const plus = (a: number, x: number) => (a + (x % MODULUS)) % MODULUS;
const minus = (a: number, x: number) => (a - (x % MODULUS) + MODULUS) % MODULUS;
const sumOf = (c: Counters) => plus(plus(c.scans % MODULUS, c.tuplesRead), c.tuplesFetched);

export function totalsOf(indexes: Iterable<{ oid: number; counters: Counters }>): CounterTotals {
  const t: CounterTotals = { count: 0, oidSum: 0, counterSum: 0 };
  for (const { oid, counters } of indexes) {
    t.count++;
    t.oidSum = plus(t.oidSum, oid);
    t.counterSum = plus(t.counterSum, sumOf(counters));
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
 * Counters only grow between resets, so an unreported change shows in the one sum; only a
 * reset that took off exactly what another unreported index gained could hide, and the next
 * sizing poll reads everything anyway. `moved` holds indexes we remember (same OID) only.
 */
export type MovedVerdict = "accounted" | "counters" | "indexes";

export function judgeMovedRows(
  remembered: CounterTotals,
  moved: ReadonlyArray<{ before: Counters; after: Counters }>,
  server: CounterTotals,
): MovedVerdict {
  if (remembered.count !== server.count || remembered.oidSum !== server.oidSum) return "indexes";
  let counterSum = remembered.counterSum;
  for (const { before, after } of moved) counterSum = plus(minus(counterSum, sumOf(before)), sumOf(after));
  return counterSum === server.counterSum ? "accounted" : "counters";
}
