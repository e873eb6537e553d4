import { z } from "zod";
import { pgNumber } from "@/lib/db/columns";
import { type Queryable, queryRows } from "@/lib/db/query";

/*
 * What the advisor reads of the plan store (migration 0015, written by the plan cycle): the
 * sequential scans of the statements' latest plans, and the statements whose plans use one
 * index. Both bounded: the advisor re-plans a few statements, never all of them.
 */

const seqScanRow = z.object({
  queryid: z.string().regex(/^-?\d+$/),
  query: z.string(),
  schema: z.string().nullable(),
  relation: z.string(),
  rows: pgNumber,
  filter: z.string().nullable(),
  sort_keys: z.array(z.string()),
});

export type StoredSeqScanRow = z.infer<typeof seqScanRow>;

/** The Seq Scans of a target's stored plans that have a filter or a sort to serve, most rows first. */
export function listStoredSeqScans(
  store: Queryable,
  targetId: string,
  limit: number,
): Promise<StoredSeqScanRow[]> {
  return queryRows(
    store,
    "advisor_stored_seq_scans",
    `SELECT p.queryid::text AS queryid, p.query, s.schema_name AS schema, s.table_name AS relation,
            s.est_rows AS rows, s.filter, s.sort_keys
       FROM statement_plan_seq_scans s
       JOIN statement_plans p USING (target_id, queryid, dbid, userid)
      WHERE s.target_id = $1 AND p.error IS NULL
        AND (s.filter IS NOT NULL OR cardinality(s.sort_keys) > 0)
      ORDER BY p.total_cost DESC NULLS LAST, p.queryid, s.position
      LIMIT $2`,
    [targetId, limit],
    seqScanRow,
  );
}

const usingRow = z.object({
  queryid: z.string().regex(/^-?\d+$/),
  query: z.string(),
  node: z.string(),
});

export type StatementUsingIndexRow = z.infer<typeof usingRow>;

/** The statements whose latest stored plan uses an index (by identity: schema, table, name), costliest first. */
export function listStatementsUsingIndex(
  store: Queryable,
  targetId: string,
  index: { schema: string; table: string; name: string },
  limit: number,
): Promise<StatementUsingIndexRow[]> {
  return queryRows(
    store,
    "advisor_statements_using_index",
    `SELECT p.queryid::text AS queryid, min(p.query) AS query, string_agg(DISTINCT i.node_type, ', ') AS node
       FROM statement_plan_indexes i
       JOIN statement_plans p USING (target_id, queryid, dbid, userid)
      WHERE i.target_id = $1 AND i.schema_name = $2 AND i.table_name = $3 AND i.index_name = $4
        AND p.error IS NULL
      GROUP BY p.queryid
      ORDER BY max(p.total_cost) DESC NULLS LAST, p.queryid
      LIMIT $5`,
    [targetId, index.schema, index.table, index.name, limit],
    usingRow,
  );
}
