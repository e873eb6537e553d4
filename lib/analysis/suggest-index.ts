import type { ColumnCondition } from "./plan-conditions";

/** A btree past three keys rarely pays for its writes; the advisor stops there. */
export const MAX_SUGGESTED_COLUMNS = 3;

/**
 * The key columns of a btree for one scan: equality columns first (any order serves them, so
 * the order they came in), then one range column (a btree serves one range, and only as the
 * key after the equalities), then the sort keys, which the index serves only when no range
 * column stands between them and the equalities. Each column once; at most
 * MAX_SUGGESTED_COLUMNS. Empty when nothing can be served.
 */
export function suggestIndexColumns(
  conditions: readonly ColumnCondition[],
  sortKeys: readonly string[],
): string[] {
  const columns: string[] = [];
  const add = (column: string) => {
    if (!columns.includes(column) && columns.length < MAX_SUGGESTED_COLUMNS) columns.push(column);
  };
  for (const c of conditions) if (c.kind === "equality") add(c.column);
  const range = conditions.find((c) => c.kind === "range" && !columns.includes(c.column));
  if (range) add(range.column);
  // After a range key the index returns rows in range order, not sort order: the sort keys
  // would only widen it. Sort keys already among the equalities are constant there.
  else for (const key of sortKeys) add(key);
  return columns;
}

/** The name PostgreSQL would keep of an index name: at most 63 bytes, cut on a character boundary. */
export function truncateIdentifier(name: string, maxBytes = 63): string {
  let out = "";
  let bytes = 0;
  for (const ch of name) {
    const size = Buffer.byteLength(ch, "utf8");
    if (bytes + size > maxBytes) break;
    out += ch;
    bytes += size;
  }
  return out;
}

/** `<table>_<col>_<col>_idx`, like PostgreSQL's own default names, within 63 bytes. */
export function suggestedIndexName(table: string, columns: readonly string[]): string {
  const suffix = "_idx";
  const base = truncateIdentifier([table, ...columns].join("_"), 63 - suffix.length);
  return `${base}${suffix}`;
}
