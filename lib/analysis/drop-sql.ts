import { recreateSql } from "./concurrent-sql";
import type { IndexFacts } from "./types";

/** Between statements of one apply/undo text: each must be run on its own. */
export const SQL_SEPARATOR = ";\n";

export function splitStatements(sql: string): string[] {
  return sql.split(SQL_SEPARATOR).filter((statement) => statement.trim().length > 0);
}

/**
 * The statement that removes an index and the one that brings it back. An index that backs
 * a constraint goes with its constraint; one attached to a partitioned parent cannot be
 * dropped alone (null: there is no single statement).
 */
export function dropSqlFor(index: IndexFacts): { apply: string; undo: string } | null {
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
