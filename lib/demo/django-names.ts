import { createHash } from "node:crypto";

// PostgreSQL's identifier limit, which Django reads from connection.ops.max_name_length().
const MAX_NAME_LENGTH = 63;

// Django's names_digest(): md5 over the concatenated names, first `length` hex chars.
function namesDigest(names: readonly string[], length: number): string {
  const md5 = createHash("md5");
  for (const name of names) md5.update(name);
  return md5.digest("hex").slice(0, length);
}

/**
 * Port of Django's BaseDatabaseSchemaEditor._create_index_name(), so the demo's automatic
 * indexes and constraints carry the exact names a real Django migration would give them
 * (e.g. auth_user_username_6821ab7c_like). The dashboard shows these names to users, and
 * matching Django makes the demo look like the databases they really run.
 */
export function djangoIndexName(table: string, columns: readonly string[], suffix = ""): string {
  let hashSuffixPart = `${namesDigest([table, ...columns], 8)}${suffix}`;
  const name = `${table}_${columns.join("_")}_${hashSuffixPart}`;
  if (name.length <= MAX_NAME_LENGTH) return name;
  // Too long: Django shortens the suffix, then shares what is left between table and columns.
  if (hashSuffixPart.length > MAX_NAME_LENGTH / 3) {
    hashSuffixPart = hashSuffixPart.slice(0, Math.floor(MAX_NAME_LENGTH / 3));
  }
  const otherLength = Math.floor((MAX_NAME_LENGTH - hashSuffixPart.length) / 2) - 1;
  const shortened = `${table.slice(0, otherLength)}_${columns.join("_").slice(0, otherLength)}_${hashSuffixPart}`;
  return /^[_0-9]/.test(shortened) ? `D${shortened.slice(0, -1)}` : shortened;
}

/** Name Django gives the FOREIGN KEY constraint of `table.column` → `toTable.toColumn`. */
export function djangoForeignKeyName(
  table: string,
  column: string,
  toTable: string,
  toColumn = "id",
): string {
  return djangoIndexName(table, [column], `_fk_${toTable}_${toColumn}`);
}
