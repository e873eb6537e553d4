import { z } from "zod";
import { pgOid } from "@/lib/db/columns";
import { type Queryable, queryOne, queryRows } from "@/lib/db/query";

/**
 * hypopg (https://github.com/HypoPG/hypopg): hypothetical indexes the planner sees and nothing
 * else does. They live in the memory of one backend, outside any transaction: a ROLLBACK keeps
 * them, so every session made here resets them before and after its work.
 */
export interface HypopgInstall {
  version: string;
  /** The extension's schema, quoted by the database (quote_ident): its functions are called through it. */
  schemaQuoted: string;
}

/** hypopg in the connected database (pg_extension), or null when it is not installed there. */
export async function readHypopgInstall(db: Queryable): Promise<HypopgInstall | null> {
  const rows = await queryRows(
    db,
    "hypopg_install",
    `SELECT e.extversion AS version, quote_ident(n.nspname) AS schema_quoted
       FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.extname = 'hypopg'`,
    [],
    z.object({ version: z.string(), schema_quoted: z.string() }),
  );
  const row = rows[0];
  return row ? { version: row.version, schemaQuoted: row.schema_quoted } : null;
}

/** hypopg_hide_index came with hypopg 1.4.0: older versions can add indexes but not hide them. */
export function hypopgCanHide(version: string): boolean {
  const [major = 0, minor = 0] = version.split(".").map((part) => Number.parseInt(part, 10) || 0);
  return major > 1 || (major === 1 && minor >= 4);
}

/** The hypothetical index hypopg made of one CREATE INDEX statement (it is never built). */
export async function createHypotheticalIndex(
  db: Queryable,
  hypopg: HypopgInstall,
  createIndexSql: string,
): Promise<{ oid: number; name: string }> {
  const row = await queryOne(
    db,
    "hypopg_create_index",
    `SELECT indexrelid AS oid, indexname AS name FROM ${hypopg.schemaQuoted}.hypopg_create_index($1)`,
    [createIndexSql],
    z.object({ oid: pgOid, name: z.string() }),
  );
  return row;
}

/** Forgets every hypothetical index of this backend (and, 1.4+, unhides every hidden index). */
export async function resetHypotheticalIndexes(db: Queryable, hypopg: HypopgInstall): Promise<void> {
  await queryRows(
    db,
    "hypopg_reset",
    `SELECT 1 AS done FROM ${hypopg.schemaQuoted}.hypopg_reset()`,
    [],
    z.object({ done: z.number() }),
  );
  if (hypopgCanHide(hypopg.version)) {
    await queryRows(
      db,
      "hypopg_unhide_all",
      // Called in FROM: one row whether this version returns void or boolean.
      `SELECT 1 AS done FROM ${hypopg.schemaQuoted}.hypopg_unhide_all_indexes()`,
      [],
      z.object({ done: z.number() }),
    );
  }
}

/** Hides a real index from this backend's planner (hypopg 1.4+): true when it was hidden. */
export async function hideIndex(db: Queryable, hypopg: HypopgInstall, indexOid: number): Promise<boolean> {
  if (!hypopgCanHide(hypopg.version)) {
    throw new Error(`hypopg ${hypopg.version} cannot hide indexes: hypopg_hide_index needs 1.4+`);
  }
  const row = await queryOne(
    db,
    "hypopg_hide_index",
    `SELECT ${hypopg.schemaQuoted}.hypopg_hide_index($1::oid) AS hidden`,
    [indexOid],
    z.object({ hidden: z.boolean() }),
  );
  return row.hidden;
}
