import type {
  BloatInputs,
  DuplicateKeys,
  ForeignKeyFacts,
  IndexBuild,
  IndexColumnFacts,
  IndexFacts,
  IndexIo,
  NotValidConstraint,
  TableActivity,
  TableShape,
} from "@/lib/analysis/types";
import { listBloatInputs } from "@/lib/catalog/findings-bloat-inputs";
import { countDuplicateKeys, listDuplicateKeyChecks } from "@/lib/catalog/findings-duplicate-keys";
import { listForeignKeys } from "@/lib/catalog/findings-foreign-keys";
import { listIndexBuilds } from "@/lib/catalog/findings-index-builds";
import { listIndexColumns } from "@/lib/catalog/findings-index-columns";
import { listIndexIo } from "@/lib/catalog/findings-index-io";
import { type FindingsIndexRow, listFindingsIndexes } from "@/lib/catalog/findings-indexes";
import { listNotValidConstraints } from "@/lib/catalog/findings-not-valid-constraints";
import { listTableActivity } from "@/lib/catalog/findings-table-activity";
import { listTableShapes } from "@/lib/catalog/findings-table-shape";
import type { Queryable } from "@/lib/db/query";

export interface CatalogFacts {
  indexes: IndexFacts[];
  foreignKeys: ForeignKeyFacts[];
  tables: TableActivity[];
  indexIo: IndexIo[];
  builds: IndexBuild[];
  bloat: BloatInputs[];
  indexColumns: IndexColumnFacts[];
  tableShapes: TableShape[];
  notValidConstraints: NotValidConstraint[];
  duplicateKeys: DuplicateKeys[];
  /** Indexes left out because an ACCESS EXCLUSIVE lock kept us from reading their definition. */
  skippedLocked: { schema: string; table: string; name: string }[];
}

export function toIndexFacts(row: FindingsIndexRow & { definition: string }): IndexFacts {
  return {
    oid: row.oid,
    tableOid: row.table_oid,
    schema: row.schema,
    table: row.table,
    name: row.name,
    method: row.method,
    definition: row.definition,
    keyColumns: row.key_columns,
    columnNames: row.column_names ?? [],
    includeColumns: row.include_columns,
    opclasses: row.opclasses,
    collations: row.collations,
    options: row.options,
    expressions: row.expressions,
    predicate: row.predicate,
    unique: row.unique,
    nullsNotDistinct: row.nulls_not_distinct,
    primary: row.primary,
    valid: row.valid,
    ready: row.ready,
    constraint:
      row.constraint_name && row.constraint_type
        ? { name: row.constraint_name, kind: row.constraint_type }
        : null,
    replicaIdentity: row.replica_identity,
    partitionedIndex: row.partitioned_index,
    parentIndexOid: row.parent_index_oid,
    tableIsPartition: row.table_is_partition,
    tableIndexCount: row.table_index_count,
    sizeBytes: row.size_bytes,
    liveScans: row.live_scans,
    sql: {
      dropIndex: row.drop_index_sql,
      dropConstraint: row.drop_constraint_sql,
      addConstraint: row.add_constraint_sql,
      reindex: row.reindex_sql,
      restoreReplicaIdentity: row.restore_replica_identity_sql,
    },
  };
}

/**
 * One snapshot of everything the findings rules read from the target. The queries are
 * independent and cheap (catalog and statistics views), so they run one after the other on
 * the monitoring pool rather than holding several of its few connections.
 */
