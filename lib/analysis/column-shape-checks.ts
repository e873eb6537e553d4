import { recreateSql } from "./concurrent-sql";
import { findingKey } from "./finding-key";
import { notNullColumn, topLevelConjuncts } from "./predicate-implication";
import type { Finding, IndexColumnFacts, IndexFacts } from "./types";

/** A leading column at least this NULL is better served by a partial index without the NULLs. */
export const MOSTLY_NULL_FRACTION = 0.5;
/** …when that saves at least this much: below it, the partial variant is not worth a rebuild. */
export const MOSTLY_NULL_MIN_SAVED_BYTES = 16 * 1024;
/** A leading column with at most this many distinct values sorts the index into a few long runs. */
export const LOW_CARDINALITY_MAX_DISTINCT = 3;
/** …on a table of at least this many rows (on a small table any index is cheap). */
export const LOW_CARDINALITY_MIN_ROWS = 1_000;

const ARRAY_CATEGORY = "A";
const BOOLEAN_CATEGORY = "B";

function indexFinding(kind: Finding["kind"], index: IndexFacts) {
  return {
    key: findingKey(kind, index.schema, index.table, index.name, index.definition),
    kind,
    index: { oid: index.oid, schema: index.schema, table: index.table, name: index.name },
    schema: index.schema,
    table: index.table,
    columns: index.columnNames,
    sizeBytes: index.sizeBytes,
    reasons: [],
    safeToDrop: false,
    writeRows: null,
  };
}

/** pg_stats.n_distinct: positive is a count; negative is minus a fraction of the rows. */
export function distinctValues(nDistinct: number, rows: number): number {
  return nDistinct >= 0 ? nDistinct : Math.round(-nDistinct * rows);
}

/** A btree over an array column compares whole arrays: `@>` and `&&` lookups need GIN. */
function btreeOnArray(index: IndexFacts, columns: IndexColumnFacts): Finding | null {
  if (index.method !== "btree" || !index.valid) return null;
  const positions = columns.keyTypeCategories.flatMap((category, i) =>
    category === ARRAY_CATEGORY ? [i] : [],
  );
  if (positions.length === 0) return null;
  const described = positions.map(
    (i) => `${index.columnNames[i] ?? "?"} (${columns.keyTypes[i] ?? "array"})`,
  );
  return {
    ...indexFinding("btree_on_array", index),
    evidence: `a btree over the array column${positions.length > 1 ? "s" : ""} ${described.join(", ")}: it can only find whole equal arrays; containment and overlap (@>, <@, &&) need a GIN index`,
    sql: null,
  };
}

/**
 * The leading column is mostly NULL and no query that uses the index can want the NULLs (a
 * lookup by value implies IS NOT NULL): a partial index WHERE col IS NOT NULL answers the same
 * lookups at a fraction of the size. Offered for plain, whole btrees only.
 */
function mostlyNullLeading(index: IndexFacts, columns: IndexColumnFacts): Finding | null {
  const fraction = columns.leadingNullFraction;
  if (index.method !== "btree" || !index.valid || index.predicate !== null || index.unique) return null;
  if (index.constraint || index.partitionedIndex || index.parentIndexOid !== null) return null;
  if (fraction === null || fraction < MOSTLY_NULL_FRACTION || !columns.leadingColumnQuoted) return null;
  const savedBytes = Math.floor((index.sizeBytes ?? 0) * fraction);
  if (savedBytes < MOSTLY_NULL_MIN_SAVED_BYTES) return null;
  const rest = /^CREATE INDEX (?:"(?:[^"]|"")*"|[^\s"]+) ON (.*)$/s.exec(index.definition)?.[1];
  if (!rest) return null;
  const createPartial = `CREATE INDEX CONCURRENTLY ${columns.notNullVariantName} ON ${rest} WHERE (${columns.leadingColumnQuoted} IS NOT NULL)`;
  const percent = Math.round(fraction * 100);
  return {
    ...indexFinding("mostly_null_leading", index),
    evidence: `${percent}% of ${columns.leadingColumn} is NULL (pg_stats): a partial index WHERE ${columns.leadingColumn} IS NOT NULL serves every lookup by value and would be about ${percent}% smaller`,
    reasons: [
      {
        code: "queries_for_null",
        message: `a query for ${columns.leadingColumn} IS NULL, or one sorting on it without a filter, could no longer use the index`,
      },
    ],
    sql: {
      apply: `${createPartial};\n${index.sql.dropIndex}`,
      undo: `${recreateSql(index.definition, false)};\nDROP INDEX CONCURRENTLY ${columns.notNullVariantQualified}`,
    },
    details: { nullFraction: fraction, savedBytes },
  };
}

