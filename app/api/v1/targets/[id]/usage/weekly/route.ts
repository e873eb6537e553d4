import { z } from "zod";
import { daysBetween, rangeOfWeeks } from "@/lib/analysis/rollup";
import { requireReader } from "@/lib/auth/guard";
import { env } from "@/lib/config/env";
import { ValidationError } from "@/lib/errors";
import { dayParam, offsetParam, targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput, parseQuery } from "@/lib/http/respond";
import { storePool } from "@/lib/store/pool";
import { readingStore } from "@/lib/store/store-errors";
import { storeToday } from "@/lib/store/usage-reads";
import { getWeeklyUsage } from "@/lib/store/weekly-reads";
import { getTargetConfig } from "@/lib/targets/registry";

export const dynamic = "force-dynamic";

const MAX_WEEKS = 104;
/** The longest range: 104 weeks, or the daily roll-ups kept (RETAIN_DAILY_DAYS) and two weeks to compare. */
const maxDays = () => Math.max(MAX_WEEKS * 7, env().RETAIN_DAILY_DAYS + 14);

const querySchema = z.object({
  weeks: z.coerce.number().int().min(1).max(MAX_WEEKS).default(8),
  /** A date range instead of `weeks`: YYYY-MM-DD, both ends included. */
  from: dayParam.optional(),
  to: dayParam.optional(),
  /** How many of the busiest indexes get a daily series. */
  top: z.coerce.number().int().min(0).max(50).default(8),
  /** The week-over-week table's filter, sort and page. */
  q: z.string().max(200).optional(),
  table: z.string().max(200).optional(),
  trend: z.enum(["newly_unused", "newly_used", "unused", "up", "down", "flat", "not_observed"]).optional(),
  sort: z.enum(["name", "table", "thisWeek", "lastWeek", "change", "trend"]).default("thisWeek"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  offset: offsetParam.default(0),
  limit: z.coerce.number().int().min(1).max(5_000).default(200),
  /** The per-table list's search and page: never the whole list of 10,000 tables. */
  tables_q: z.string().max(200).optional(),
  tables_offset: z.coerce.number().int().min(0).default(0),
  tables_limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** GET /api/v1/targets/{id}/usage/weekly?weeks=8 (or ?from=YYYY-MM-DD&to=YYYY-MM-DD) */
export const GET = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  await requireReader(request);
  const params = await context.params;
  const targetId = parseInput(targetIdParam, params.id, "target id");
  const query = parseQuery(querySchema, request, "weekly usage query");
  getTargetConfig(targetId);
  const pool = storePool();
  const to = query.to ?? (await readingStore(() => storeToday(pool)));
  const from = query.from ?? rangeOfWeeks(to, query.weeks).from;
  const span = daysBetween(from, to);
  if (span < 0) throw new ValidationError("invalid range: from must not be after to", [{ path: ["from"] }]);
  if (span >= maxDays())
    throw new ValidationError(`invalid range: at most ${maxDays()} days`, [{ path: ["from"] }]);
  const filter = {
    ...(query.q ? { q: query.q } : {}),
    ...(query.table ? { table: query.table } : {}),
    ...(query.trend ? { trend: query.trend } : {}),
    sort: query.sort,
    desc: query.dir === "desc",
    offset: query.offset,
    limit: query.limit,
  };
  const weekly = await readingStore(() =>
    getWeeklyUsage(pool, targetId, {
      from,
      to,
      top: query.top,
      filter,
      tables: {
        ...(query.tables_q ? { q: query.tables_q } : {}),
        offset: query.tables_offset,
        limit: query.tables_limit,
      },
    }),
  );
  if (!weekly) return json({ targetId, from, to, noHistory: true });
  return json(weekly);
});
