import { requireReader } from "@/lib/auth/guard";
import { NotFoundError } from "@/lib/errors";
import { oidParam, targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput } from "@/lib/http/respond";
import { getIndexInventory } from "@/lib/inventory/index-inventory";

export const dynamic = "force-dynamic";

export const GET = handle(
  async (request: Request, context: { params: Promise<{ id: string; oid: string }> }) => {
    await requireReader(request);
    const params = await context.params;
    const targetId = parseInput(targetIdParam, params.id, "target id");
    const oid = parseInput(oidParam, params.oid, "index oid");
    const inventory = await getIndexInventory(targetId);
    const index = inventory.indexes.find((i) => i.oid === oid);
    if (!index) throw new NotFoundError(`no index with oid ${oid} on target "${targetId}"`);
    const { indexes: _all, ...meta } = inventory;
    return json({ ...meta, index });
  },
);
