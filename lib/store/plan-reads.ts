import type pg from "pg";
import { z } from "zod";
import { queryOne, queryRows } from "@/lib/db/query";
import type { IndexIdentityKey } from "./index-identity-reads";

/*
 * Reads of the derived plans (migration 0015): for the plan cycle (what is stale), the index
 * pages and the Unused page (which statements plan to use an index), and the missing-index
 * rule (sequential scans with their filters). Viewers read only these, never the target.
 */

const queryidText = z.string().regex(/^-?\d+$/);

export interface PlanState {
  queryid: string;
  dbid: number;
  userid: number;
  plannedAt: Date;
  catalogVersion: string | null;
  meanMsAtPlan: number;
  error: string | null;
}

export function planStateKey(key: { queryid: string; dbid: number; userid: number }): string {
  return `${key.queryid}/${key.dbid}/${key.userid}`;
}

const stateRow = z.object({
  queryid: queryidText,
  dbid: z.number().int().nonnegative(),
  userid: z.number().int().nonnegative(),
  planned_at: z.date(),
  catalog_version: z.string().nullable(),
  mean_ms_at_plan: z.number(),
  error: z.string().nullable(),
});

/** Every stored plan's state, keyed by planStateKey(): what the plan cycle compares against. */
export async function readPlanStates(pool: pg.Pool, targetId: string): Promise<Map<string, PlanState>> {
  const rows = await queryRows(
    pool,
    "store_plan_states",
    `SELECT queryid::text AS queryid, dbid::float8 AS dbid, userid::float8 AS userid, planned_at,
            catalog_version, mean_ms_at_plan, error
       FROM statement_plans WHERE target_id = $1`,
    [targetId],
    stateRow,
  );
  return new Map(
    rows.map((r) => [
      planStateKey(r),
      {
        queryid: r.queryid,
        dbid: r.dbid,
        userid: r.userid,
        plannedAt: r.planned_at,
        catalogVersion: r.catalog_version,
        meanMsAtPlan: r.mean_ms_at_plan,
        error: r.error,
      },
    ]),
  );
}

export interface PlanCycleState {
  ranAt: string;
  available: boolean;
  reason: string | null;
  planned: number;
  planningMs: number;
  pending: number;
  /** Statements with a stored plan (errors included). */
  plannedStatements: number;
}

const cycleRow = z.object({
  ran_at: z.date(),
  available: z.boolean(),
  reason: z.string().nullable(),
  planned: z.number().int(),
  planning_ms: z.number(),
  pending: z.number().int(),
  planned_statements: z.number().int(),
});

/** The last plan cycle of a target, or null when none ran (plans never tried here). */
export async function readPlanCycle(pool: pg.Pool, targetId: string): Promise<PlanCycleState | null> {
  const rows = await queryRows(
    pool,
    "store_plan_cycle",
    `SELECT c.ran_at, c.available, c.reason, c.planned, c.planning_ms, c.pending,
            (SELECT count(*)::int FROM statement_plans p WHERE p.target_id = c.target_id) AS planned_statements
       FROM plan_cycles c WHERE c.target_id = $1`,
    [targetId],
    cycleRow,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    ranAt: row.ran_at.toISOString(),
    available: row.available,
    reason: row.reason,
    planned: row.planned,
    planningMs: row.planning_ms,
    pending: row.pending,
    plannedStatements: row.planned_statements,
  };
}

export interface StatementPlanningIndex {
  queryid: string;
  dbid: number;
  userid: number;
  query: string;
  /** The plan nodes that use the index ("Index Scan", "Bitmap Index Scan", …), sorted. */
  nodes: string[];
  totalCost: number | null;
  plannedAt: string;
}

const usingRow = z.object({
  queryid: queryidText,
  dbid: z.number().int().nonnegative(),
  userid: z.number().int().nonnegative(),
  query: z.string(),
  nodes: z.array(z.string()),
  total_cost: z.number().nullable(),
  planned_at: z.date(),
});

