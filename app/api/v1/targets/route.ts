import { requireReader } from "@/lib/auth/guard";
import { handle, json } from "@/lib/http/respond";
import { describeTargetShared } from "@/lib/inventory/snapshot";
import { listTargetConfigs } from "@/lib/targets/registry";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request) => {
  await requireReader(request);
  const targets = await Promise.all(listTargetConfigs().map(describeTargetShared));
  return json({ targets });
});
