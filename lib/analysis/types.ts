/**
 * Plain inputs and outputs of the findings analysis. Everything here is data: the catalog
 * queries (lib/catalog/findings-*.ts) fill it on a server, fixture builders fill it in unit
 * tests (test/fixtures/findings-fixture.ts), and the rules never touch a database.
 */

export type ConstraintKind = "p" | "u" | "x";

/** One index as pg_index describes it: identity of columns by attribute number, never by name. */
export interface IndexFacts {
  oid: number;
  tableOid: number;
  schema: string;
  table: string;
  name: string;
  method: string;
  /** pg_get_indexdef: the exact definition, used for the undo SQL and the ignore key. */
  definition: string;
  /** Key columns (indnkeyatts of indkey); 0 marks an expression column. */
  keyColumns: number[];
  /** Display text of each key column: its name, or the expression. */
  columnNames: string[];
  /** INCLUDE columns (the rest of indkey). */
  includeColumns: number[];
  /** indclass, indcollation, indoption of the key columns, position by position. */
  opclasses: number[];
  collations: number[];
  options: number[];
  /** pg_get_expr(indexprs) / pg_get_expr(indpred), null when absent. */
  expressions: string | null;
  predicate: string | null;
  unique: boolean;
  /** A unique index with NULLS NOT DISTINCT (PostgreSQL 15+): stricter than a plain unique one. */
  nullsNotDistinct: boolean;
  primary: boolean;
  valid: boolean;
  ready: boolean;
  constraint: { name: string; kind: ConstraintKind } | null;
  replicaIdentity: boolean;
  /** relkind 'I': the parent index of a partitioned table. */
  partitionedIndex: boolean;
  /** The partitioned index this one is attached to, if any. */
  parentIndexOid: number | null;
  tableIsPartition: boolean;
  /** How many indexes the table has (this one included). */
  tableIndexCount: number;
  sizeBytes: number | null;
  /** idx_scan now (since the last reset); null for partitioned indexes, which have no counters. */
  liveScans: number | null;
  /** SQL quoted by the database (format('%I')), ready to run. */
  sql: {
    dropIndex: string;
    /** ALTER TABLE … DROP CONSTRAINT … when the index backs a constraint. */
    dropConstraint: string | null;
    /** ALTER TABLE … ADD CONSTRAINT … to undo a constraint drop. */
    addConstraint: string | null;
    /** REINDEX INDEX CONCURRENTLY …, the cure for bloat. */
    reindex: string;
    /** ALTER TABLE … REPLICA IDENTITY USING INDEX …, when the index is the replica identity. */
    restoreReplicaIdentity: string | null;
  };
}

export interface ForeignKeyFacts {
  constraintOid: number;
  constraintName: string;
  tableOid: number;
  schema: string;
  table: string;
  /** conkey, in constraint order. */
  columns: number[];
  columnNames: string[];
  referencedTable: string;
  /** The unique index on the referenced table that the key points through (conindid). */
  referencedIndexOid: number;
  referencedTableOid: number;
  /** confkey, position by position with `columns`. */
  referencedColumns: number[];
  /** Types of the key columns and of the columns they reference (oids, and as format_type shows them). */
  columnTypeOids: number[];
  referencedTypeOids: number[];
  columnTypes: string[];
  referencedTypes: string[];
  definition: string;
  /** CREATE INDEX [CONCURRENTLY] "name" ON … (…), quoted by the database. */
  createIndexSql: string;
  /** DROP INDEX [CONCURRENTLY] of the index createIndexSql makes. */
  dropCreatedIndexSql: string;
  /** The key's own DROP, and its ADD … NOT VALID then VALIDATE, quoted by the database. */
  dropConstraintSql: string;
  addNotValidSql: string;
  /** Null for a key that was NOT VALID: bringing it back leaves it so. */
  validateSql: string | null;
}

export interface TableActivity {
  tableOid: number;
  schema: string;
  table: string;
  inserts: number;
  updates: number;
  hotUpdates: number;
  deletes: number;
  heapBlocksHit: number;
  heapBlocksRead: number;
  indexBlocksHit: number;
  indexBlocksRead: number;
}

export interface IndexIo {
  oid: number;
  blocksHit: number;
  blocksRead: number;
}

/** A row of pg_stat_progress_create_index. */
export interface IndexBuild {
  pid: number;
  tableOid: number;
  /** 0 until the index exists in the catalog. */
  indexOid: number;
  command: string;
  phase: string;
}

/** What the bloat estimate needs of one btree index. */
export interface BloatInputs {
  oid: number;
  blockSize: number;
  relpages: number;
  /** pg_class.reltuples of the index; negative when never vacuumed or analyzed. */
  reltuples: number;
  fillfactor: number;
  /** Per key+include column: average width from pg_stats (null when no statistics). */
  columnWidths: (number | null)[];
  /** Per column: null fraction from pg_stats (null when no statistics). */
  nullFractions: (number | null)[];
  /** Per column: attlen of the index attribute; -1 (varlena) or -2 (cstring) for variable width. */
  columnLengths: number[];
}