export async function readCatalogFacts(db: Queryable): Promise<CatalogFacts> {
  const indexRows = await listFindingsIndexes(db);
  const foreignKeys = await listForeignKeys(db);
  const tables = await listTableActivity(db);
  const indexIo = await listIndexIo(db);
  const builds = await listIndexBuilds(db);
  const bloat = await listBloatInputs(db);
  const indexColumns = await listIndexColumns(db);
  const tableShapes = await listTableShapes(db);
  const notValidConstraints = await listNotValidConstraints(db);
  // Invalid unique indexes are rare; each count reads its table once, under the timeout.
  const duplicateKeys: DuplicateKeys[] = [];
  for (const check of await listDuplicateKeyChecks(db)) {
    duplicateKeys.push({
      oid: check.oid,
      listSql: check.list_sql,
      ...(await countDuplicateKeys(db, check.list_sql)),
    });
  }
  const readable = indexRows.filter(
    (row): row is FindingsIndexRow & { definition: string } => row.definition !== null,
  );
  return {
    indexes: readable.map(toIndexFacts),
    skippedLocked: indexRows
      .filter((row) => row.definition === null)
      .map((row) => ({ schema: row.schema, table: row.table, name: row.name })),
    foreignKeys: foreignKeys.map((fk) => ({
      constraintOid: fk.constraint_oid,
      constraintName: fk.constraint_name,
      tableOid: fk.table_oid,
      schema: fk.schema,
      table: fk.table,
      columns: fk.columns,
      columnNames: fk.column_names,
      referencedTable: fk.referenced_table,
      referencedIndexOid: fk.referenced_index_oid,
      referencedTableOid: fk.referenced_table_oid,
      referencedColumns: fk.referenced_columns,
      columnTypeOids: fk.column_type_oids,
      referencedTypeOids: fk.referenced_type_oids,
      columnTypes: fk.column_types,
      referencedTypes: fk.referenced_types,
      definition: fk.definition,
      createIndexSql: fk.create_index_sql,
      dropCreatedIndexSql: fk.drop_created_index_sql,
      dropConstraintSql: fk.drop_constraint_sql,
      addNotValidSql: fk.add_not_valid_sql,
      validateSql: fk.validate_sql,
    })),
    tables: tables.map((t) => ({
      tableOid: t.table_oid,
      schema: t.schema,
      table: t.table,
      inserts: t.inserts,
      updates: t.updates,
      hotUpdates: t.hot_updates,
      deletes: t.deletes,
      heapBlocksHit: t.heap_blocks_hit,
      heapBlocksRead: t.heap_blocks_read,
      indexBlocksHit: t.index_blocks_hit,
      indexBlocksRead: t.index_blocks_read,
    })),
    indexIo: indexIo.map((r) => ({ oid: r.oid, blocksHit: r.blocks_hit, blocksRead: r.blocks_read })),
    builds: builds.map((b) => ({
      pid: b.pid,
      tableOid: b.table_oid,
      indexOid: b.index_oid,
      command: b.command,
      phase: b.phase,
    })),
    bloat: bloat.map((b) => ({
      oid: b.oid,
      blockSize: b.block_size,
      relpages: b.relpages,
      reltuples: b.reltuples,
      fillfactor: b.fillfactor,
      columnWidths: b.column_widths,
      nullFractions: b.null_fractions,
      columnLengths: b.column_lengths,
    })),
    indexColumns: indexColumns.map((c) => ({
      oid: c.oid,
      keyTypeCategories: c.key_type_categories,
      keyTypes: c.key_types,
      leadingColumn: c.leading_column,
      leadingColumnQuoted: c.leading_column_quoted,
      leadingNullFraction: c.leading_null_fraction,
      leadingDistinct: c.leading_n_distinct,
      tableRows: c.table_rows,
      tableNotNullColumns: c.table_not_null_columns,
      notNullVariantName: c.not_null_variant_name,
      notNullVariantQualified: c.not_null_variant_qualified,
    })),
    tableShapes: tableShapes.map((t) => ({
      tableOid: t.table_oid,
      schema: t.schema,
      table: t.table,
      partitioned: t.partitioned,
      hasPrimaryKey: t.has_primary_key,
      replicaIdentity: t.replica_identity,
      liveRows: t.live_rows,
      seqScans: t.seq_scans,
      seqRowsRead: t.seq_rows_read,
      indexScans: t.index_scans,
    })),
    duplicateKeys,
    notValidConstraints: notValidConstraints.map((c) => ({
      constraintOid: c.constraint_oid,
      tableOid: c.table_oid,
      schema: c.schema,
      table: c.table,
      name: c.name,
      kind: c.kind,
      definition: c.definition,
      validateSql: c.validate_sql,
    })),
  };
}
