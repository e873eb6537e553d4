import { dropRisks, referencingKeys } from "./drop-risks";
import { dropSqlFor } from "./drop-sql";
import { findingKey } from "./finding-key";
import { childrenByParent, usageOf } from "./observed-scans";
import { spanOf } from "./span-text";
import type {
  EvidenceSource,
  Finding,
  FindingIndexRef,
  FindingReason,
  ForeignKeyFacts,
  IndexFacts,
  TableActivity,
  UsageObservation,
} from "./types";
import { indexWriteRows } from "./write-work";

export interface UnusedInput {
  indexes: readonly IndexFacts[];
  foreignKeys: readonly ForeignKeyFacts[];
  activity: ReadonlyMap<number, TableActivity>;
  observation: UsageObservation;
  minDays: number;
}

export interface UnusedResult {
  /** The window is shorter than minDays: zero scans do not mean unused yet. */
  tooEarly: boolean;
  findings: Finding[];
  /**
   * While it is too early to tell: the zero-scan indexes so far, with their flags and SQL,
   * to be shown as candidates, never as unused (empty otherwise).
   */
  tooEarlyCandidates: Finding[];
}

/** The stretches of a window, oldest first; a window of one source is one stretch. */
export function evidenceSources(observation: UsageObservation): EvidenceSource[] {
  if (observation.sources?.length) return observation.sources;
  const kind = observation.source === "history" ? "history" : "server";
  return [{ kind, since: observation.since, days: observation.days }];
}

const SOURCE_WORDS = {
  server: "from the server's counters",
  history: "observed by indexwatch",
  simulated: "of simulated demo history",
} as const;

export function describeWindow(observation: UsageObservation): string {
  const sources = evidenceSources(observation);
  if (sources.length > 1) {
    // Full instants: the pages show them as "3 h ago", the exact time and zone on hover.
    const parts = sources.map((s) => `${spanOf(s.days)} ${SOURCE_WORDS[s.kind]} since ${s.since}`);
    return `no scans in ${spanOf(observation.days)}: ${parts.join(", ")}`;
  }
  const source =
    observation.source === "live_stats"
      ? " (live statistics since the last reset: no stored history yet)"
      : "";
  return `no scans in ${spanOf(observation.days)} of observation, since ${observation.since}${source}`;
}

const DAY_MS = 86_400_000;

/**
 * Where a verdict rests on the server's counters (the window reaches back into them and spans
 * minDays), an index the history first saw at its start may be younger than the window:
 * nothing in the catalog says when it was made. Its own watching proves it only once that
 * alone spans minDays.
 */
function ageUnknownReason(
  firstSeenAt: string,
  observation: UsageObservation,
  minDays: number,
): FindingReason | null {
  const history = evidenceSources(observation).find((s) => s.kind === "history");
  if (!history || observation.source !== "server_and_history") return null;
  // Too early for any verdict: the age cannot change one (the candidates say "too early").
  if (observation.days < minDays) return null;
  const watchedDays = history.days - (Date.parse(firstSeenAt) - Date.parse(history.since)) / DAY_MS;
  if (watchedDays >= minDays) return null;
  return {
    code: "age_unknown",
    message: `age unknown before first seen (${firstSeenAt}): the server's counters cover the window since ${observation.since}, but not since when this index existed; safe once indexwatch has watched it ${minDays} days`,
  };
}

function ref(index: IndexFacts): FindingIndexRef {
  return { oid: index.oid, schema: index.schema, table: index.table, name: index.name };
}

/** Bigger first, then the one whose table is written most: what a drop would win. */
export function byDropBenefit(a: Finding, b: Finding): number {
  return (b.sizeBytes ?? 0) - (a.sizeBytes ?? 0) || (b.writeRows ?? 0) - (a.writeRows ?? 0);
}

/**
 * Unused: zero scans over the whole observed window. Invalid indexes are findings of their
 * own kind, not unused ones.
 */
export function findUnusedIndexes(input: UnusedInput): UnusedResult {
  const { observation } = input;
  const children = childrenByParent(input.indexes);
  const zeroScan = input.indexes.filter((index) => {
    if (!index.valid) return false;
    return usageOf(index, observation, children).scans === 0;
  });
  const findings = zeroScan.map((index): Finding => {
    const usage = usageOf(index, observation, children);
    const reasons: FindingReason[] = dropRisks(index, input, true);
    const history = evidenceSources(observation).find((s) => s.kind === "history");
    // Seen at the history's first poll: there when indexwatch began, age before that unknown.
    const seenAtStart =
      usage.firstSeenAt !== null && history !== undefined && usage.firstSeenAt <= history.since;
    const unknownAge =
      seenAtStart && usage.firstSeenAt
        ? ageUnknownReason(usage.firstSeenAt, observation, input.minDays)
        : null;
    if (unknownAge) reasons.push(unknownAge);
    else if (
      !usage.observed ||
      (!seenAtStart && usage.firstSeenAt !== null && usage.firstSeenAt > observation.since)
    ) {
      reasons.push({
        code: "younger_than_window",
        message: usage.observed
          ? `first seen ${usage.firstSeenAt}, after the window began: it has not been watched for the whole window`
          : "not in the stored history yet: it has not been watched for the whole window",
      });
    }
    if (!observation.complete) {
      reasons.push({
        code: "incomplete_observation",
        message: "not every server was observed for the whole window: a scan may have gone unseen",
      });
    }
    return {
      key: findingKey("unused", index.schema, index.table, index.name, index.definition),
      kind: "unused",
      index: ref(index),
      schema: index.schema,
      table: index.table,
      columns: index.columnNames,
      sizeBytes: index.sizeBytes,
      evidence: describeWindow(observation),
      reasons,
      safeToDrop: reasons.length === 0,
      writeRows: indexWriteRows(input.activity.get(index.tableOid)),
      sql: dropSqlFor(index, referencingKeys(input.foreignKeys).get(index.oid)),
    };
  });
  findings.sort(byDropBenefit);
  if (observation.days < input.minDays) return { tooEarly: true, findings: [], tooEarlyCandidates: findings };
  return { tooEarly: false, findings, tooEarlyCandidates: [] };
}
