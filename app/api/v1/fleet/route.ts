import { requireReader } from "@/lib/auth/guard";
import { getFleetSummary } from "@/lib/fleet/fleet-summary";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request) => {
  await requireReader(request);
  return json(await getFleetSummary());
});
