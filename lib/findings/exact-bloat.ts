import { hasPgstattuple, indexMethodOf, readPgstatindexAlone } from "@/lib/catalog/findings-pgstattuple";
import { env } from "@/lib/config/env";
import { ConflictError, DomainError, NotFoundError, ValidationError } from "@/lib/errors";
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

export class MeasurementTimeoutError extends DomainError {
  override readonly status = 504;
  override readonly code = "measurement_timeout";
}

const QUERY_CANCELED = "57014";
const LOCK_NOT_AVAILABLE = "55P03";

/**
 * pgstatindex() of one index: exact, but reads the whole index, so only when an operator
 * asks, one at a time per target (a second one meanwhile is a 409), and within
 * QUERY_TIMEOUT_MS (then a 504 that says so).
 */
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
    const timeoutMs = env().QUERY_TIMEOUT_MS;
    let row: Awaited<ReturnType<typeof readPgstatindexAlone>>;
    try {
      row = await readPgstatindexAlone(pool, oid, timeoutMs);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === QUERY_CANCELED || code === LOCK_NOT_AVAILABLE) {
        throw new MeasurementTimeoutError(
          `the exact measurement took longer than ${timeoutMs} ms (QUERY_TIMEOUT_MS) and was stopped`,
        );
      }
      throw error;
    }
    if (!row) {
      throw new ConflictError(
        `another exact measurement is running on target "${target.name}"; one at a time, try again when it ends`,
      );
    }
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