/**
 * A btree led by a boolean or a column of a handful of values: each value is one long run, so
 * a lookup on it alone reads a large share of the index. A partial index on the rare value, or
 * the column moved after a selective one, serves better.
 */
function lowCardinalityLeading(index: IndexFacts, columns: IndexColumnFacts): Finding | null {
  if (index.method !== "btree" || !index.valid || index.unique || index.predicate !== null) return null;
  if (columns.tableRows < LOW_CARDINALITY_MIN_ROWS) return null;
  const boolean = columns.keyTypeCategories[0] === BOOLEAN_CATEGORY;
  const distinct =
    columns.leadingDistinct === null ? null : distinctValues(columns.leadingDistinct, columns.tableRows);
  const few = distinct !== null && distinct > 0 && distinct <= LOW_CARDINALITY_MAX_DISTINCT;
  if (!boolean && !few) return null;
  const lead = index.columnNames[0] ?? "?";
  const what = boolean ? "a boolean" : `a column of ${distinct} distinct values (pg_stats)`;
  return {
    ...indexFinding("low_cardinality_leading", index),
    evidence: `led by ${lead}, ${what}, on a table of about ${Math.round(columns.tableRows)} rows: a lookup on it alone reads a large share of the index; a partial index on the rare value (WHERE ${lead} = …), or ${lead} after a more selective column, serves better`,
    sql: null,
  };
}

/**
 * A partial predicate that filters nothing: `col IS NOT NULL` where the column is declared
 * NOT NULL. The index holds every row anyway, and the planner must still prove the predicate
 * before it may use the index.
 */
function unnecessaryPredicate(index: IndexFacts, columns: IndexColumnFacts): Finding | null {
  if (index.predicate === null || !columns.tableNotNullColumns) return null;
  const notNull = new Set(columns.tableNotNullColumns);
  const conjuncts = topLevelConjuncts(index.predicate) ?? [];
  const idle = conjuncts.filter((c) => {
    const column = notNullColumn(c);
    return column !== null && notNull.has(column);
  });
  if (idle.length === 0) return null;
  const whole = idle.length === conjuncts.length;
  const where = whole
    ? "is the whole predicate and filters nothing"
    : `filters nothing in WHERE ${index.predicate}`;
  const declared = idle.length > 1 ? "the columns are declared NOT NULL" : "the column is declared NOT NULL";
  const consequence = whole
    ? "; the index holds every row, and only queries that repeat the predicate may use it"
    : "";
  return {
    ...indexFinding("unnecessary_predicate", index),
    evidence: `${idle.join(" AND ")} ${where}: ${declared}${consequence}`,
    sql: null,
  };
}

/** The column-shape checks over every index that has its column facts. */
export function findColumnShapeFindings(
  indexes: readonly IndexFacts[],
  columnFacts: readonly IndexColumnFacts[],
): Finding[] {
  const byOid = new Map(columnFacts.map((c) => [c.oid, c]));
  const findings: Finding[] = [];
  for (const index of indexes) {
    const columns = byOid.get(index.oid);
    if (!columns) continue;
    for (const check of [btreeOnArray, mostlyNullLeading, lowCardinalityLeading, unnecessaryPredicate]) {
      const finding = check(index, columns);
      if (finding) findings.push(finding);
    }
  }
  return findings;
}
