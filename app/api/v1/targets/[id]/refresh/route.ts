import { requireSameOriginReader } from "@/lib/auth/guard";
import { RateLimitedError } from "@/lib/errors";
import { targetIdParam } from "@/lib/http/params";
import { errorResponse, handle, json, parseInput } from "@/lib/http/respond";
import { refreshInventoryNow } from "@/lib/inventory/snapshot";

export const dynamic = "force-dynamic";

/**
 * "Refresh now": any reader may ask the sampler for one poll, which every viewer then shares.
 * Callers while it runs get the same poll; within 10 s of the last one the answer is 429 with
 * Retry-After. Answers the new inventory.
 */
export const POST = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  await requireSameOriginReader(request);
  const { id } = await context.params;
  const targetId = parseInput(targetIdParam, id, "target id");
  try {
    return json(await refreshInventoryNow(targetId));
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    const response = errorResponse(error);
    response.headers.set("Retry-After", String(error.retryAfterSeconds));
    return response;
  }
});
