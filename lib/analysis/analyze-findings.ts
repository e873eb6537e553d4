import { type BloatThresholds, findBloatedIndexes } from "./bloat";
import { withExclusions } from "./exclusions";
import { type HitRatioRow, hitRatios } from "./hit-ratio";
import { findInvalidIndexes } from "./invalid";
import { findMissingForeignKeyIndexes } from "./missing-fk-index";
import { findDuplicateIndexes, findRedundantIndexes } from "./overlaps";
import type {
  BloatInputs,
  Finding,
  ForeignKeyFacts,
  IndexBuild,
  IndexFacts,
  IndexIo,
  TableActivity,
  UsageObservation,
} from "./types";
import { findUnusedIndexes } from "./unused";

export interface FindingsInput {
  indexes: IndexFacts[];
  foreignKeys: ForeignKeyFacts[];
  tables: TableActivity[];
  indexIo: IndexIo[];
  builds: IndexBuild[];
  bloat: BloatInputs[];
  observation: UsageObservation;
  minDays: number;
  bloatThresholds: BloatThresholds;
}

export interface FindingsReport {
  window: {
    since: string;
    days: number;
    source: UsageObservation["source"];
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
export function analyzeFindings(input: FindingsInput): FindingsReport {
  const activity = new Map(input.tables.map((t) => [t.tableOid, t]));
  const context = { ...input, activity };
  const unused = findUnusedIndexes(context);
  const findings = withExclusions(
    [
      ...unused.findings,
      ...findDuplicateIndexes(context),
      ...findRedundantIndexes(context),
      ...findInvalidIndexes(input.indexes, input.builds),
      ...findMissingForeignKeyIndexes(input.foreignKeys, input.indexes),
      ...findBloatedIndexes(input.indexes, input.bloat, input.bloatThresholds),
    ],
    input.indexes,
    input.foreignKeys,
  );
  return {
    window: {
      since: input.observation.since,
      days: input.observation.days,
      source: input.observation.source,
      complete: input.observation.complete,
      minDays: input.minDays,
      tooEarly: unused.tooEarly,
    },
    findings,
    tooEarlyCandidates: unused.tooEarlyCandidates,
    hitRatios: hitRatios(input.indexes, input.indexIo, input.tables),
  };
}
