import { z } from "zod";
import { type Queryable, queryRows } from "@/lib/db/query";

/*
 * The statements the plan cycle may plan, from pg_stat_statements on the target (monitoring
 * pool). Two reads, so texts are read only for the few statements about to be planned: the
 * texts live in a file the server reads whole for each call that asks for them.
 */

const locationRow = z.object({ schema: z.string().nullable() });

/** The extension's schema, quoted by the server with format('%I'); null when not installed here. */
export async function findStatementsExtension(db: Queryable): Promise<string | null> {
  const rows = await queryRows(
    db,
    "plan_candidates_extension",
    `SELECT (SELECT format('%I', n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
              WHERE e.extname = 'pg_stat_statements') AS schema`,
    [],
    locationRow,
  );
  return rows[0]?.schema ?? null;
}

const candidateRow = z.object({
  queryid: z.string().regex(/^-?\d+$/),
  dbid: z.number().int().nonnegative(),
  userid: z.number().int().nonnegative(),
  calls: z.number().nonnegative(),
  total_ms: z.number().nonnegative(),
  mean_ms: z.number().nonnegative(),
});
export type PlanCandidateRow = z.infer<typeof candidateRow>;

/**
 * The database's top `limit` statements by total execution time, without texts. `schema` is
 * findStatementsExtension()'s answer (already quoted).
 */
export function listTopStatementsByTime(
  db: Queryable,
  schema: string,
  limit: number,
): Promise<PlanCandidateRow[]> {
  return queryRows(
    db,
    "plan_candidates_top",
    `SELECT s.queryid::text AS queryid, s.dbid::int8::float8 AS dbid, s.userid::int8::float8 AS userid,
            sum(s.calls)::float8 AS calls, sum(s.total_exec_time)::float8 AS total_ms,
            (sum(s.total_exec_time) / greatest(sum(s.calls), 1))::float8 AS mean_ms
       FROM ${schema}.pg_stat_statements(false) s
      WHERE s.queryid IS NOT NULL AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      GROUP BY s.queryid, s.dbid, s.userid
      ORDER BY total_ms DESC
      LIMIT $1`,
    [limit],
    candidateRow,
  );
}

const textRow = z.object({
  queryid: z.string().regex(/^-?\d+$/),
  dbid: z.number().int().nonnegative(),
  userid: z.number().int().nonnegative(),
  query: z.string().nullable(),
});

/** The texts of the given statements of this database (NULL when the server lost its text file). */
export function readStatementTextsForPlans(
  db: Queryable,
  schema: string,
  queryids: string[],
): Promise<z.infer<typeof textRow>[]> {
  return queryRows(
    db,
    "plan_candidates_texts",
    `SELECT DISTINCT ON (s.queryid, s.dbid, s.userid)
            s.queryid::text AS queryid, s.dbid::int8::float8 AS dbid, s.userid::int8::float8 AS userid, s.query
       FROM ${schema}.pg_stat_statements(true) s
      WHERE s.queryid = ANY($1::bigint[])
        AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY s.queryid, s.dbid, s.userid`,
    [queryids],
    textRow,
  );
}
