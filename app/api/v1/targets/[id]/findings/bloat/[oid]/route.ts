import { requireOperatorToRead } from "@/lib/auth/guard";
import { getExactBloat } from "@/lib/findings/exact-bloat";
import { oidParam, targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** The exact bloat of one btree index (pgstattuple), on demand: it reads the whole index, so operators only. */
export const GET = handle(
  async (request: Request, context: { params: Promise<{ id: string; oid: string }> }) => {
    await requireOperatorToRead(request);
    const { id, oid } = await context.params;
    const targetId = parseInput(targetIdParam, id, "target id");
    const indexOid = parseInput(oidParam, oid, "index oid");
    return json(await getExactBloat(targetId, indexOid));
  },
);
