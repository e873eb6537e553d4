import { requireReader } from "@/lib/auth/guard";
import { NotFoundError } from "@/lib/errors";
import { getObservedUsageAcrossServers } from "@/lib/fleet/observed-across-servers";
import { targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput } from "@/lib/http/respond";
import { storePool } from "@/lib/store/pool";
import { readingStore } from "@/lib/store/store-errors";
import { getTargetConfig } from "@/lib/targets/registry";

export const dynamic = "force-dynamic";

/**
 * Observed scans of every index of a target over its window, per server (primary and each
 * standby) and summed, with each server's coverage of the window.
 */
export const GET = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  await requireReader(request);
  const id = parseInput(targetIdParam, (await context.params).id, "target id");
  const target = getTargetConfig(id);
  const usage = await readingStore(() => getObservedUsageAcrossServers(target, storePool()));
  if (!usage) throw new NotFoundError(`no stored history for target "${id}" yet`);
  return json({
    target: id,
    since: usage.since,
    days: usage.days,
    complete: usage.complete,
    servers: usage.servers,
    indexes: [...usage.indexes.values()]
      .map((i) => ({ ...i, byServer: usage.byServer.get(i.oid) ?? {} }))
      .sort((a, b) => b.scans - a.scans || a.name.localeCompare(b.name)),
  });
});
