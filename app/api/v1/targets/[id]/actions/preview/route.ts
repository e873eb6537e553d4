import { z } from "zod";
import { previewAction } from "@/lib/actions/preview";
import { ACTION_KINDS } from "@/lib/actions/types";
import { requireReader } from "@/lib/auth/guard";
import { oidParam, targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput, parseQuery } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const previewQuery = z.object({ kind: z.enum(ACTION_KINDS), oid: oidParam });

/**
 * GET …/actions/preview?kind=&oid=: the exact SQL an action would run (or why it would be
 * refused), for the confirmation dialog. Runs and records nothing, so a reader may ask (a
 * GET carries no Origin for the same-origin check that writes need).
 */
export const GET = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  await requireReader(request);
  const { id } = await context.params;
  const targetId = parseInput(targetIdParam, id, "target id");
  const { kind, oid } = parseQuery(previewQuery, request, "preview query (kind and oid)");
  return json(await previewAction(targetId, kind, oid));
});
