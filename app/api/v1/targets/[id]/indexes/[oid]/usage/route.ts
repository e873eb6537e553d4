import { z } from "zod";
import { bucketCount } from "@/lib/analysis/rollup";
import { requireReader } from "@/lib/auth/guard";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { instantParam, targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput, parseQuery } from "@/lib/http/respond";
import { findStoredIdentity } from "@/lib/indexes/index-detail";
import { indexRefParam } from "@/lib/indexes/index-ref";
import { storePool } from "@/lib/store/pool";
import { readingStore } from "@/lib/store/store-errors";
import { getIndexUsageSeries } from "@/lib/store/usage-reads";

export const dynamic = "force-dynamic";

const MAX_POINTS = 5_000;
const DEFAULT_SPAN_MS = { hour: 2 * 86_400_000, day: 56 * 86_400_000, week: 56 * 86_400_000 } as const;

const querySchema = z.object({
  bucket: z.enum(["hour", "day", "week"]).default("day"),
  from: instantParam.optional(),
  to: instantParam.optional(),
});

/**
 * GET /api/v1/targets/{id}/indexes/{oid}/usage?from&to&bucket=hour|day|week: the history of
 * the index's identity, whichever of its OIDs (or its key) names it.
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
      "usage query (from and to are ISO-8601, bucket is hour, day or week)",
    );
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - DEFAULT_SPAN_MS[query.bucket]);
    if (!(from < to))
      throw new ValidationError("invalid range: from must be before to", [{ path: ["from"] }]);
    const points = bucketCount(from, to, query.bucket);
    if (points > MAX_POINTS) {
      throw new ValidationError(
        `invalid range: ${points} ${query.bucket}s is more than ${MAX_POINTS} points`,
        [{ path: ["bucket"], message: "choose a larger bucket or a shorter range" }],
      );
    }
    const identity = await findStoredIdentity(targetId, ref);
    if (!identity) throw new NotFoundError(`no usage history for this index of target "${targetId}"`);
    const usage = await readingStore(() =>
      getIndexUsageSeries(storePool(), targetId, identity.currentOid, { from, to, bucket: query.bucket }),
    );
    return json(usage);
  },
);
