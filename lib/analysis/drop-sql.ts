import { recreateSql } from "./concurrent-sql";
import type { ForeignKeyFacts, IndexFacts } from "./types";

/** Between statements of one apply/undo text: each must be run on its own. */
export const SQL_SEPARATOR = ";\n";

export function splitStatements(sql: string): string[] {
  return sql.split(SQL_SEPARATOR).filter((statement) => statement.trim().length > 0);
}

/**
 * The statements that remove an index and the ones that bring it back. An index that backs
 * a constraint goes with its constraint; one attached to a partitioned parent cannot be
 * dropped alone (null: there is no single statement). Foreign keys that point through it
 * (`referencing`) would make PostgreSQL refuse: they are dropped first, and the undo adds
 * them back NOT VALID then validates them, so that neither table is locked for the check.
 */
export function dropSqlFor(
  index: IndexFacts,
  referencing: readonly ForeignKeyFacts[] = [],
): { apply: string; undo: string } | null {
  const own = ownDropSql(index);
  if (!own || referencing.length === 0) return own;
  return {
    apply: [...referencing.map((fk) => fk.dropConstraintSql), own.apply].join(SQL_SEPARATOR),
    undo: [
      own.undo,
      ...referencing.map((fk) => fk.addNotValidSql),
      ...referencing.flatMap((fk) => (fk.validateSql ? [fk.validateSql] : [])),
    ].join(SQL_SEPARATOR),
  };
}

function ownDropSql(index: IndexFacts): { apply: string; undo: string } | null {
  if (index.parentIndexOid !== null) return null;
  if (index.constraint && index.sql.dropConstraint && index.sql.addConstraint) {
    return { apply: index.sql.dropConstraint, undo: index.sql.addConstraint };
  }
  const recreate = recreateSql(index.definition, index.partitionedIndex);
  // CREATE INDEX CONCURRENTLY must run alone (not in a transaction block): a second
  // statement follows on its own line, for psql or for a runner that splits on SQL_SEPARATOR.
  const undo = index.sql.restoreReplicaIdentity
    ? `${recreate}${SQL_SEPARATOR}${index.sql.restoreReplicaIdentity}`
    : recreate;
  return { apply: index.sql.dropIndex, undo };
}
