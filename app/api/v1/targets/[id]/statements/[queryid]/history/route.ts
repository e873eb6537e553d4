import { z } from "zod";
import { daysOfRange } from "@/lib/analysis/calendar";
import { requireReader } from "@/lib/auth/guard";
import { dayParam, targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput, parseQuery } from "@/lib/http/respond";
import { statementRange } from "@/lib/statements/range";
import { getStatementHistory } from "@/lib/statements/statements-view";
import { storePool } from "@/lib/store/pool";
import { readingStore } from "@/lib/store/store-errors";
import { getTargetConfig } from "@/lib/targets/registry";

export const dynamic = "force-dynamic";

const WHOLE_NUMBER = /^-?[0-9]{1,19}$/;

/** pg_stat_statements' queryid: a signed 64-bit integer, as decimal text. */
const queryidParam = z
  .string()
  .regex(WHOLE_NUMBER, "a queryid is a whole number")
  // zod runs this check after a failed regex too: only a whole number reaches BigInt.
  .refine(
    (s) => !WHOLE_NUMBER.test(s) || (BigInt(s) >= -(2n ** 63n) && BigInt(s) < 2n ** 63n),
    "a queryid fits in 64 bits",
  );

const oidNumber = z.coerce.number().int().min(0).max(4_294_967_295);

const querySchema = z.object({
  /** The entry's database and user (pg_stat_statements' dbid and userid). */
  dbid: oidNumber,
  userid: oidNumber,
  from: dayParam.optional(),
  to: dayParam.optional(),
});

/** GET /api/v1/targets/{id}/statements/{queryid}/history?dbid&userid&from&to → calls and time per day. */
export const GET = handle(
  async (request: Request, context: { params: Promise<{ id: string; queryid: string }> }) => {
    await requireReader(request);
    const params = await context.params;
    const targetId = parseInput(targetIdParam, params.id, "target id");
    const queryid = parseInput(queryidParam, params.queryid, "queryid");
    const query = parseQuery(querySchema, request, "statement history query");
    getTargetConfig(targetId);
    const pool = storePool();
    const range = await statementRange(pool, query);
    const key = { queryid: BigInt(queryid).toString(), dbid: query.dbid, userid: query.userid };
    return json(
      await readingStore(() =>
        getStatementHistory(pool, targetId, key, range, daysOfRange(range.from, range.to)),
      ),
    );
  },
);
