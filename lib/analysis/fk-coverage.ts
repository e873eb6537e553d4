import type { ForeignKeyFacts, IndexFacts } from "./types";

/**
 * True when `index` can find the referencing rows of `fk` (what a DELETE or UPDATE of the
 * parent does): the FK's columns, in any order, are the index's leading key columns, and the
 * index is whole (no predicate) and valid. Compared by attribute number, never by name.
 */
export function indexCoversForeignKey(index: IndexFacts, fk: ForeignKeyFacts): boolean {
  if (index.tableOid !== fk.tableOid || !index.valid || index.predicate !== null) return false;
  const n = fk.columns.length;
  if (index.keyColumns.length < n) return false;
  if (index.method !== "btree" && !(index.method === "hash" && n === 1)) return false;
  const leading = new Set(index.keyColumns.slice(0, n));
  return fk.columns.every((attnum) => leading.has(attnum)) && leading.size === n;
}

/** The foreign keys that `index` covers and no other index of the table does. */
export function foreignKeysOnlyCoveredBy(
  index: IndexFacts,
  foreignKeys: readonly ForeignKeyFacts[],
  indexes: readonly IndexFacts[],
): ForeignKeyFacts[] {
  return foreignKeys.filter(
    (fk) =>
      indexCoversForeignKey(index, fk) &&
      !indexes.some((other) => other.oid !== index.oid && indexCoversForeignKey(other, fk)),
  );
}
