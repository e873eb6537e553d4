import {
  findMissingIndexCandidates,
  missingIndexFindings,
  type PlannedSeqScan,
} from "@/lib/analysis/missing-index";
import type { Finding, IndexFacts, TableShape } from "@/lib/analysis/types";
import { listScannedTables } from "@/lib/catalog/suggested-index";
import type { Queryable } from "@/lib/db/query";
import type { PlanSeqScan } from "@/lib/plans/plan-walk";
import { checkCandidates, type PlanCost } from "./check-candidates";
import { genericPlanCost } from "./plan-cost";

/** A Seq Scan of one statement's generic plan, as the plan walk (lib/plans/plan-walk.ts) found it. */
export interface StatementSeqScan extends PlanSeqScan {
  queryid: string;
  query: string;
}

export interface AdviseOptions {
  catalog: Queryable;
  explainUrl: string | null;
  indexes: readonly IndexFacts[];
  tableShapes: readonly TableShape[];
  planCost?: PlanCost;
}

/**
 * The missing_index findings of a target: the statements' planned Seq Scans resolved to tables
 * (by schema and name, in the catalog), turned into candidates (lib/analysis/missing-index.ts),
 * checked with hypothetical indexes where hypopg is installed, kept when they pay.
 */
export async function adviseMissingIndexes(
  scans: readonly StatementSeqScan[],
  options: AdviseOptions,
): Promise<Finding[]> {
  const named = scans.filter((s): s is StatementSeqScan & { schema: string } => s.schema !== null);
  if (named.length === 0) return [];
  const unique = new Map(
    named.map((s) => [JSON.stringify([s.schema, s.relation]), { schema: s.schema, table: s.relation }]),
  );
  const tables = (await listScannedTables(options.catalog, [...unique.values()])).map((t) => ({
    tableOid: t.table_oid,
    schema: t.schema,
    table: t.table,
    rows: t.live_rows,
    columns: t.columns,
  }));
  const oidOf = new Map(tables.map((t) => [JSON.stringify([t.schema, t.table]), t.tableOid]));
  const planned: PlannedSeqScan[] = named.flatMap((s) => {
    const tableOid = oidOf.get(JSON.stringify([s.schema, s.relation]));
    return tableOid === undefined
      ? []
      : [
          {
            queryid: s.queryid,
            query: s.query,
            tableOid,
            filter: s.filter,
            sortKeys: s.sortKeys,
            planRows: s.rows,
          },
        ];
  });
  const candidates = findMissingIndexCandidates(planned, tables, options.indexes);
  if (candidates.length === 0) return [];
  const checked = await checkCandidates(candidates, {
    catalog: options.catalog,
    explainUrl: options.explainUrl,
    planCost: options.planCost ?? genericPlanCost,
  });
  return missingIndexFindings(checked, options.tableShapes);
}
