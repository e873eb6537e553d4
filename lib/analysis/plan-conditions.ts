import { topLevelConjuncts } from "./predicate-implication";
/**
 * What an index could serve in a plan's Filter and Sort Key text (EXPLAIN's deparsed
 * expressions): plain columns of the scanned table compared with = (or = ANY), a range
 * operator, or sorted on. Anything else (functions, LIKE, OR, casts of expressions) serves no
 * plain btree and is left out: a suggestion built on a guess would be worse than none.
 */

export type ConditionKind = "equality" | "range";

export interface ColumnCondition {
  column: string;
  kind: ConditionKind;
}

const RANGE_OPERATORS = new Set(["<", "<=", ">", ">="]);
const EQUALITY_OPERATORS = new Set(["="]);

/** An identifier as ruleutils prints it: bare, or in double quotes with "" for a quote. */
const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)`;
/** A column reference: optionally qualified by a relation alias, optionally in parentheses and cast. */
const COLUMN_REF = new RegExp(
  String.raw`^\(*(?:${IDENT}\.)?(${IDENT})\)*(?:::[a-z][a-z0-9_ ]*(?:\([0-9, ]+\))?)?\)*$`,
);
const OPERATOR = /^(.*?)\s(=|<>|<=|>=|<|>)\s(ANY\s)?(.*)$/s;

export function unquoteIdentifier(ident: string): string {
  return ident.startsWith('"') ? ident.slice(1, -1).replaceAll('""', '"') : ident;
}

/**
 * Splits on AND at depth 0, outside quotes: the conjuncts of a filter, each unwrapped. A
 * filter that is an OR at its top has no conjunct an index could serve (empty).
 */
export function splitConjuncts(filter: string): string[] {
  return (topLevelConjuncts(filter) ?? []).filter((part) => part.length > 0);
}

/** The column a side of a comparison names, when it is a plain (maybe cast) column of `columns`. */
function columnOf(side: string, columns: ReadonlySet<string>): string | null {
  const match = COLUMN_REF.exec(side.trim());
  if (!match?.[1]) return null;
  const column = unquoteIdentifier(match[1]);
  return columns.has(column) ? column : null;
}

/**
 * The conditions of a Filter an index on `columns` (the scanned table's column names) could
 * serve: `col = …`, `col = ANY (…)` (equality), `col < …` and friends (range), with the column
 * on the left as ruleutils prints it. Each column once, its strongest kind (equality) winning.
 */
export function parseFilterConditions(filter: string, columns: readonly string[]): ColumnCondition[] {
  const known = new Set(columns);
  const found = new Map<string, ConditionKind>();
  for (const conjunct of splitConjuncts(filter)) {
    // An OR of conditions is served by no single btree key.
    if (topLevelConjuncts(conjunct) === null) continue; // an OR inside: no single column serves it
    const match = OPERATOR.exec(conjunct);
    if (!match) continue;
    const [, left = "", operator = "", any] = match;
    const column = columnOf(left, known);
    if (!column) continue;
    const kind: ConditionKind | null = EQUALITY_OPERATORS.has(operator)
      ? "equality"
      : RANGE_OPERATORS.has(operator) && !any
        ? "range"
        : null;
    if (!kind) continue;
    if (found.get(column) !== "equality") found.set(column, kind);
  }
  return [...found].map(([column, kind]) => ({ column, kind }));
}

/**
 * The columns of a Sort Key list ("created_at DESC", "t.id"), in order, while each one is a
 * plain column of `columns`: the first expression ends the list, since an index can serve
 * the sort only through a prefix.
 */
export function parseSortKeys(keys: readonly string[], columns: readonly string[]): string[] {
  const known = new Set(columns);
  const out: string[] = [];
  for (const key of keys) {
    const bare = key.replace(/\s+(?:DESC|ASC)?(?:\s*NULLS (?:FIRST|LAST))?\s*$/i, "").trim();
    const column = columnOf(bare, known);
    if (!column) break;
    out.push(column);
  }
  return out;
}
