import { z } from "zod";
import { actionsCsv } from "@/lib/actions/export";
import { actionsForReader } from "@/lib/actions/read";
import { ACTION_KINDS, ACTION_STATUSES } from "@/lib/actions/types";
import { requireReader } from "@/lib/auth/guard";
import { oidParam, targetIdParam } from "@/lib/http/params";
import { handle, json, parseQuery } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const query = z.object({
  target: targetIdParam.optional(),
  kind: z.enum(ACTION_KINDS).optional(),
  status: z.enum(ACTION_STATUSES).optional(),
  oid: oidParam.optional(),
  user: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(200),
  format: z.enum(["json", "csv"]).default("json"),
});

/** The audit log, newest first, with filters; `format=csv` downloads it. */
export const GET = handle(async (request: Request) => {
  const reader = await requireReader(request);
  const q = parseQuery(query, request, "query");
  const actions = await actionsForReader(
    {
      ...(q.target ? { targetId: q.target } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.oid ? { oid: q.oid } : {}),
      ...(q.user ? { username: q.user } : {}),
      limit: q.limit,
    },
    reader,
  );
  if (q.format === "csv") {
    return new Response(actionsCsv(actions), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="indexwatch-actions${q.target ? `-${q.target}` : ""}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  }
  return json({ actions });
});
