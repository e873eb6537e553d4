import { findingKey } from "./finding-key";
import { byTable } from "./fk-coverage";
import type { Finding, ForeignKeyFacts } from "./types";

function keyFinding(kind: Finding["kind"], fk: ForeignKeyFacts) {
  return {
    key: findingKey(kind, fk.schema, fk.table, fk.constraintName, fk.definition),
    kind,
    index: null,
    schema: fk.schema,
    table: fk.table,
    columns: fk.columnNames,
    sizeBytes: null,
    reasons: [],
    safeToDrop: false,
    writeRows: null,
  };
}

/** The (column → referenced column) pairs of a key, order-free: two keys with the same pairs check the same thing. */
function pairsOf(fk: ForeignKeyFacts): string[] {
  return fk.columns.map((c, i) => `${c}>${fk.referencedColumns[i]}`).sort();
}

/**
 * Two foreign keys of one table that check the same columns against the same referenced
 * columns: every insert and update is checked twice, and every parent delete twice. Keep the
 * older (lower oid); dropping the other loses nothing.
 */
export function findDuplicatedForeignKeys(foreignKeys: readonly ForeignKeyFacts[]): Finding[] {
  const findings: Finding[] = [];
  for (const keys of byTable(foreignKeys).values()) {
    const seen = new Map<string, ForeignKeyFacts>();
    for (const fk of [...keys].sort((a, b) => a.constraintOid - b.constraintOid)) {
      const signature = `${fk.referencedTableOid}:${pairsOf(fk).join(",")}`;
      const kept = seen.get(signature);
      if (!kept) {
        seen.set(signature, fk);
        continue;
      }
      findings.push({
        ...keyFinding("duplicated_foreign_key", fk),
        evidence: `checks the same columns against the same referenced columns as ${kept.constraintName} (${kept.definition}): every write and every parent delete is checked twice; keep ${kept.constraintName}`,
        sql: null,
        details: { keep: kept.constraintName },
      });
    }
  }
  return findings;
}

/**
 * Two foreign keys of one table to the same referenced table whose columns overlap without
 * being the same: usually one key was widened and the narrower one left behind.
 */
export function findIntersectingForeignKeys(foreignKeys: readonly ForeignKeyFacts[]): Finding[] {
  const findings: Finding[] = [];
  for (const keys of byTable(foreignKeys).values()) {
    const sorted = [...keys].sort((a, b) => a.constraintOid - b.constraintOid);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const a = sorted[i];
        const b = sorted[j];
        if (!a || !b || a.referencedTableOid !== b.referencedTableOid) continue;
        const pa = pairsOf(a);
        const pb = pairsOf(b);
        const shared = pa.filter((p) => pb.includes(p));
        if (shared.length === 0 || (shared.length === pa.length && shared.length === pb.length)) continue;
        findings.push({
          ...keyFinding("intersecting_foreign_keys", b),
          evidence: `shares column${shared.length > 1 ? "s" : ""} with ${a.constraintName} (${a.definition}), both referencing ${b.referencedTable}: one of them is probably a left-over narrower key`,
          sql: null,
          details: { other: a.constraintName },
        });
      }
    }
  }
  return findings;
}

/**
 * A key column of another type than the column it references: every check casts, and an
 * index on the referencing column may not serve the parent's delete or update check.
 */
export function findForeignKeyTypeMismatches(foreignKeys: readonly ForeignKeyFacts[]): Finding[] {
  return foreignKeys.flatMap((fk) => {
    const mismatched = fk.columnTypeOids.flatMap((type, i) => (type !== fk.referencedTypeOids[i] ? [i] : []));
    if (mismatched.length === 0) return [];
    const described = mismatched.map(
      (i) =>
        `${fk.columnNames[i] ?? "?"} is ${fk.columnTypes[i] ?? "?"}, it references ${fk.referencedTypes[i] ?? "?"}`,
    );
    return [
      {
        ...keyFinding("fk_type_mismatch", fk),
        evidence: `${fk.constraintName}: ${described.join("; ")}. Each check compares across types, which can keep an index from serving it; give the columns the referenced type`,
        sql: null,
      },
    ];
  });
}
