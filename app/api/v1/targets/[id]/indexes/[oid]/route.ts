import { requireReader } from "@/lib/auth/guard";
import { targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput } from "@/lib/http/respond";
import { getIndexDetail } from "@/lib/indexes/index-detail";
import { indexRefParam } from "@/lib/indexes/index-ref";

export const dynamic = "force-dynamic";

/**
 * One index, by OID (current or former) or identity key (schema.table.name). 200 with the
 * current index (`oid` today's, `formerOids` the ones before a rebuild); 410 with
 * `{"dropped":{"at","by","undo"}}` once it is gone; 404 when it was never known.
 */
export const GET = handle(
  async (request: Request, context: { params: Promise<{ id: string; oid: string }> }) => {
    await requireReader(request);
    const params = await context.params;
    const targetId = parseInput(targetIdParam, params.id, "target id");
    const { state, ...answer } = await getIndexDetail(targetId, indexRefParam(params.oid));
    return json(answer, { status: state === "dropped" ? 410 : 200 });
  },
);
