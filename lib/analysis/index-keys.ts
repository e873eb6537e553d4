import type { IndexFacts } from "./types";

/**
 * How the planner tells what an index can answer: its keys position by position (a column by
 * attribute number, an expression by its deparsed text), their operator classes and
 * collations, the scan directions it can deliver, its predicate, and what it returns from
 * INCLUDE. Names never enter into it.
 */

/** A key position as the planner matches it: a column by number, an expression by its text. */
export function keyAt(index: IndexFacts, position: number): string {
  const attnum = index.keyColumns[position];
  if (attnum === undefined) return "";
  return attnum === 0 ? `expr:${index.columnNames[position] ?? ""}` : `col:${attnum}`;
}

// indoption bits per key column (pg_index.h): 1 = DESC, 2 = NULLS FIRST.
const BACKWARD = 1 | 2;

/**
 * A btree scanned backwards delivers every column reversed, NULLS placement included: (a)
 * ASC NULLS LAST read backwards is (a DESC NULLS FIRST). Other access methods keep no order.
 */
function scansBothWays(index: IndexFacts): boolean {
  return index.method === "btree";
}

/** The directions of the first `n` keys, as one canonical pattern (forward or backward, whichever sorts first). */
export function directionPattern(index: IndexFacts, n = index.options.length): string {
  const forward = index.options.slice(0, n);
  if (!scansBothWays(index)) return forward.join(",");
  const backward = forward.map((o) => o ^ BACKWARD);
  const [first = ""] = [forward.join(","), backward.join(",")].sort();
  return first;
}

/** The same question the planner asks: can `long` deliver every order that `short`'s first n keys can? */
function sameDirections(short: IndexFacts, long: IndexFacts, n: number): boolean {
  const s = short.options.slice(0, n);
  const l = long.options.slice(0, n);
  if (s.every((o, i) => o === l[i])) return true;
  return scansBothWays(long) && s.every((o, i) => (o ^ BACKWARD) === l[i]);
}

/** Predicates compare as the deparsed text: the same WHERE, or both none. */
function samePredicate(a: IndexFacts, b: IndexFacts): boolean {
  return a.predicate === b.predicate;
}

/**
 * Everything that makes two indexes answer the same questions. Uniqueness is left out on
 * purpose (a plain index beside a unique one on the same keys is a duplicate, and the unique
 * one is kept), and so is the order of INCLUDE columns, which only come back as payload.
 */
export function definitionSignature(index: IndexFacts): string {
  let signature = signatures.get(index);
  if (signature === undefined) {
    signature = computeSignature(index);
    signatures.set(index, signature);
  }
  return signature;
}

// Rules compare each index with its siblings many times; facts are never mutated, so one
// signature per fact object serves them all.
const signatures = new WeakMap<IndexFacts, string>();

function computeSignature(index: IndexFacts): string {
  const n = index.keyColumns.length;
  return JSON.stringify([
    index.tableOid,
    index.method,
    index.keyColumns.map((_, i) => keyAt(index, i)),
    [...index.includeColumns].sort((a, b) => a - b),
    index.opclasses,
    index.collations,
    directionPattern(index, n),
    index.expressions,
    index.predicate,
  ]);
}

/**
 * True when `long` answers every lookup `short` answers, and is not its exact twin: the same
 * table, method and predicate; `short`'s keys lead `long`'s, position by position (operator
 * class, collation, and direction or its reverse on a btree); and whatever `short` returns
 * from INCLUDE, `long` holds as a key or INCLUDE column. Equal keys count only when `long`
 * holds strictly more (an INCLUDE column `short` lacks).
 */
export function isCoveredBy(short: IndexFacts, long: IndexFacts): boolean {
  const n = short.keyColumns.length;
  if (n === 0 || short.tableOid !== long.tableOid || short.oid === long.oid) return false;
  if (short.method !== long.method || !samePredicate(short, long)) return false;
  if (long.keyColumns.length < n) return false;
  for (let i = 0; i < n; i++) {
    if (keyAt(short, i) !== keyAt(long, i)) return false;
    if (short.opclasses[i] !== long.opclasses[i]) return false;
    if (short.collations[i] !== long.collations[i]) return false;
  }
  if (!sameDirections(short, long, n)) return false;
  const held = new Set([...long.keyColumns, ...long.includeColumns].filter((attnum) => attnum !== 0));
  if (!short.includeColumns.every((attnum) => held.has(attnum))) return false;
  return definitionSignature(short) !== definitionSignature(long);
}
