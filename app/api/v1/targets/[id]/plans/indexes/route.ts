import { z } from "zod";
import { addDays } from "@/lib/analysis/rollup";
import { requireReader } from "@/lib/auth/guard";
import { dayParam, targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput, parseQuery } from "@/lib/http/respond";
import { getPlannedIndexNotes } from "@/lib/plans/planned-index-notes";
import { maxStatementRangeDays, statementRange } from "@/lib/statements/range";
import { storePool } from "@/lib/store/pool";
import { readingStore } from "@/lib/store/store-errors";
import { getTargetConfig } from "@/lib/targets/registry";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  /** Days, YYYY-MM-DD, both included (default: the last seven days); a longer span is cut to the history kept. */
  from: dayParam.optional(),
  to: dayParam.optional(),
});

/**
 * GET /api/v1/targets/{id}/plans/indexes?from&to → { available, reason, from, to, indexes: [{ schema,
 * table, name, statements, ranInRange }] }: per index, the statements whose stored generic plans
 * use it and how many of them ran in the days (the Unused page's note). From the store only.
 */
export const GET = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  await requireReader(request);
  const params = await context.params;
  const targetId = parseInput(targetIdParam, params.id, "target id");
  const query = parseQuery(querySchema, request, "planned indexes query (from and to are days, YYYY-MM-DD)");
  getTargetConfig(targetId);
  const pool = storePool();
  // The Unused window may be longer than the statement history keeps: its oldest days are cut.
  const { to, from: weekAgo } = await statementRange(pool, { to: query.to });
  const longest = addDays(to, -(maxStatementRangeDays() - 1));
  const asked = query.from ?? weekAgo;
  // Days as YYYY-MM-DD compare as text.
  const range = await statementRange(pool, { from: [asked, longest].sort()[1] as string, to });
  return json(await readingStore(() => getPlannedIndexNotes(pool, targetId, range)));
});