/**
 * One stretch of the evidence: the server's own counters before indexwatch watched, its
 * history, or (the demo alone) the simulated past the demo was given on its first start.
 */
export interface EvidenceSource {
  kind: "server" | "history" | "simulated";
  since: string;
  days: number;
}

/**
 * The usage observed over a window: the stored history, the live counters, or both joined
 * ("server_and_history": the server's counter window began before the history and no reset
 * came between, so its counters cover both stretches), or on the demo its simulated past
 * and then the history ("simulated_and_history", labelled so wherever it is shown).
 */
export interface UsageObservation {
  source: "history" | "live_stats" | "server_and_history" | "simulated_and_history";
  since: string;
  days: number;
  /** The stretches the window is made of, oldest first (absent: one stretch of `source`). */
  sources?: EvidenceSource[];
  /** False when some server was not observed for the whole window. */
  complete: boolean;
  /** Scans over the window, across resets and servers, by current index oid. */
  scans: Map<number, { scans: number; firstSeenAt: string | null }>;
}

/** What the column-shape checks know of one index (lib/catalog/findings-index-columns.ts). */
export interface IndexColumnFacts {
  oid: number;
  /** pg_type.typcategory of each key column: 'A' array, 'B' boolean. */
  keyTypeCategories: string[];
  keyTypes: string[];
  /** The leading key when it is a plain column, quoted by the database too. */
  leadingColumn: string | null;
  leadingColumnQuoted: string | null;
  /** From pg_stats: null when the role may not read the table's statistics, or none were gathered. */
  leadingNullFraction: number | null;
  /** pg_stats.n_distinct: a count when positive, minus a fraction of the rows when negative. */
  leadingDistinct: number | null;
  tableRows: number;
  /** The table's NOT NULL columns, for partial indexes (null otherwise). */
  tableNotNullColumns: string[] | null;
  /** Name and schema-qualified name a `WHERE leading IS NOT NULL` variant would take, quoted. */
  notNullVariantName: string;
  notNullVariantQualified: string;
}

/** Duplicate key values under an invalid unique index: what a rebuild would fail on. */
export interface DuplicateKeys {
  oid: number;
  /** The query that lists them, written by the database. */
  listSql: string;
  /** How many key values are duplicated; null when it could not be counted (`unknown` says why). */
  count: number | null;
  unknown: string | null;
}

/** A table as its shape and its reads tell (lib/catalog/findings-table-shape.ts). */
export interface TableShape {
  tableOid: number;
  schema: string;
  table: string;
  partitioned: boolean;
  hasPrimaryKey: boolean;
  replicaIdentity: "d" | "n" | "f" | "i";
  liveRows: number;
  seqScans: number;
  seqRowsRead: number;
  indexScans: number;
}

export interface NotValidConstraint {
  constraintOid: number;
  tableOid: number;
  schema: string;
  table: string;
  name: string;
  kind: "c" | "f";
  definition: string;
  validateSql: string;
}

export const FINDING_KINDS = [
  "unused",
  "duplicate",
  "redundant",
  "invalid",
  "missing_fk_index",
  "bloat",
  "btree_on_array",
  "mostly_null_leading",
  "low_cardinality_leading",
  "unnecessary_predicate",
  "duplicated_foreign_key",
  "intersecting_foreign_keys",
  "fk_type_mismatch",
  "not_valid_constraint",
  "no_primary_key",
  "seq_scan_heavy",
  "missing_index",
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

export interface FindingReason {
  code: string;
  message: string;
}

export interface FindingIndexRef {
  oid: number;
  schema: string;
  table: string;
  name: string;
}

export interface Finding {
  /** kind + schema.table.name + a hash of the definition: a changed index is a new finding. */
  key: string;
  kind: FindingKind;
  index: FindingIndexRef | null;
  schema: string;
  table: string;
  columns: string[];
  sizeBytes: number | null;
  /** What the finding rests on (scans, window, the index to keep…). */
  evidence: string;
  /** Why applying it would be unsafe or unwise; empty means nothing stands in the way. */
  reasons: FindingReason[];
  safeToDrop: boolean;
  /** Write work a drop would save: inserts and non-HOT updates of the table. */
  writeRows: number | null;
  /** Null when no single statement applies (an index attached to a partitioned parent). */
  sql: { apply: string; undo: string } | null;
  /**
   * Keys of the findings this one cannot be applied together with: each is safe only while
   * the other's index stays (lib/analysis/exclusions.ts). Empty when it stands alone.
   */
  excludes?: string[];
  /** Bloat estimates and such: extra figures of the finding. */
  details?: Record<string, string | number | boolean | null>;
}
