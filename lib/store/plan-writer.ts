import type pg from "pg";
import { inTransaction } from "@/lib/db/transaction";
import type { PlanSummary } from "@/lib/plans/plan-walk";

/** Statement texts are stored capped, as the statement history stores them. */
export const PLAN_QUERY_TEXT_MAX = 10_000;

export interface PlannedStatementKey {
  /** pg_stat_statements' queryid: a signed 64-bit integer, as text. */
  queryid: string;
  dbid: number;
  userid: number;
}

export interface DerivedPlan extends PlannedStatementKey {
  query: string;
  catalogVersion: string | null;
  meanMs: number;
  method: string | null;
  planningMs: number;
  /** The walked plan, or null when planning failed (then `error` says why). */
  summary: PlanSummary | null;
  error: string | null;
}

/**
 * Stores one derived plan, replacing the statement's previous plan and links whole, timed by
 * the store's clock. One transaction: a page never sees a plan without its links.
 */
export async function storeDerivedPlan(pool: pg.Pool, targetId: string, plan: DerivedPlan): Promise<void> {
  await inTransaction(pool, async (client) => {
    const key = [targetId, plan.queryid, plan.dbid, plan.userid];
    await client.query(
      `/* indexwatch:store_plan_upsert */
       INSERT INTO statement_plans AS p (target_id, queryid, dbid, userid, query, planned_at, catalog_version,
                                         mean_ms_at_plan, total_cost, method, planning_ms, error)
       VALUES ($1, $2, $3, $4, $5, now(), $6, $7, $8, $9, $10, $11)
       ON CONFLICT (target_id, queryid, dbid, userid) DO UPDATE
         SET query = excluded.query, planned_at = excluded.planned_at, catalog_version = excluded.catalog_version,
             mean_ms_at_plan = excluded.mean_ms_at_plan, total_cost = excluded.total_cost,
             method = excluded.method, planning_ms = excluded.planning_ms, error = excluded.error`,
      [
        ...key,
        plan.query.slice(0, PLAN_QUERY_TEXT_MAX),
        plan.catalogVersion,
        plan.meanMs,
        plan.summary?.totalCost ?? null,
        plan.method,
        plan.planningMs,
        plan.error,
      ],
    );
    await client.query(
      `/* indexwatch:store_plan_indexes_clear */
       DELETE FROM statement_plan_indexes WHERE target_id = $1 AND queryid = $2 AND dbid = $3 AND userid = $4`,
      key,
    );
    await client.query(
      `/* indexwatch:store_plan_seq_scans_clear */
       DELETE FROM statement_plan_seq_scans WHERE target_id = $1 AND queryid = $2 AND dbid = $3 AND userid = $4`,
      key,
    );
    const indexes = plan.summary?.indexes.filter((i) => i.relation !== null) ?? [];
    if (indexes.length > 0) {
      await client.query(
        `/* indexwatch:store_plan_indexes */
         INSERT INTO statement_plan_indexes (target_id, queryid, dbid, userid, schema_name, table_name, index_name, node_type)
         SELECT $1, $2, $3, $4, coalesce(u.schema_name, 'public'), u.table_name, u.index_name, u.node_type
           FROM unnest($5::text[], $6::text[], $7::text[], $8::text[]) AS u (schema_name, table_name, index_name, node_type)
         ON CONFLICT DO NOTHING`,
        [
          ...key,
          indexes.map((i) => i.schema),
          indexes.map((i) => i.relation),
          indexes.map((i) => i.indexName),
          indexes.map((i) => i.nodeType),
        ],
      );
    }
    const scans = plan.summary?.seqScans ?? [];
    if (scans.length > 0) {
      await client.query(
        `/* indexwatch:store_plan_seq_scans */
         INSERT INTO statement_plan_seq_scans (target_id, queryid, dbid, userid, position, schema_name, table_name,
                                               est_rows, filter, sort_keys)
         SELECT $1, $2, $3, $4, u.ord::int, u.schema_name, u.table_name, u.est_rows, u.filter,
                coalesce((SELECT array_agg(k) FROM json_array_elements_text(u.sort_keys::json) AS k), '{}')
           FROM unnest($5::text[], $6::text[], $7::float8[], $8::text[], $9::text[])
                WITH ORDINALITY AS u (schema_name, table_name, est_rows, filter, sort_keys, ord)`,
        [
          ...key,
          scans.map((s) => s.schema),
          scans.map((s) => s.relation),
          scans.map((s) => s.rows),
          scans.map((s) => s.filter),
          scans.map((s) => JSON.stringify(s.sortKeys)),
        ],
      );
    }
  });
}

export interface PlanCycleRecord {
  available: boolean;
  reason: string | null;
  planned: number;
  planningMs: number;
  /** Statements that wanted a plan but were left for a later interval by the budget. */
  pending: number;
}

/** What the last plan cycle of a target did: the pages say "plans are off" from it. */
export async function recordPlanCycle(
  pool: pg.Pool,
  targetId: string,
  cycle: PlanCycleRecord,
): Promise<void> {
  await pool.query(
    "/* indexwatch:store_target_ensure */ INSERT INTO targets (id) VALUES ($1) ON CONFLICT (id) DO NOTHING",
    [targetId],
  );
  await pool.query(
    `/* indexwatch:store_plan_cycle */
     INSERT INTO plan_cycles (target_id, ran_at, available, reason, planned, planning_ms, pending)
     VALUES ($1, now(), $2, $3, $4, $5, $6)
     ON CONFLICT (target_id) DO UPDATE
       SET ran_at = excluded.ran_at, available = excluded.available, reason = excluded.reason,
           planned = excluded.planned, planning_ms = excluded.planning_ms, pending = excluded.pending`,
    [targetId, cycle.available, cycle.reason, cycle.planned, cycle.planningMs, cycle.pending],
  );
}

/**
 * Forgets the plans of statements the statement history no longer holds (its retention drops a
 * statement unseen for the daily span): plans live exactly as long as their statement.
 */
export async function pruneOrphanPlans(pool: pg.Pool, targetId: string): Promise<number> {
  const result = await pool.query(
    `/* indexwatch:store_plan_prune */
     DELETE FROM statement_plans p
      WHERE p.target_id = $1
        AND NOT EXISTS (SELECT 1 FROM statement_identity s
                         WHERE s.target_id = p.target_id AND s.queryid = p.queryid
                           AND s.dbid = p.dbid AND s.userid = p.userid)`,
    [targetId],
  );
  return result.rowCount ?? 0;
}
