import type { ActionJson } from "./types";

const COLUMNS: [string, (a: ActionJson) => unknown][] = [
  ["id", (a) => a.id],
  ["target", (a) => a.targetId],
  ["requested_at", (a) => a.requestedAt],
  ["started_at", (a) => a.startedAt],
  ["finished_at", (a) => a.finishedAt],
  ["duration_ms", (a) => a.durationMs],
  ["user", (a) => a.username],
  ["kind", (a) => a.kind],
  ["status", (a) => a.status],
  ["schema", (a) => a.schema],
  ["table", (a) => a.table],
  ["index", (a) => a.index],
  ["oid", (a) => a.oid],
  ["index_oid_before", (a) => a.indexOidBefore],
  ["index_oid_after", (a) => a.indexOidAfter],
  ["size_before", (a) => a.sizeBefore],
  ["size_after", (a) => a.sizeAfter],
  ["sql", (a) => a.sql],
  ["undo_sql", (a) => a.undoSql],
  ["error", (a) => a.error],
  ["notices", (a) => a.notices.join("\n")],
];

/**
 * RFC 4180 CSV. A cell that a spreadsheet would run as a formula (=, +, -, @) is prefixed
 * with a quote: index names are user data.
 */
function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function actionsCsv(actions: ActionJson[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(",")];
  for (const action of actions) lines.push(COLUMNS.map(([, get]) => cell(get(action))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
