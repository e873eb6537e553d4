import { z } from "zod";
import { FINDING_KINDS } from "@/lib/analysis/types";
import { requireOperator, requireReader } from "@/lib/auth/guard";
import { NotFoundError } from "@/lib/errors";
import { addIgnore, listIgnores, removeIgnore } from "@/lib/findings/ignores-store";
import { readJsonBody } from "@/lib/http/body";
import { targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput, parseQuery } from "@/lib/http/respond";
import { storePool } from "@/lib/store/pool";
import { getTargetConfig } from "@/lib/targets/registry";

export const dynamic = "force-dynamic";

const findingKey = z.string().min(1).max(2000);

const ignoreBody = z.object({
  key: findingKey,
  kind: z.enum(FINDING_KINDS),
  reason: z.string().trim().min(1, "say why the finding is accepted").max(2000),
});

const deleteQuery = z.object({ key: findingKey });

type Context = { params: Promise<{ id: string }> };

async function targetOf(context: Context): Promise<string> {
  const { id } = await context.params;
  const targetId = parseInput(targetIdParam, id, "target id");
  return getTargetConfig(targetId).id;
}

export const GET = handle(async (request: Request, context: Context) => {
  await requireReader(request);
  const targetId = await targetOf(context);
  return json({ ignores: await listIgnores(storePool(), targetId) });
});

/** Accepts a finding with a reason: hidden until its index changes. */
export const POST = handle(async (request: Request, context: Context) => {
  const user = await requireOperator(request);
  const targetId = await targetOf(context);
  const body = parseInput(ignoreBody, await readJsonBody(request), "ignore");
  const ignore = await addIgnore(storePool(), targetId, { ...body, by: user.username });
  return json(ignore, { status: 201 });
});

/** `DELETE …/ignores?key=…`: the finding shows again. */
export const DELETE = handle(async (request: Request, context: Context) => {
  await requireOperator(request);
  const targetId = await targetOf(context);
  const { key } = parseQuery(deleteQuery, request, "query parameters");
  if (!(await removeIgnore(storePool(), targetId, key))) throw new NotFoundError("no such ignored finding");
  return json({ removed: key });
});
