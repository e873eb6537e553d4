import { z } from "zod";
import { type Queryable, queryOne, queryRows } from "@/lib/db/query";

/*
 * pg_stat_statements on a target: is it there, may we read it, and its entries. One named
 * function per query, on the monitoring pool (statement_timeout, lock_timeout). Only the
 * target database's top-level entries are read (`dbid` = the database we watch), and never the
 * texts except for entries we have not stored yet: the texts live in a file the server reads
 * whole for every call that asks for them.
 */

const setupRow = z.object({
  now: z.date(),
  role: z.string(),
  database: z.string(),
  version_num: z.number().int(),
  /** The extension's schema, already quoted with format('%I'); null when not installed here. */
  schema: z.string().nullable(),
  ext_version: z.string().nullable(),
  reads_all: z.boolean(),
});
export type StatementsSetup = z.infer<typeof setupRow>;

/** Whether the extension is installed in this database, where, and whether we see every user's text. */
export function readStatementsSetup(db: Queryable): Promise<StatementsSetup> {
  return queryOne(
    db,
    "statements_setup",
    `SELECT now() AS now, current_user AS role, current_database() AS database,
            current_setting('server_version_num')::int AS version_num,
            (SELECT format('%I', n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
              WHERE e.extname = 'pg_stat_statements') AS schema,
            (SELECT extversion FROM pg_extension WHERE extname = 'pg_stat_statements') AS ext_version,
            coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false)
              OR pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER') AS reads_all`,
    [],
    setupRow,
  );
}

/** Extension versions as numbers: "1.10" → 1.10 is wrong as a float, so [1, 10]. */
export function extensionVersionAtLeast(version: string | null, major: number, minor: number): boolean {
  const [a = 0, b = 0] = (version ?? "0").split(".").map(Number);
  return a > major || (a === major && b >= minor);
}

const infoRow = z.object({ dealloc: z.number().int().nonnegative(), stats_reset: z.date() });
export type StatementsInfo = z.infer<typeof infoRow>;

/**
 * pg_stat_statements_info (extension 1.9+, PostgreSQL 14+): the time of the last full reset
 * and how many entries were evicted. Fails with 55000 when the library is not preloaded.
 */
export function readStatementsInfo(db: Queryable, schema: string): Promise<StatementsInfo> {
  return queryOne(
    db,
    "statements_info",
    `SELECT dealloc::float8 AS dealloc, stats_reset FROM ${schema}.pg_stat_statements_info`,
    [],
    infoRow,
  );
}

const entryRow = z.object({
  queryid: z.string().regex(/^-?\d+$/),
  dbid: z.number().int().nonnegative(),
  userid: z.number().int().nonnegative(),
  calls: z.number().nonnegative(),
  total_ms: z.number().nonnegative(),
  rows: z.number().nonnegative(),
  stats_since: z.date().nullable(),
});
export type StatementEntry = z.infer<typeof entryRow>;

export interface EntryReadShape {
  /** The quoted schema of the extension (readStatementsSetup). */
  schema: string;
  extVersion: string | null;
}

/** The columns and filter of every entry read; fragments picked by the extension's version. */
function entrySource(shape: EntryReadShape, showText: boolean): string {
  const topLevel = extensionVersionAtLeast(shape.extVersion, 1, 9) ? "s.toplevel AND" : "";
  const since = extensionVersionAtLeast(shape.extVersion, 1, 11) ? "s.stats_since" : "NULL::timestamptz";
  return `SELECT s.queryid::text AS queryid, s.dbid::int8::float8 AS dbid, s.userid::int8::float8 AS userid,
                 s.calls::float8 AS calls, s.total_exec_time::float8 AS total_ms, s.rows::float8 AS rows,
                 ${since} AS stats_since${showText ? ", s.query" : ""}
            FROM ${shape.schema}.pg_stat_statements(${showText ? "true" : "false"}) s
           WHERE ${topLevel} s.queryid IS NOT NULL
             AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`;
}

/**
 * The busiest entries: the top `limit` by total time and the top `limit` by calls (their
 * union), without texts. The sampler's read of every interval.
 */
export function readTopStatements(
  db: Queryable,
  shape: EntryReadShape,
  limit: number,
): Promise<StatementEntry[]> {
  return queryRows(
    db,
    "statements_top",
    `WITH s AS (${entrySource(shape, false)})
     (SELECT * FROM s ORDER BY total_ms DESC LIMIT $1)
     UNION
     (SELECT * FROM s ORDER BY calls DESC LIMIT $1)`,
    [limit],
    entryRow,
  );
}

/** Every entry of the database, without texts: the slower cadence, and the first poll's baseline. */
export function readAllStatements(db: Queryable, shape: EntryReadShape): Promise<StatementEntry[]> {
  return queryRows(db, "statements_all", entrySource(shape, false), [], entryRow);
}

const textRow = z.object({
  queryid: z.string().regex(/^-?\d+$/),
  dbid: z.number().int().nonnegative(),
  userid: z.number().int().nonnegative(),
  query: z.string().nullable(),
});
export type StatementText = z.infer<typeof textRow>;

/**
 * The texts of the given entries (new ones only), cut to `maxChars` on the server. NULL when
 * the text file could not be read (the server garbage-collects it).
 */
export function readStatementTexts(
  db: Queryable,
  shape: EntryReadShape,
  queryids: string[],
  maxChars: number,
): Promise<StatementText[]> {
  return queryRows(
    db,
    "statements_texts",
    `SELECT queryid, dbid, userid, left(query, $2) AS query
       FROM (${entrySource(shape, true)}) e
      WHERE e.queryid = ANY($1::text[])`,
    [queryids, maxChars],
    textRow,
  );
}
