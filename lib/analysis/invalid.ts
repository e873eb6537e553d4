import { recreateSql } from "./concurrent-sql";
import { findingKey } from "./finding-key";
import type { DuplicateKeys, Finding, FindingReason, IndexBuild, IndexFacts } from "./types";

/** REINDEX CONCURRENTLY names its new copy <name>_ccnew[N] and the old one <name>_ccold[N]. */
export function leftoverOfConcurrentRebuild(name: string): "ccnew" | "ccold" | null {
  const match = /_(ccnew|ccold)\d*$/.exec(name);
  return match ? (match[1] as "ccnew" | "ccold") : null;
}

const LEFTOVER_EVIDENCE = {
  ccnew:
    "left by a failed REINDEX CONCURRENTLY: the new copy never became valid; the original index is still there",
  ccold:
    "left by a REINDEX CONCURRENTLY that failed after the swap: the old copy was never dropped; the rebuilt index is in place",
} as const;

/**
 * Invalid: indisvalid is false. A build still running is invalid too, until it ends: told
 * apart by pg_stat_progress_create_index, and never something to drop.
 */
export function findInvalidIndexes(
  indexes: readonly IndexFacts[],
  builds: readonly IndexBuild[],
  duplicateKeys: readonly DuplicateKeys[] = [],
): Finding[] {
  const duplicatesByOid = new Map(duplicateKeys.map((d) => [d.oid, d]));
  return indexes
    .filter((index) => !index.valid)
    .map((index): Finding => {
      const build = builds.find((b) => b.indexOid === index.oid);
      const leftover = leftoverOfConcurrentRebuild(index.name);
      const reasons: FindingReason[] = [];
      if (build) {
        reasons.push({
          code: "build_in_progress",
          message: `being built right now (${build.command}, ${build.phase}, pid ${build.pid}): not broken, not finished`,
        });
      }
      const duplicates = index.unique && !build ? duplicatesByOid.get(index.oid) : undefined;
      const base = build
        ? "indisvalid is false because the build has not finished"
        : leftover
          ? LEFTOVER_EVIDENCE[leftover]
          : "indisvalid is false: a CREATE INDEX CONCURRENTLY failed; the index serves no reads but every write still updates it";
      const evidence = duplicates ? `${base}; ${duplicateKeysEvidence(duplicates)}` : base;
      if (duplicates?.count)
        reasons.push({
          code: "duplicate_keys",
          message: `${duplicates.count} key ${duplicates.count === 1 ? "value is" : "values are"} held by more than one row: a REINDEX fails until they are resolved (list them with the query in the details)`,
        });
      return {
        key: findingKey("invalid", index.schema, index.table, index.name, index.definition),
        kind: "invalid",
        index: { oid: index.oid, schema: index.schema, table: index.table, name: index.name },
        schema: index.schema,
        table: index.table,
        columns: index.columnNames,
        sizeBytes: index.sizeBytes,
        evidence,
        reasons,
        safeToDrop: reasons.length === 0,
        writeRows: null,
        sql: { apply: index.sql.dropIndex, undo: recreateSql(index.definition, index.partitionedIndex) },
        details: {
          leftover: leftover ?? null,
          buildInProgress: build !== undefined,
          ...(duplicates ? { duplicateKeys: duplicates.count, duplicatesQuery: duplicates.listSql } : {}),
        },
      };
    });
}

/** Before a rebuild is advised for a unique index: whether it can succeed at all. */
function duplicateKeysEvidence(d: DuplicateKeys): string {
  if (d.count === null)
    return `whether duplicate keys block a rebuild is unknown (${d.unknown ?? "not counted"}): run the listing query as a role that may read the table`;
  if (d.count === 0) return "no duplicate keys: a REINDEX can make it valid";
  return `${d.count} duplicated key ${d.count === 1 ? "value" : "values"}: a REINDEX fails until they are resolved`;
}