/** The statements whose last generic plan uses this index (its identity, so rebuilds keep them). */
export async function readStatementsPlanningIndex(
  pool: pg.Pool,
  targetId: string,
  index: IndexIdentityKey,
): Promise<StatementPlanningIndex[]> {
  const rows = await queryRows(
    pool,
    "store_statements_planning_index",
    `SELECT p.queryid::text AS queryid, p.dbid::float8 AS dbid, p.userid::float8 AS userid, p.query,
            array_agg(DISTINCT l.node_type ORDER BY l.node_type) AS nodes, p.total_cost, p.planned_at
       FROM statement_plan_indexes l
       JOIN statement_plans p USING (target_id, queryid, dbid, userid)
      WHERE l.target_id = $1 AND l.schema_name = $2 AND l.table_name = $3 AND l.index_name = $4
      GROUP BY p.queryid, p.dbid, p.userid, p.query, p.total_cost, p.planned_at
      ORDER BY p.queryid`,
    [targetId, index.schema, index.table, index.name],
    usingRow,
  );
  return rows.map((r) => ({
    queryid: r.queryid,
    dbid: r.dbid,
    userid: r.userid,
    query: r.query,
    nodes: r.nodes,
    totalCost: r.total_cost,
    plannedAt: r.planned_at.toISOString(),
  }));
}

export interface PlannedIndexCount extends IndexIdentityKey {
  statements: number;
  /** The statements' keys, for joining with their stats. */
  keys: { queryid: string; dbid: number; userid: number }[];
}

const countRow = z.object({
  schema_name: z.string(),
  table_name: z.string(),
  index_name: z.string(),
  keys: z.array(z.object({ queryid: queryidText, dbid: z.number(), userid: z.number() })),
});

/** Per index with any, the statements whose plans use it: the Unused page's note, in one read. */
export async function readPlannedStatementsByIndex(
  pool: pg.Pool,
  targetId: string,
): Promise<PlannedIndexCount[]> {
  const rows = await queryRows(
    pool,
    "store_planned_statements_by_index",
    `SELECT schema_name, table_name, index_name,
            json_agg(DISTINCT jsonb_build_object('queryid', queryid::text, 'dbid', dbid::float8, 'userid', userid::float8)) AS keys
       FROM statement_plan_indexes WHERE target_id = $1
      GROUP BY schema_name, table_name, index_name`,
    [targetId],
    countRow,
  );
  return rows.map((r) => ({
    schema: r.schema_name,
    table: r.table_name,
    name: r.index_name,
    statements: r.keys.length,
    keys: r.keys,
  }));
}

export interface PlannedSeqScan {
  queryid: string;
  dbid: number;
  userid: number;
  query: string;
  totalCost: number | null;
  schema: string | null;
  table: string;
  estRows: number;
  filter: string | null;
  sortKeys: string[];
}

const seqRow = z.object({
  queryid: queryidText,
  dbid: z.number().int().nonnegative(),
  userid: z.number().int().nonnegative(),
  query: z.string(),
  total_cost: z.number().nullable(),
  schema_name: z.string().nullable(),
  table_name: z.string(),
  est_rows: z.number(),
  filter: z.string().nullable(),
  sort_keys: z.array(z.string()),
});

/** Sequential scans in the stored plans (for the missing-index rule), largest estimates first. */
export async function readPlannedSeqScans(pool: pg.Pool, targetId: string): Promise<PlannedSeqScan[]> {
  const rows = await queryRows(
    pool,
    "store_planned_seq_scans",
    `SELECT p.queryid::text AS queryid, p.dbid::float8 AS dbid, p.userid::float8 AS userid, p.query, p.total_cost,
            s.schema_name, s.table_name, s.est_rows, s.filter, s.sort_keys
       FROM statement_plan_seq_scans s
       JOIN statement_plans p USING (target_id, queryid, dbid, userid)
      WHERE s.target_id = $1
      ORDER BY s.est_rows DESC, p.queryid, s.position`,
    [targetId],
    seqRow,
  );
  return rows.map((r) => ({
    queryid: r.queryid,
    dbid: r.dbid,
    userid: r.userid,
    query: r.query,
    totalCost: r.total_cost,
    schema: r.schema_name,
    table: r.table_name,
    estRows: r.est_rows,
    filter: r.filter,
    sortKeys: r.sort_keys,
  }));
}

