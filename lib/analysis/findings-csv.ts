import type { Finding } from "./types";

/**
 * One CSV cell: quoted when it holds a quote, comma or line break; a leading = + - @ (or a
 * tab / carriage return) is neutralised with an apostrophe, so a spreadsheet never runs an
 * index name as a formula.
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const FINDINGS_CSV_COLUMNS = [
  "kind",
  "schema",
  "table",
  "index",
  "index_oid",
  "columns",
  "size_bytes",
  "safe_to_drop",
  "reasons",
  "evidence",
  "apply_sql",
  "undo_sql",
  "key",
] as const;

export function findingsToCsv(findings: readonly Finding[]): string {
  const lines = [FINDINGS_CSV_COLUMNS.join(",")];
  for (const f of findings) {
    const cells = [
      f.kind,
      f.schema,
      f.table,
      f.index?.name ?? null,
      f.index?.oid ?? null,
      f.columns.join(", "),
      f.sizeBytes,
      f.safeToDrop,
      f.reasons.map((r) => r.code).join("; "),
      f.evidence,
      f.sql?.apply ?? null,
      f.sql?.undo ?? null,
      f.key,
    ];
    lines.push(cells.map(csvCell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
