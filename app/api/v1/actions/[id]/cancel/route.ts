import { cancelAction } from "@/lib/actions/cancel";
import { actionIdParam } from "@/lib/actions/params";
import { requireOperator } from "@/lib/auth/guard";
import { handle, json, parseInput } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** Cancels the action's backend (operator only); 202 while the cancel takes effect. */
export const POST = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const user = await requireOperator(request);
  const { id } = await context.params;
  const outcome = await cancelAction(parseInput(actionIdParam, id, "action id"), user.username);
  return json(outcome, { status: 202 });
});
