import { findingKey } from "./finding-key";
import { parseFilterConditions, parseSortKeys } from "./plan-conditions";
import { suggestedIndexName, suggestIndexColumns } from "./suggest-index";
import { SEQ_SCAN_MIN_ROWS } from "./table-checks";
import type { Finding, IndexFacts, TableShape } from "./types";

/**
 * A scan under a filter is selective when the plan expects at most this share of the table's
 * rows back: reading 10% or less of a table through an index is where btrees start to win.
 */
export const MAX_SELECTIVE_SHARE = 0.1;
/** A hypothetical index must make the statements it serves at least this many times cheaper. */
export const MIN_COST_FACTOR = 2;

/** One Seq Scan node of a statement's generic plan (from the plan store). */
export interface PlannedSeqScan {
  queryid: string;
  query: string;
  tableOid: number;
  /** The node's Filter, as EXPLAIN prints it; null when it has none. */
  filter: string | null;
  /** Sort Key of the Sort node right above the scan (empty when none). */
  sortKeys: string[];
  /** Rows the planner expects out of the scan. */
  planRows: number;
}

/** What the advisor knows of a scanned table: its live columns and estimated rows (reltuples). */
export interface AdvisedTable {
  tableOid: number;
  schema: string;
  table: string;
  rows: number;
  columns: string[];
}

export interface MissingIndexCandidate {
  tableOid: number;
  schema: string;
  table: string;
  rows: number;
  columns: string[];
  indexName: string;
  /** Each statement once, with the filter or sort it scans under. */
  statements: {
    queryid: string;
    query: string;
    filter: string | null;
    sortKeys: string[];
    planRows: number;
  }[];
}

/** Whether a valid btree of the table already leads with these columns (the planner passed it over). */
function alreadyIndexed(
  indexes: readonly IndexFacts[],
  tableOid: number,
  columns: readonly string[],
): boolean {
  return indexes.some(
    (index) =>
      index.tableOid === tableOid &&
      index.valid &&
      index.method === "btree" &&
      index.predicate === null &&
      columns.every((column, i) => index.keyColumns[i] !== 0 && index.columnNames[i] === column),
  );
}

/**
 * The indexes the plans ask for: a Seq Scan of a table of at least SEQ_SCAN_MIN_ROWS rows
 * (PgHero's size) under a selective filter (at most MAX_SELECTIVE_SHARE of its rows expected)
 * or feeding a sort, whose filter and sort keys name plain columns. The statements that ask
 * for the same columns of the same table share one suggestion.
 */
export function findMissingIndexCandidates(
  scans: readonly PlannedSeqScan[],
  tables: readonly AdvisedTable[],
  indexes: readonly IndexFacts[],
): MissingIndexCandidate[] {
  const byOid = new Map(tables.map((t) => [t.tableOid, t]));
  const candidates = new Map<string, MissingIndexCandidate>();
  for (const scan of scans) {
    const table = byOid.get(scan.tableOid);
    if (!table || table.rows < SEQ_SCAN_MIN_ROWS) continue;
    const selective = scan.filter !== null && scan.planRows <= table.rows * MAX_SELECTIVE_SHARE;
    const conditions = selective && scan.filter ? parseFilterConditions(scan.filter, table.columns) : [];
    const sortKeys = parseSortKeys(scan.sortKeys, table.columns);
    const columns = suggestIndexColumns(conditions, sortKeys);
    if (columns.length === 0 || alreadyIndexed(indexes, table.tableOid, columns)) continue;
    const key = JSON.stringify([table.tableOid, columns]);
    const candidate = candidates.get(key) ?? {
      tableOid: table.tableOid,
      schema: table.schema,
      table: table.table,
      rows: table.rows,
      columns,
      indexName: suggestedIndexName(table.table, columns),
      statements: [],
    };
    if (!candidate.statements.some((s) => s.queryid === scan.queryid)) {
      candidate.statements.push({
        queryid: scan.queryid,
        query: scan.query,
        filter: scan.filter,
        sortKeys: scan.sortKeys,
        planRows: scan.planRows,
      });
    }
    candidates.set(key, candidate);
  }
  return [...candidates.values()];
}

/** Cost of the statements a suggestion serves, summed, without and with its hypothetical index. */
export interface CostCheck {
  costBefore: number;
  costAfter: number;
  statements: { queryid: string; costBefore: number; costAfter: number }[];
}

export interface CheckedCandidate {
  candidate: MissingIndexCandidate;
  sql: { create: string; drop: string };
  /** Null: not verified (no hypopg on the target), `reason` says why. */
  check: CostCheck | null;
  reason: string | null;
}

/** A checked suggestion stays only when its index cuts the statements' cost by MIN_COST_FACTOR. */
export function cutsCostEnough(check: CostCheck): boolean {
  return check.costAfter * MIN_COST_FACTOR <= check.costBefore;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * missing_index findings: the candidates hypopg confirmed (and those no one could check,
 * labelled "not verified"); a checked one that does not cut cost enough is dropped. The table's
 * own reads (PgHero's share of index scans) are quoted when they agree.
 */
export function missingIndexFindings(
  checked: readonly CheckedCandidate[],
  shapes: readonly TableShape[],
): Finding[] {
  const shapeOf = new Map(shapes.map((s) => [s.tableOid, s]));
  return checked.flatMap(({ candidate: c, sql, check, reason }): Finding[] => {
    if (check && !cutsCostEnough(check)) return [];
    const shape = shapeOf.get(c.tableOid);
    const scans = shape ? shape.seqScans + shape.indexScans : 0;
    const reads =
      shape && scans > 0
        ? `; ${Math.floor((100 * shape.indexScans) / scans)}% of the table's scans used an index (${shape.seqScans} sequential)`
        : "";
    const what = c.statements
      .map((s) => (s.filter ? `filter ${s.filter}` : `sort ${s.sortKeys.join(", ")}`))
      .filter((text, i, all) => all.indexOf(text) === i)
      .join("; ");
    const verdict = check
      ? `verified with hypopg: cost ${round(check.costBefore)} → ${round(check.costAfter)} (${round(check.costBefore / Math.max(check.costAfter, 0.01))}× cheaper)`
      : `not verified: ${reason ?? "hypopg is not installed on the target"}`;
    return [
      {
        key: findingKey("missing_index", c.schema, c.table, c.indexName, sql.create),
        kind: "missing_index",
        index: null,
        schema: c.schema,
        table: c.table,
        columns: c.columns,
        sizeBytes: null,
        evidence: `${c.statements.length === 1 ? "1 statement plans" : `${c.statements.length} statements plan`} a sequential scan of about ${c.rows} rows (${what})${reads}; ${verdict}`,
        reasons: [],
        safeToDrop: false,
        writeRows: null,
        sql: { apply: sql.create, undo: sql.drop },
        details: {
          verified: check !== null,
          costBefore: check ? round(check.costBefore) : null,
          costAfter: check ? round(check.costAfter) : null,
          statements: c.statements.length,
          queryids: c.statements.map((s) => s.queryid).join(","),
          indexName: c.indexName,
        },
      },
    ];
  });
}
