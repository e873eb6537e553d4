import { requireReader } from "@/lib/auth/guard";
import { handle, json } from "@/lib/http/respond";
import { describeTarget } from "@/lib/inventory/target-status";
import { listTargetConfigs } from "@/lib/targets/registry";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request) => {
  await requireReader(request);
  const targets = await Promise.all(listTargetConfigs().map(describeTarget));
  return json({ targets });
});
