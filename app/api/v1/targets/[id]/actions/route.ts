import { z } from "zod";
import { ActionAlreadyRunningError } from "@/lib/actions/errors";
import { actionsForReader } from "@/lib/actions/read";
import { startAction } from "@/lib/actions/runner";
import { ACTION_KINDS } from "@/lib/actions/types";
import { requireOperator, requireReader } from "@/lib/auth/guard";
import { readJsonBody } from "@/lib/http/body";
import { oidNumber, oidParam, targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput } from "@/lib/http/respond";
import { getTargetConfig } from "@/lib/targets/registry";

export const dynamic = "force-dynamic";

const actionBody = z.object({
  kind: z.enum(ACTION_KINDS),
  /** The index's OID; the table's for reindex_table. */
  oid: z.union([oidNumber, oidParam]),
});

type Context = { params: Promise<{ id: string }> };

/** Starts an action: 202 with its id; it runs on in the background. */
export const POST = handle(async (request: Request, context: Context) => {
  const user = await requireOperator(request);
  const { id } = await context.params;
  const targetId = parseInput(targetIdParam, id, "target id");
  const { kind, oid } = parseInput(actionBody, await readJsonBody(request), "action");
  getTargetConfig(targetId);
  try {
    const started = await startAction({ targetId, kind, oid, user });
    return json(started, { status: 202 });
  } catch (error) {
    if (error instanceof ActionAlreadyRunningError) {
      return json(
        {
          id: error.runningActionId,
          error: { code: "action_running", message: error.message, id: error.runningActionId },
        },
        { status: 409 },
      );
    }
    throw error;
  }
});

/** This target's audit log (same as GET /api/v1/actions?target=). */
export const GET = handle(async (request: Request, context: Context) => {
  const reader = await requireReader(request);
  const { id } = await context.params;
  const targetId = parseInput(targetIdParam, id, "target id");
  getTargetConfig(targetId);
  return json({ actions: await actionsForReader({ targetId, limit: 200 }, reader) });
});
