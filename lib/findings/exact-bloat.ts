import { hasPgstattuple, indexMethodOf, readPgstatindex } from "@/lib/catalog/findings-pgstattuple";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { asTargetError } from "@/lib/inventory/target-status";
import { monitoringPool } from "@/lib/targets/pools";
import { getTargetConfig } from "@/lib/targets/registry";

export interface ExactBloat {
  oid: number;
  sizeBytes: number;
  leafPages: number;
  emptyPages: number;
  deletedPages: number;
  avgLeafDensity: number;
  leafFragmentation: number;
  /** Free space in leaf pages, as pgstatindex measures it (100 - avg_leaf_density). */
  freePercent: number;
}

/** pgstatindex() of one index: exact, but reads the whole index, so only when asked. */
export async function getExactBloat(targetId: string, oid: number): Promise<ExactBloat> {
  const target = getTargetConfig(targetId);
  const pool = monitoringPool(target);
  try {
    if (!(await hasPgstattuple(pool))) {
      throw new ConflictError("the pgstattuple extension is not installed in this database");
    }
    const method = await indexMethodOf(pool, oid);
    if (method === null) throw new NotFoundError(`no index with oid ${oid}`);
    if (method !== "btree")
      throw new ValidationError(`pgstatindex measures btree indexes only; this one is ${method}`);
    const row = await readPgstatindex(pool, oid);
    return {
      oid,
      sizeBytes: row.index_size,
      leafPages: row.leaf_pages,
      emptyPages: row.empty_pages,
      deletedPages: row.deleted_pages,
      avgLeafDensity: row.avg_leaf_density,
      leafFragmentation: row.leaf_fragmentation,
      freePercent: Math.max(0, 100 - row.avg_leaf_density),
    };
  } catch (error) {
    throw asTargetError(target, error);
  }
}
