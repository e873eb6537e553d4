import { findingKey } from "./finding-key";
import type { BloatInputs, Finding, IndexFacts } from "./types";

export type BloatConfidence = "high" | "medium" | "low";

export interface BloatEstimate {
  oid: number;
  sizeBytes: number;
  expectedBytes: number;
  freeBytes: number;
  freePercent: number;
  confidence: BloatConfidence;
}

const MAXALIGN = 8;
const PAGE_HEADER = 24;
const BTREE_SPECIAL = 16;
const INDEX_TUPLE_HEADER = 8;
const LINE_POINTER = 4;

const align = (n: number) => Math.ceil(n / MAXALIGN) * MAXALIGN;

/**
 * What a freshly built btree would take, from table statistics: per tuple an IndexTuple
 * header, a null bitmap when columns hold NULLs, the average widths of its columns (from
 * pg_stats), MAXALIGNed, plus a line pointer; leaf pages filled to fillfactor; one meta page.
 * The difference to the real size is free space. Internal pages and btree deduplication
 * (PG13+) are left out: the estimate errs towards less bloat.
 * Null when the index was never vacuumed or analyzed (reltuples < 0), is empty, or has a
 * variable-width column with no statistics the role can read.
 */
export function estimateBtreeBloat(input: BloatInputs): BloatEstimate | null {
  if (input.reltuples < 0 || input.relpages <= 1) return null;
  // Without statistics a fixed-width column still has its exact width (attlen); a
  // variable-width one has none, and a guess would invent bloat: no estimate then.
  const widths = input.columnWidths.map((w, i) => {
    const length = input.columnLengths[i] ?? -1;
    return w ?? (length > 0 ? length : null);
  });
  if (widths.some((w) => w === null)) return null;
  const statsKnown = input.columnWidths.every((w) => w !== null);
  const data = widths.reduce<number>((sum, w, i) => sum + (w ?? 0) * (1 - (input.nullFractions[i] ?? 0)), 0);
  const hasNulls = input.nullFractions.some((f) => (f ?? 0) > 0);
  const tuple = align(INDEX_TUPLE_HEADER + (hasNulls ? MAXALIGN : 0) + data) + LINE_POINTER;
  const usable = (input.blockSize - PAGE_HEADER - BTREE_SPECIAL) * (input.fillfactor / 100);
  const leafPages = Math.ceil((input.reltuples * tuple) / usable);
  const expectedPages = Math.min(input.relpages, leafPages + 1);
  const sizeBytes = input.relpages * input.blockSize;
  const freeBytes = (input.relpages - expectedPages) * input.blockSize;
  // Small indexes are dominated by page granularity; no statistics means NULLs are unknown.
  const confidence: BloatConfidence = !statsKnown ? "medium" : input.relpages < 128 ? "low" : "high";
  return {
    oid: input.oid,
    sizeBytes,
    expectedBytes: expectedPages * input.blockSize,
    freeBytes,
    freePercent: sizeBytes > 0 ? (freeBytes / sizeBytes) * 100 : 0,
    confidence,
  };
}

export interface BloatThresholds {
  minPercent: number;
  minBytes: number;
}

/** A bloat finding when both the share and the amount of free space pass their thresholds. */
export function findBloatedIndexes(
  indexes: readonly IndexFacts[],
  inputs: readonly BloatInputs[],
  thresholds: BloatThresholds,
): Finding[] {
  const byOid = new Map(indexes.map((i) => [i.oid, i]));
  const findings: Finding[] = [];
  for (const input of inputs) {
    const index = byOid.get(input.oid);
    const estimate = estimateBtreeBloat(input);
    if (!index || !estimate || !index.valid) continue;
    if (estimate.freePercent < thresholds.minPercent || estimate.freeBytes < thresholds.minBytes) continue;
    findings.push({
      key: findingKey("bloat", index.schema, index.table, index.name, index.definition),
      kind: "bloat",
      index: { oid: index.oid, schema: index.schema, table: index.table, name: index.name },
      schema: index.schema,
      table: index.table,
      columns: index.columnNames,
      sizeBytes: index.sizeBytes,
      evidence: `about ${Math.round(estimate.freePercent)}% free space (estimated from table statistics, ${estimate.confidence} confidence): a rebuild would take it from ${estimate.sizeBytes} to about ${estimate.expectedBytes} bytes`,
      reasons: [],
      safeToDrop: false,
      writeRows: null,
      sql: {
        apply: index.sql.reindex,
        undo: "-- nothing to undo: REINDEX rebuilds the same definition",
      },
      details: {
        estimatedFreeBytes: estimate.freeBytes,
        estimatedFreePercent: Math.round(estimate.freePercent * 10) / 10,
        confidence: estimate.confidence,
      },
    });
  }
  return findings.sort(
    (a, b) => Number(b.details?.estimatedFreeBytes) - Number(a.details?.estimatedFreeBytes),
  );
}
