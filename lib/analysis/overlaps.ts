import { dropRisks } from "./drop-risks";
import { dropSqlFor } from "./drop-sql";
import { findingKey } from "./finding-key";
import { childrenByParent, usageOf } from "./observed-scans";
import type { Finding, ForeignKeyFacts, IndexFacts, TableActivity, UsageObservation } from "./types";
import { indexWriteRows } from "./write-work";

export interface OverlapInput {
  indexes: readonly IndexFacts[];
  foreignKeys: readonly ForeignKeyFacts[];
  activity: ReadonlyMap<number, TableActivity>;
  observation: UsageObservation;
}

/**
 * Everything that makes two indexes answer the same questions, from pg_index: columns by
 * attribute number, operator classes, collations, sort options, expressions, predicate.
 * Uniqueness is left out on purpose: a plain index beside a unique one on the same columns
 * is a duplicate, and the unique one is kept.
 */
function signature(index: IndexFacts): string {
  return JSON.stringify([
    index.tableOid,
    index.method,
    index.keyColumns,
    index.includeColumns,
    index.opclasses,
    index.collations,
    index.options,
    index.expressions,
    index.predicate,
  ]);
}

interface Ranked {
  index: IndexFacts;
  scans: number;
}

/** Why one index of a group is the one to keep, best first. */
function keepRank(a: Ranked, b: Ranked): number {
  const weight = (i: IndexFacts) =>
    (i.primary ? 16 : 0) + (i.constraint ? 8 : 0) + (i.unique ? 4 : 0) + (i.replicaIdentity ? 2 : 0);
  return weight(b.index) - weight(a.index) || b.scans - a.scans || a.index.oid - b.index.oid;
}

function whyKeep(keep: Ranked, drop: Ranked): string {
  const k = keep.index;
  if (k.primary) return "it is the primary key";
  if (k.constraint) return `it backs the constraint ${k.constraint.name}`;
  if (k.unique && !drop.index.unique) return "it is unique: it also enforces a rule";
  if (k.replicaIdentity) return "it is the replica identity";
  if (keep.scans !== drop.scans)
    return `it has more scans in the window (${keep.scans} against ${drop.scans})`;
  return "it is the older of the two";
}

function base(index: IndexFacts, input: OverlapInput) {
  return {
    index: { oid: index.oid, schema: index.schema, table: index.table, name: index.name },
    schema: index.schema,
    table: index.table,
    columns: index.columnNames,
    sizeBytes: index.sizeBytes,
    writeRows: indexWriteRows(input.activity.get(index.tableOid)),
    sql: dropSqlFor(index),
  };
}

/** Indexes with the same definition on the same table: keep one, drop the others. */
export function findDuplicateIndexes(input: OverlapInput): Finding[] {
  const children = childrenByParent(input.indexes);
  const groups = new Map<string, Ranked[]>();
  for (const index of input.indexes) {
    // Attached partition indexes repeat their parent's finding; leave them to it.
    if (!index.valid || index.parentIndexOid !== null) continue;
    const key = signature(index);
    const group = groups.get(key) ?? [];
    group.push({ index, scans: usageOf(index, input.observation, children).scans });
    groups.set(key, group);
  }
  const findings: Finding[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const [keep, ...drops] = [...group].sort(keepRank);
    if (!keep) continue;
    for (const drop of drops) {
      const reasons = dropRisks(drop.index, input, false);
      findings.push({
        key: findingKey(
          "duplicate",
          drop.index.schema,
          drop.index.table,
          drop.index.name,
          drop.index.definition,
        ),
        kind: "duplicate",
        ...base(drop.index, input),
        evidence: `same columns, operator classes, collations, expressions and predicate as ${keep.index.name}; keep ${keep.index.name} because ${whyKeep(keep, drop)} (${drop.scans} scans on this one in the window)`,
        reasons,
        safeToDrop: reasons.length === 0,
        details: { keep: keep.index.name, keepOid: keep.index.oid },
      });
    }
  }
  return findings;
}

/** True when the key columns of `short` are a strict leading prefix of `long`'s, position by position. */
export function isLeadingPrefix(short: IndexFacts, long: IndexFacts): boolean {
  const n = short.keyColumns.length;
  if (n === 0 || long.keyColumns.length <= n) return false;
  for (let i = 0; i < n; i++) {
    if (short.keyColumns[i] === 0 || short.keyColumns[i] !== long.keyColumns[i]) return false;
    if (short.opclasses[i] !== long.opclasses[i]) return false;
    if (short.collations[i] !== long.collations[i]) return false;
    if (short.options[i] !== long.options[i]) return false;
  }
  // What the short one returns from its INCLUDE list, the long one must hold too.
  const held = new Set([...long.keyColumns, ...long.includeColumns]);
  return short.includeColumns.every((attnum) => held.has(attnum));
}

function canBeRedundant(index: IndexFacts): boolean {
  return (
    index.valid &&
    index.method === "btree" &&
    index.constraint === null &&
    !index.unique &&
    index.expressions === null &&
    index.predicate === null &&
    index.parentIndexOid === null
  );
}

function canCover(index: IndexFacts): boolean {
  return index.valid && index.method === "btree" && index.predicate === null && index.parentIndexOid === null;
}

/**
 * Redundant: a plain btree whose key columns lead another btree of the same table; the
 * longer one answers every lookup the shorter one does. Exact duplicates are left to
 * findDuplicateIndexes.
 */
export function findRedundantIndexes(input: OverlapInput): Finding[] {
  const children = childrenByParent(input.indexes);
  const scansOf = (i: IndexFacts) => usageOf(i, input.observation, children).scans;
  // Compared within a table only: a catalog of thousands of indexes stays cheap.
  const coversByTable = new Map<number, IndexFacts[]>();
  for (const index of input.indexes) {
    if (!canCover(index)) continue;
    const list = coversByTable.get(index.tableOid) ?? [];
    list.push(index);
    coversByTable.set(index.tableOid, list);
  }
  const findings: Finding[] = [];
  for (const short of input.indexes) {
    if (!canBeRedundant(short)) continue;
    const covering = (coversByTable.get(short.tableOid) ?? [])
      .filter((long) => long.oid !== short.oid)
      .filter((long) => isLeadingPrefix(short, long))
      // The tightest cover is the best stand-in: fewest extra columns, then most used.
      .sort((a, b) => a.keyColumns.length - b.keyColumns.length || scansOf(b) - scansOf(a) || a.oid - b.oid);
    const keep = covering[0];
    if (!keep) continue;
    const reasons = dropRisks(short, input, false);
    findings.push({
      key: findingKey("redundant", short.schema, short.table, short.name, short.definition),
      kind: "redundant",
      ...base(short, input),
      evidence: `its columns (${short.columnNames.join(", ")}) lead ${keep.name} (${keep.columnNames.join(", ")}); keep ${keep.name}: it answers the same lookups and more (${scansOf(short)} scans on this one in the window)`,
      reasons,
      safeToDrop: reasons.length === 0,
      details: { keep: keep.name, keepOid: keep.oid },
    });
  }
  return findings;
}
