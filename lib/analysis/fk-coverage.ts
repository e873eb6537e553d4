import { impliedByKeyLookup } from "./predicate-implication";
import type { ForeignKeyFacts, IndexFacts } from "./types";

/**
 * True when `index` can find the referencing rows of `fk` (what a DELETE or UPDATE of the
 * parent does): the FK's columns, in any order, are the index's leading key columns, and the
 * index is valid and whole, or partial on a predicate the lookup implies (`WHERE fk IS NOT
 * NULL`). Columns compared by attribute number, never by name.
 */
export function indexCoversForeignKey(index: IndexFacts, fk: ForeignKeyFacts): boolean {
  if (index.tableOid !== fk.tableOid || !index.valid) return false;
  if (index.predicate !== null && !impliedByKeyLookup(index.predicate, fk.columnNames)) return false;
  const n = fk.columns.length;
  if (index.keyColumns.length < n) return false;
  if (index.method !== "btree" && !(index.method === "hash" && n === 1)) return false;
  const leading = new Set(index.keyColumns.slice(0, n));
  return fk.columns.every((attnum) => leading.has(attnum)) && leading.size === n;
}

// Rules ask per index; grouping each list by table once keeps a catalog of thousands of
// indexes linear instead of quadratic. Keyed by the list itself (the inputs are not mutated).
const groupedCache = new WeakMap<readonly object[], Map<number, unknown[]>>();

export function byTable<T extends { tableOid: number }>(list: readonly T[]): Map<number, T[]> {
  const cached = groupedCache.get(list);
  if (cached) return cached as Map<number, T[]>;
  const grouped = new Map<number, T[]>();
  for (const item of list) {
    const group = grouped.get(item.tableOid) ?? [];
    group.push(item);
    grouped.set(item.tableOid, group);
  }
  groupedCache.set(list, grouped as Map<number, unknown[]>);
  return grouped;
}

/** The foreign keys that `index` covers and no other index of the table does. */
export function foreignKeysOnlyCoveredBy(
  index: IndexFacts,
  foreignKeys: readonly ForeignKeyFacts[],
  indexes: readonly IndexFacts[],
): ForeignKeyFacts[] {
  const siblings = byTable(indexes).get(index.tableOid) ?? [];
  return (byTable(foreignKeys).get(index.tableOid) ?? []).filter(
    (fk) =>
      indexCoversForeignKey(index, fk) &&
      !siblings.some((other) => other.oid !== index.oid && indexCoversForeignKey(other, fk)),
  );
}
