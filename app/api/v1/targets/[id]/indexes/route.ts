import { requireReader } from "@/lib/auth/guard";
import { targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput } from "@/lib/http/respond";
import { getInventorySnapshot } from "@/lib/inventory/snapshot";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  await requireReader(request);
  const { id } = await context.params;
  const targetId = parseInput(targetIdParam, id, "target id");
  return json(await getInventorySnapshot(targetId));
});
