import { foreignKeysOnlyCoveredBy } from "./fk-coverage";
import type { FindingReason, ForeignKeyFacts, IndexFacts } from "./types";

const CONSTRAINT_REASONS = {
  p: { code: "backs_primary_key", what: "primary key" },
  u: { code: "backs_unique_constraint", what: "unique constraint" },
  x: { code: "backs_exclusion_constraint", what: "exclusion constraint" },
} as const;

const referencingCache = new WeakMap<readonly ForeignKeyFacts[], Map<number, ForeignKeyFacts[]>>();

/** Foreign keys by the index they point through (conindid), grouped once per list. */
export function referencingKeys(foreignKeys: readonly ForeignKeyFacts[]): Map<number, ForeignKeyFacts[]> {
  let map = referencingCache.get(foreignKeys);
  if (!map) {
    map = new Map();
    for (const fk of foreignKeys)
      map.set(fk.referencedIndexOid, [...(map.get(fk.referencedIndexOid) ?? []), fk]);
    referencingCache.set(foreignKeys, map);
  }
  return map;
}

export interface DropRiskContext {
  indexes: readonly IndexFacts[];
  foreignKeys: readonly ForeignKeyFacts[];
}

/**
 * Why dropping an index would be unsafe or unwise, whatever its scan count says. Each
 * reason is its own flag; an index with none is safe to drop.
 * `intentional`: flag expression and partial indexes (someone wrote them on purpose); a
 * duplicate of one is still a duplicate, so the duplicate rules pass false.
 */
export function dropRisks(
  index: IndexFacts,
  context: DropRiskContext,
  intentional: boolean,
): FindingReason[] {
  const reasons: FindingReason[] = [];
  if (index.constraint) {
    const c = CONSTRAINT_REASONS[index.constraint.kind];
    reasons.push({
      code: c.code,
      message: `backs the ${c.what} ${index.constraint.name}: it enforces a rule even with zero scans; it goes only with ALTER TABLE … DROP CONSTRAINT`,
    });
  } else if (index.unique) {
    reasons.push({
      code: "enforces_uniqueness",
      message: "a unique index: it rejects duplicate rows even with zero scans",
    });
  }
  const referencing = referencingKeys(context.foreignKeys).get(index.oid) ?? [];
  if (referencing.length > 0) {
    reasons.push({
      code: "referenced_by_foreign_key",
      message: `foreign key ${referencing.map((fk) => `${fk.table}.${fk.constraintName}`).join(", ")} points through it: it cannot go without dropping ${referencing.length === 1 ? "that key" : "those keys"} (the SQL does, and its undo adds ${referencing.length === 1 ? "it" : "them"} back)`,
    });
  }
  if (index.replicaIdentity) {
    reasons.push({
      code: "replica_identity",
      message: "the table's replica identity: logical replication uses it to find changed rows",
    });
  }
  for (const fk of foreignKeysOnlyCoveredBy(index, context.foreignKeys, context.indexes)) {
    reasons.push({
      code: "supports_foreign_key",
      message: `the only index behind foreign key ${fk.constraintName} (${fk.columnNames.join(", ")} → ${fk.referencedTable}): deletes and updates on the parent use it`,
    });
  }
  if (index.partitionedIndex) {
    reasons.push({
      code: "partitioned_index",
      message:
        "the index of a partitioned table: dropping it drops it on every partition, and not concurrently",
    });
  }
  if (index.parentIndexOid !== null) {
    reasons.push({
      code: "belongs_to_partitioned_index",
      message: "attached to a partitioned index: it can only be dropped with its parent",
    });
  }
  if (index.tableIsPartition && index.tableIndexCount === 1) {
    reasons.push({ code: "only_index_of_partition", message: "the only index of this partition" });
  }
  if (intentional && index.expressions !== null) {
    reasons.push({ code: "expression_index", message: "an expression index: someone wrote it on purpose" });
  }
  if (intentional && index.predicate !== null) {
    reasons.push({
      code: "partial_index",
      message: `a partial index (WHERE ${index.predicate}): someone wrote it on purpose`,
    });
  }
  return reasons;
}
