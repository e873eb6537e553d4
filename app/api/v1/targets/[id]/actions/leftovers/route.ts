import { z } from "zod";
import { listLeftovers } from "@/lib/actions/read";
import { requireReader } from "@/lib/auth/guard";
import { oidParam, targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput, parseQuery } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const query = z.object({ table: oidParam.optional() });

/** Invalid `_ccnew` indexes left by interrupted rebuilds, offered for clean-up. */
export const GET = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  await requireReader(request);
  const { id } = await context.params;
  const targetId = parseInput(targetIdParam, id, "target id");
  const { table } = parseQuery(query, request, "query");
  return json({ leftovers: await listLeftovers(targetId, table ?? null) });
});
