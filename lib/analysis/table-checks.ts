import { findingKey } from "./finding-key";
import type { Finding, NotValidConstraint, TableShape } from "./types";

/** PgHero's rule for tables that want an index: at least this many live rows… */
export const SEQ_SCAN_MIN_ROWS = 10_000;
/** …and fewer than this share of their scans through an index. */
export const SEQ_SCAN_MAX_INDEX_PERCENT = 95;

function tableFinding(
  kind: Finding["kind"],
  t: { schema: string; table: string },
  name: string,
  definition: string,
) {
  return {
    key: findingKey(kind, t.schema, t.table, name, definition),
    kind,
    index: null,
    schema: t.schema,
    table: t.table,
    sizeBytes: null,
    reasons: [],
    safeToDrop: false,
    writeRows: null,
  };
}

/** A CHECK or FOREIGN KEY added NOT VALID and never validated: old rows were never checked. */
export function findNotValidConstraints(constraints: readonly NotValidConstraint[]): Finding[] {
  return constraints.map((c) => ({
    ...tableFinding("not_valid_constraint", c, c.name, c.definition),
    columns: [],
    evidence: `${c.kind === "f" ? "foreign key" : "check constraint"} ${c.name} (${c.definition}) was added NOT VALID and never validated: rows from before it may break it, and the planner cannot rely on it. VALIDATE CONSTRAINT checks the old rows under a SHARE UPDATE EXCLUSIVE lock (reads and writes go on)`,
    // Validating changes no definition: there is nothing to undo.
    sql: {
      apply: c.validateSql,
      undo: "SELECT 'nothing to undo: VALIDATE CONSTRAINT only checked the existing rows'",
    },
    details: { constraint: c.name },
  }));
}

const REPLICA_IDENTITY = { d: "default", n: "nothing", f: "full", i: "an index" } as const;

/**
 * A table without a primary key: rows have no stable identity, and unless its replica
 * identity is FULL or an index, UPDATE and DELETE fail on it once it is published for
 * logical replication.
 */
export function findTablesWithoutPrimaryKey(tables: readonly TableShape[]): Finding[] {
  return tables
    .filter((t) => !t.hasPrimaryKey)
    .map((t) => {
      const identified = t.replicaIdentity === "f" || t.replicaIdentity === "i";
      return {
        ...tableFinding("no_primary_key", t, t.table, "no primary key"),
        columns: [],
        evidence: identified
          ? `no primary key; replica identity is ${REPLICA_IDENTITY[t.replicaIdentity]}, so logical replication can still find changed rows`
          : `no primary key, and replica identity ${REPLICA_IDENTITY[t.replicaIdentity]}: rows have no identity, and UPDATE and DELETE fail on this table once it is published for logical replication`,
        sql: null,
        details: { replicaIdentity: REPLICA_IDENTITY[t.replicaIdentity] },
      };
    });
}

/**
 * PgHero's missing-index rule: a table of many rows read mostly by sequential scans (index
 * scans under 95% of its scans). Like PgHero, a table with no index scan at all is left out
 * ("insufficient data": it may have no index a query could use).
 */
export function findSeqScanHeavyTables(tables: readonly TableShape[]): Finding[] {
  return tables.flatMap((t) => {
    const scans = t.seqScans + t.indexScans;
    if (t.liveRows < SEQ_SCAN_MIN_ROWS || t.indexScans === 0 || scans === 0) return [];
    const indexPercent = Math.floor((100 * t.indexScans) / scans);
    if (indexPercent >= SEQ_SCAN_MAX_INDEX_PERCENT) return [];
    const perScan = t.seqScans > 0 ? Math.round(t.seqRowsRead / t.seqScans) : 0;
    return [
      {
        ...tableFinding("seq_scan_heavy", t, t.table, "sequential scans"),
        columns: [],
        evidence: `${indexPercent}% of its scans used an index (${t.indexScans} index, ${t.seqScans} sequential, about ${perScan} rows read per sequential scan) on about ${t.liveRows} rows: the queries that scan it may want an index`,
        sql: null,
        details: { indexPercent, seqScans: t.seqScans, indexScans: t.indexScans, liveRows: t.liveRows },
      },
    ];
  });
}
