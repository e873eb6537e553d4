import { z } from "zod";
import { requireReader } from "@/lib/auth/guard";
import { targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput, parseQuery } from "@/lib/http/respond";
import { storePool } from "@/lib/store/pool";
import { readingStore } from "@/lib/store/store-errors";
import { searchTableNames } from "@/lib/store/table-names";
import { getTargetConfig } from "@/lib/targets/registry";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  q: z.string().max(200).default(""),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** GET /api/v1/targets/{id}/usage/tables?q=ord&limit=20 → { tables: ["public.orders", …], matched } */
export const GET = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  await requireReader(request);
  const params = await context.params;
  const targetId = parseInput(targetIdParam, params.id, "target id");
  const query = parseQuery(querySchema, request, "table search");
  getTargetConfig(targetId);
  return json(await readingStore(() => searchTableNames(storePool(), targetId, query.q, query.limit)));
});
