import { requireReader } from "@/lib/auth/guard";
import { targetIdParam } from "@/lib/http/params";
import { handle, jsonBody, parseInput } from "@/lib/http/respond";
import { getInventorySnapshotBody } from "@/lib/inventory/snapshot";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  await requireReader(request);
  const { id } = await context.params;
  const targetId = parseInput(targetIdParam, id, "target id");
  // Serialized once per snapshot: twenty viewers cost what one does.
  return jsonBody(await getInventorySnapshotBody(targetId));
});