/** How many statements have a stored plan on the target (0 before the first cycle). */
export async function countStoredPlans(pool: pg.Pool, targetId: string): Promise<number> {
  const row = await queryOne(
    pool,
    "store_plan_count",
    "SELECT count(*)::int AS n FROM statement_plans WHERE target_id = $1 AND error IS NULL",
    [targetId],
    z.object({ n: z.number().int() }),
  );
  return row.n;
}

export interface StatementPlanLinks {
  /** Indexes the plan uses, with the OID the history knows them by today (null: never sampled). */
  indexes: { oid: number | null; schema: string; table: string; name: string }[];
  seqScans: { schema: string; table: string }[];
}

const linkRow = z.object({
  queryid: queryidText,
  dbid: z.number().int().nonnegative(),
  userid: z.number().int().nonnegative(),
  kind: z.enum(["index", "seq"]),
  schema_name: z.string(),
  table_name: z.string(),
  index_name: z.string().nullable(),
  oid: z.number().int().positive().nullable(),
});

/** The plan links of the given statements (the Queries page's rows), keyed by planStateKey(). */
export async function readPlanLinksFor(
  pool: pg.Pool,
  targetId: string,
  keys: { queryid: string; dbid: number; userid: number }[],
): Promise<Map<string, StatementPlanLinks>> {
  const links = new Map<string, StatementPlanLinks>();
  if (keys.length === 0) return links;
  const rows = await queryRows(
    pool,
    "store_plan_links",
    `WITH k AS (SELECT * FROM unnest($2::int8[], $3::int8[], $4::int8[]) AS k (queryid, dbid, userid))
     SELECT l.queryid::text AS queryid, l.dbid::float8 AS dbid, l.userid::float8 AS userid, 'index' AS kind,
            l.schema_name, l.table_name, l.index_name, i.current_oid::float8 AS oid
       FROM k JOIN statement_plan_indexes l
         ON l.target_id = $1 AND l.queryid = k.queryid AND l.dbid = k.dbid AND l.userid = k.userid
       LEFT JOIN index_identity i
         ON i.target_id = l.target_id AND i.schema_name = l.schema_name AND i.table_name = l.table_name
        AND i.index_name = l.index_name AND i.dropped_at IS NULL
     UNION ALL
     SELECT DISTINCT s.queryid::text, s.dbid::float8, s.userid::float8, 'seq', coalesce(s.schema_name, ''), s.table_name,
            NULL, NULL::float8
       FROM k JOIN statement_plan_seq_scans s
         ON s.target_id = $1 AND s.queryid = k.queryid AND s.dbid = k.dbid AND s.userid = k.userid
     ORDER BY 1, 2, 3, 4, 5, 6, 7`,
    [targetId, keys.map((k) => k.queryid), keys.map((k) => k.dbid), keys.map((k) => k.userid)],
    linkRow,
  );
  for (const row of rows) {
    const key = planStateKey(row);
    let entry = links.get(key);
    if (!entry) {
      entry = { indexes: [], seqScans: [] };
      links.set(key, entry);
    }
    if (row.kind === "seq") entry.seqScans.push({ schema: row.schema_name, table: row.table_name });
    else if (row.index_name !== null) {
      const known = entry.indexes.find((i) => i.name === row.index_name && i.table === row.table_name);
      if (!known)
        entry.indexes.push({
          oid: row.oid,
          schema: row.schema_name,
          table: row.table_name,
          name: row.index_name,
        });
    }
  }
  return links;
}

/** The first day (YYYY-MM-DD, UTC) the statement history saw any statement of the target; null before. */
export async function readStatementHistoryStartDay(pool: pg.Pool, targetId: string): Promise<string | null> {
  const row = await queryOne(
    pool,
    "store_statement_history_start",
    `SELECT to_char(min(first_seen) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
       FROM statement_identity WHERE target_id = $1`,
    [targetId],
    z.object({ day: z.string().nullable() }),
  );
  return row.day;
}
