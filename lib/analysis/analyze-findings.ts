import { type BloatThresholds, findBloatedIndexes } from "./bloat";
import { findColumnShapeFindings } from "./column-shape-checks";
import { withExclusions } from "./exclusions";
import {
  findDuplicatedForeignKeys,
  findForeignKeyTypeMismatches,
  findIntersectingForeignKeys,
} from "./foreign-key-checks";
import { type HitRatioRow, hitRatios } from "./hit-ratio";
import { findInvalidIndexes } from "./invalid";
import { findMissingForeignKeyIndexes } from "./missing-fk-index";
import { withPartitionSizes } from "./observed-scans";
import { findDuplicateIndexes, findRedundantIndexes } from "./overlaps";
import { findNotValidConstraints, findSeqScanHeavyTables, findTablesWithoutPrimaryKey } from "./table-checks";
import type {
  BloatInputs,
  DuplicateKeys,
  EvidenceSource,
  Finding,
  FindingKind,
  ForeignKeyFacts,
  IndexBuild,
  IndexColumnFacts,
  IndexFacts,
  IndexIo,
  NotValidConstraint,
  TableActivity,
  TableShape,
  UsageObservation,
} from "./types";
import { evidenceSources, findUnusedIndexes } from "./unused";

export interface FindingsInput {
  indexes: IndexFacts[];
  foreignKeys: ForeignKeyFacts[];
  tables: TableActivity[];
  indexIo: IndexIo[];
  builds: IndexBuild[];
  bloat: BloatInputs[];
  indexColumns: IndexColumnFacts[];
  tableShapes: TableShape[];
  notValidConstraints: NotValidConstraint[];
  /** Duplicate keys under invalid unique indexes (absent: not looked for). */
  duplicateKeys?: DuplicateKeys[];
  observation: UsageObservation;
  minDays: number;
  bloatThresholds: BloatThresholds;
  /**
   * missing_index findings, decided beforehand from the stored plans and checked with hypopg
   * (lib/advisor): the one rule that needs the target's planner, so it cannot run in here.
   */
  missingIndexes?: Finding[];
  /** Kinds turned off (FINDINGS_DISABLED): their rules do not run. */
  disabledKinds?: ReadonlySet<FindingKind>;
}

export interface FindingsReport {
  window: {
    since: string;
    days: number;
    source: UsageObservation["source"];
    /** The stretches of evidence, oldest first: the server's counters, then indexwatch's history. */
    sources: EvidenceSource[];
    complete: boolean;
    minDays: number;
    tooEarly: boolean;
  };
  findings: Finding[];
  /** Zero-scan indexes while the window is shorter than minDays: candidates, not findings. */
  tooEarlyCandidates: Finding[];
  hitRatios: { indexes: HitRatioRow[]; tables: HitRatioRow[] };
}

/** Every rule over one snapshot of the catalog and one observation of usage. */
export function analyzeFindings(raw: FindingsInput): FindingsReport {
  // A partitioned index is as big as its partitions' indexes: every rule sees it so.
  const input = { ...raw, indexes: withPartitionSizes(raw.indexes) };
  const activity = new Map(input.tables.map((t) => [t.tableOid, t]));
  const context = { ...input, activity };
  const unused = findUnusedIndexes(context);
  const findings = withExclusions(
    [
      ...unused.findings,
      ...findDuplicateIndexes(context),
      ...findRedundantIndexes(context),
      ...findInvalidIndexes(input.indexes, input.builds, input.duplicateKeys),
      ...findMissingForeignKeyIndexes(input.foreignKeys, input.indexes),
      ...findBloatedIndexes(input.indexes, input.bloat, input.bloatThresholds),
      ...findColumnShapeFindings(input.indexes, input.indexColumns),
      ...findDuplicatedForeignKeys(input.foreignKeys),
      ...findIntersectingForeignKeys(input.foreignKeys),
      ...findForeignKeyTypeMismatches(input.foreignKeys),
      ...findNotValidConstraints(input.notValidConstraints),
      ...findTablesWithoutPrimaryKey(input.tableShapes),
      ...findSeqScanHeavyTables(input.tableShapes),
      ...(input.missingIndexes ?? []),
    ].filter((finding) => !input.disabledKinds?.has(finding.kind)),
    input.indexes,
    input.foreignKeys,
  );
  return {
    window: {
      since: input.observation.since,
      days: input.observation.days,
      source: input.observation.source,
      sources: evidenceSources(input.observation),
      complete: input.observation.complete,
      minDays: input.minDays,
      tooEarly: unused.tooEarly,
    },
    findings,
    tooEarlyCandidates: unused.tooEarlyCandidates,
    hitRatios: hitRatios(input.indexes, input.indexIo, input.tables),
  };
}
