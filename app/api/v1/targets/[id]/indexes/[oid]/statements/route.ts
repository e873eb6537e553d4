import { z } from "zod";
import { requireReader } from "@/lib/auth/guard";
import { NotFoundError } from "@/lib/errors";
import { dayParam, targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput, parseQuery } from "@/lib/http/respond";
import { findStoredIdentity } from "@/lib/indexes/index-detail";
import { indexRefParam } from "@/lib/indexes/index-ref";
import { getIndexStatements } from "@/lib/plans/index-statements";
import { statementRange } from "@/lib/statements/range";
import { storePool } from "@/lib/store/pool";
import { readingStore } from "@/lib/store/store-errors";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  /** Days, YYYY-MM-DD, both included (default: the last seven days). */
  from: dayParam.optional(),
  to: dayParam.optional(),
});

/**
 * GET /api/v1/targets/{id}/indexes/{oid}/statements?from&to → { available, reason, from, to,
 * statements: [{ queryid, query, calls, callsPerDay, totalMs, meanMs, rows, node, … }] }: the
 * statements whose generic plans use the index, found by any of its OIDs or its key (the
 * identity the history keeps), from the store only.
 */
export const GET = handle(
  async (request: Request, context: { params: Promise<{ id: string; oid: string }> }) => {
    await requireReader(request);
    const params = await context.params;
    const targetId = parseInput(targetIdParam, params.id, "target id");
    const ref = indexRefParam(params.oid);
    const query = parseQuery(
      querySchema,
      request,
      "index statements query (from and to are days, YYYY-MM-DD)",
    );
    const identity = await findStoredIdentity(targetId, ref);
    if (!identity) throw new NotFoundError(`no index ${params.oid} known on target "${targetId}"`);
    const pool = storePool();
    const range = await statementRange(pool, query);
    const view = await readingStore(() => getIndexStatements(pool, targetId, identity, range));
    return json(view);
  },
);
