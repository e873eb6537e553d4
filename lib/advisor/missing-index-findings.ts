import type { Finding } from "@/lib/analysis/types";
import { env } from "@/lib/config/env";
import type { Queryable } from "@/lib/db/query";
import type { CatalogFacts } from "@/lib/findings/catalog-facts";
import { readPlannedSeqScans } from "@/lib/store/plan-reads";
import { storePool } from "@/lib/store/pool";
import type { TargetConfig } from "@/lib/targets/registry";
import { adviseMissingIndexes } from "./missing-indexes";

/** The planned Seq Scans read per analysis at most (largest estimates first). */
export const MAX_SEQ_SCANS_READ = 500;

/**
 * The missing_index findings of one analysis: the stored plans' Seq Scans (the plan cycle
 * wrote them), turned into suggestions and checked with hypopg on the EXPLAIN connection.
 * Without a store or plans there is nothing to suggest; a failure here costs this one kind,
 * never the whole analysis.
 */
export async function readMissingIndexFindings(
  target: TargetConfig,
  facts: Pick<CatalogFacts, "indexes" | "tableShapes">,
  catalog: Queryable,
): Promise<Finding[]> {
  if (!env().STORE_URL) return [];
  try {
    const scans = (await readPlannedSeqScans(storePool(), target.id)).slice(0, MAX_SEQ_SCANS_READ);
    return await adviseMissingIndexes(
      scans.map((s) => ({
        queryid: s.queryid,
        query: s.query,
        schema: s.schema,
        relation: s.table,
        rows: s.estRows,
        filter: s.filter,
        sortKeys: s.sortKeys,
      })),
      {
        catalog,
        explainUrl: target.explainUrl ?? null,
        indexes: facts.indexes,
        tableShapes: facts.tableShapes,
      },
    );
  } catch (error) {
    console.error(`[indexwatch] missing-index advice failed for ${target.id}: ${String(error)}`);
    return [];
  }
}
