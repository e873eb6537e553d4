import { z } from "zod";
import { requireReader } from "@/lib/auth/guard";
import { dayParam, offsetParam, targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput, parseQuery } from "@/lib/http/respond";
import { PLANS_OFF_REASON } from "@/lib/plans/explain-connection";
import { statementRange } from "@/lib/statements/range";
import { getStatementsView } from "@/lib/statements/statements-view";
import { storePool } from "@/lib/store/pool";
import { readingStore } from "@/lib/store/store-errors";
import { getTargetConfig } from "@/lib/targets/registry";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  /** Days, YYYY-MM-DD, both included (default: the last seven days). */
  from: dayParam.optional(),
  to: dayParam.optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
  offset: offsetParam.default(0),
  sort: z.enum(["totalMs", "calls", "meanMs", "rows"]).default("totalMs"),
  /** A piece of the statement's text. */
  q: z.string().max(200).optional(),
});

/**
 * GET /api/v1/targets/{id}/statements?from&to&limit → { available, reason, statements: [{ queryid,
 * query, calls, totalMs, meanMs, rows, indexes, seqScans }] }, from the store only.
 */
export const GET = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  await requireReader(request);
  const params = await context.params;
  const targetId = parseInput(targetIdParam, params.id, "target id");
  const query = parseQuery(querySchema, request, "statements query");
  const target = getTargetConfig(targetId);
  // Whether the sampler plans this target's statements (it does when an EXPLAIN URL is set).
  const plans = target.explainUrl
    ? { available: true, reason: null }
    : { available: false, reason: PLANS_OFF_REASON };
  const pool = storePool();
  const range = await statementRange(pool, query);
  const view = await readingStore(() =>
    getStatementsView(pool, targetId, plans, {
      ...range,
      limit: query.limit,
      offset: query.offset,
      sort: query.sort,
      ...(query.q ? { q: query.q } : {}),
    }),
  );
  return json(view);
});
