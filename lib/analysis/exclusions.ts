import { byTable, indexCoversForeignKey } from "./fk-coverage";
import { definitionSignature, isCoveredBy } from "./index-keys";
import type { Finding, ForeignKeyFacts, IndexFacts } from "./types";

/** Findings whose apply drops their index. */
const DROPPING_KINDS = new Set<Finding["kind"]>(["unused", "duplicate", "redundant"]);

interface Drop {
  finding: Finding;
  index: IndexFacts;
}

/** The valid indexes of the table that answer every lookup `index` does: its twins and its covers. */
function standIns(index: IndexFacts, siblings: readonly IndexFacts[]): Set<number> {
  const signature = definitionSignature(index);
  return new Set(
    siblings
      .filter(
        (other) =>
          other.oid !== index.oid &&
          other.valid &&
          (definitionSignature(other) === signature || isCoveredBy(index, other)),
      )
      .map((other) => other.oid),
  );
}

/**
 * True when dropping `a` is safe only while `b` stays: `b` is the last stand-in for `a`'s
 * lookups, or the last other index behind a foreign key `a` covers.
 */
function reliesOn(
  a: IndexFacts,
  b: IndexFacts,
  siblings: readonly IndexFacts[],
  foreignKeys: readonly ForeignKeyFacts[],
  standInsOf: (index: IndexFacts) => Set<number>,
): boolean {
  const standIn = standInsOf(a);
  if (standIn.has(b.oid) && standIn.size === 1) return true;
  return foreignKeys.some((fk) => {
    if (!indexCoversForeignKey(a, fk) || !indexCoversForeignKey(b, fk)) return false;
    return !siblings.some((o) => o.oid !== a.oid && o.oid !== b.oid && indexCoversForeignKey(o, fk));
  });
}

/**
 * Findings interact: two indexes may each look droppable only because the other exists (each
 * the other's stand-in, or the two indexes behind one foreign key). Each dropping finding
 * gets `excludes`, the keys of the findings it cannot be applied together with; applying one
 * makes the other unsafe. Pairs are compared within a table only.
 */
export function withExclusions(
  findings: Finding[],
  indexes: readonly IndexFacts[],
  foreignKeys: readonly ForeignKeyFacts[],
): Finding[] {
  const byOid = new Map(indexes.map((i) => [i.oid, i]));
  const dropsByTable = new Map<number, Drop[]>();
  for (const finding of findings) {
    const index = finding.index ? byOid.get(finding.index.oid) : undefined;
    if (!index || !DROPPING_KINDS.has(finding.kind)) continue;
    const list = dropsByTable.get(index.tableOid) ?? [];
    list.push({ finding, index });
    dropsByTable.set(index.tableOid, list);
  }
  const excludes = new Map<string, Set<string>>();
  const mark = (a: Drop, b: Drop) => {
    excludes.set(a.finding.key, (excludes.get(a.finding.key) ?? new Set()).add(b.finding.key));
  };
  const indexesByTable = byTable(indexes);
  const keysByTable = byTable(foreignKeys);
  for (const [tableOid, drops] of dropsByTable) {
    if (drops.length < 2) continue;
    const siblings = indexesByTable.get(tableOid) ?? [];
    const tableKeys = keysByTable.get(tableOid) ?? [];
    const memo = new Map<number, Set<number>>();
    const standInsOf = (index: IndexFacts) => {
      let found = memo.get(index.oid);
      if (!found) {
        found = standIns(index, siblings);
        memo.set(index.oid, found);
      }
      return found;
    };
    for (let i = 0; i < drops.length; i++) {
      for (let j = i + 1; j < drops.length; j++) {
        const a = drops[i];
        const b = drops[j];
        if (!a || !b || a.index.oid === b.index.oid) continue;
        if (
          reliesOn(a.index, b.index, siblings, tableKeys, standInsOf) ||
          reliesOn(b.index, a.index, siblings, tableKeys, standInsOf)
        ) {
          mark(a, b);
          mark(b, a);
        }
      }
    }
  }
  return findings.map((finding) => ({ ...finding, excludes: [...(excludes.get(finding.key) ?? [])].sort() }));
}
