import { dropRisks, referencingKeys } from "./drop-risks";
import { dropSqlFor } from "./drop-sql";
import { findingKey } from "./finding-key";
import { definitionSignature, isCoveredBy } from "./index-keys";
import { childrenByParent, usageOf } from "./observed-scans";
import type { Finding, ForeignKeyFacts, IndexFacts, TableActivity, UsageObservation } from "./types";
import { indexWriteRows } from "./write-work";

export interface OverlapInput {
  indexes: readonly IndexFacts[];
  foreignKeys: readonly ForeignKeyFacts[];
  activity: ReadonlyMap<number, TableActivity>;
  observation: UsageObservation;
}

interface Ranked {
  index: IndexFacts;
  scans: number;
}

/** Indexes a foreign key points through (conindid): they cannot go while the key stands. */
function referencedIndexes(foreignKeys: readonly ForeignKeyFacts[]): Set<number> {
  return new Set(foreignKeys.map((fk) => fk.referencedIndexOid));
}

/**
 * Why one index of a group is the one to keep, best first: one that cannot go on its own (a
 * partition's attached copy of its parent's index), a primary key, a constraint, one a
 * foreign key points through, the stricter of unique twins (NULLS NOT DISTINCT over plain),
 * unique over plain, the replica identity; then scans; then the older.
 */
function keepRank(referenced: Set<number>) {
  const weight = (i: IndexFacts) =>
    (i.parentIndexOid !== null ? 128 : 0) +
    (i.primary ? 64 : 0) +
    (i.constraint ? 32 : 0) +
    (referenced.has(i.oid) ? 16 : 0) +
    (i.unique ? 8 : 0) +
    (i.unique && i.nullsNotDistinct ? 4 : 0) +
    (i.replicaIdentity ? 2 : 0);
  return (a: Ranked, b: Ranked): number =>
    weight(b.index) - weight(a.index) || b.scans - a.scans || a.index.oid - b.index.oid;
}

function whyKeep(keep: Ranked, drop: Ranked, referenced: Set<number>): string {
  const k = keep.index;
  if (k.parentIndexOid !== null)
    return "it is the partition's attached copy of its parent's index; the other was made on the partition alone";
  if (k.primary) return "it is the primary key";
  if (k.constraint) return `it backs the constraint ${k.constraint.name}`;
  if (referenced.has(k.oid)) return "a foreign key points through it";
  if (k.unique && !drop.index.unique) return "it is unique: it also enforces a rule";
  if (k.unique && k.nullsNotDistinct && !drop.index.nullsNotDistinct)
    return "it is the stricter of the two (NULLS NOT DISTINCT): it enforces everything the other does";
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
    sql: dropSqlFor(index, referencingKeys(input.foreignKeys).get(index.oid)),
  };
}

/**
 * Indexes that answer the same questions on the same table (see definitionSignature: a
 * single-column btree and its DESC twin are one, INCLUDE order does not count): keep one,
 * drop the others. A partition's attached copy of a parent index is never the one dropped
 * (it goes only with its parent), but an index made on the partition alone beside it is.
 */
export function findDuplicateIndexes(input: OverlapInput): Finding[] {
  const children = childrenByParent(input.indexes);
  const referenced = referencedIndexes(input.foreignKeys);
  const rank = keepRank(referenced);
  const groups = new Map<string, Ranked[]>();
  for (const index of input.indexes) {
    if (!index.valid) continue;
    const key = definitionSignature(index);
    const group = groups.get(key) ?? [];
    group.push({ index, scans: usageOf(index, input.observation, children).scans });
    groups.set(key, group);
  }
  const findings: Finding[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const [keep, ...others] = [...group].sort(rank);
    if (!keep) continue;
    // Twins among attached copies mean twin parents: the parent's finding speaks for them.
    const drops = others.filter((other) => other.index.parentIndexOid === null);
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
        evidence: `same keys, operator classes, collations, scan directions, expressions and predicate as ${keep.index.name}; keep ${keep.index.name} because ${whyKeep(keep, drop, referenced)} (${drop.scans.toLocaleString("en-US")} scans on this one in the window)`,
        reasons,
        safeToDrop: reasons.length === 0,
        details: { keep: keep.index.name, keepOid: keep.index.oid },
      });
    }
  }
  return findings;
}

function canBeRedundant(index: IndexFacts): boolean {
  return (
    index.valid &&
    index.method === "btree" &&
    index.constraint === null &&
    !index.unique &&
    index.parentIndexOid === null
  );
}

function canCover(index: IndexFacts): boolean {
  return index.valid && index.method === "btree";
}

/**
 * Redundant: a plain btree that another btree of the same table covers (isCoveredBy: its
 * keys lead the other's in a direction the other can scan, under the same predicate, with
 * its INCLUDE columns held there too); the other answers every lookup it does. Exact
 * duplicates are left to findDuplicateIndexes.
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
      .filter((long) => isCoveredBy(short, long))
      // The tightest cover is the best stand-in: fewest extra columns, then most used.
      .sort((a, b) => a.keyColumns.length - b.keyColumns.length || scansOf(b) - scansOf(a) || a.oid - b.oid);
    const keep = covering[0];
    if (!keep) continue;
    const reasons = dropRisks(short, input, false);
    findings.push({
      key: findingKey("redundant", short.schema, short.table, short.name, short.definition),
      kind: "redundant",
      ...base(short, input),
      evidence: `its columns (${short.columnNames.join(", ")}${short.predicate ? `; WHERE ${short.predicate}` : ""}) lead ${keep.name} (${keep.columnNames.join(", ")}); keep ${keep.name}: it answers the same lookups and more (${scansOf(short).toLocaleString("en-US")} scans on this one in the window)`,
      reasons,
      safeToDrop: reasons.length === 0,
      details: { keep: keep.name, keepOid: keep.oid },
    });
  }
  return findings;
}
