import { findingKey } from "./finding-key";
import { byTable, indexCoversForeignKey } from "./fk-coverage";
import type { Finding, ForeignKeyFacts, IndexFacts } from "./types";

/**
 * A foreign key whose columns lead no index of the referencing table: every DELETE or key
 * UPDATE on the parent scans the whole child table (under lock) to check it.
 */
export function findMissingForeignKeyIndexes(
  foreignKeys: readonly ForeignKeyFacts[],
  indexes: readonly IndexFacts[],
): Finding[] {
  return foreignKeys
    .filter(
      (fk) => !(byTable(indexes).get(fk.tableOid) ?? []).some((index) => indexCoversForeignKey(index, fk)),
    )
    .map(
      (fk): Finding => ({
        key: findingKey("missing_fk_index", fk.schema, fk.table, fk.constraintName, fk.definition),
        kind: "missing_fk_index",
        index: null,
        schema: fk.schema,
        table: fk.table,
        columns: fk.columnNames,
        sizeBytes: null,
        evidence: `foreign key ${fk.constraintName} (${fk.definition}) has no index with ${fk.columnNames.join(", ")} as leading columns: deletes and key updates on ${fk.referencedTable} scan ${fk.table}`,
        reasons: [],
        safeToDrop: false,
        writeRows: null,
        sql: { apply: fk.createIndexSql, undo: fk.dropCreatedIndexSql },
      }),
    );
}
