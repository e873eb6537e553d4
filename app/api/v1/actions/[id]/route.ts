import { actionIdParam } from "@/lib/actions/params";
import { actionForReader } from "@/lib/actions/read";
import { requireReader } from "@/lib/auth/guard";
import { handle, json, parseInput } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** One action, with live progress while it runs (readable from any app process, after a reload). */
export const GET = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const reader = await requireReader(request);
  const { id } = await context.params;
  return json(await actionForReader(parseInput(actionIdParam, id, "action id"), reader));
});
