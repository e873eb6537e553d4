import { whatIfDrop } from "@/lib/advisor/what-if-service";
import { requireSameOriginReader } from "@/lib/auth/guard";
import { RateLimitedError } from "@/lib/errors";
import { oidParam, targetIdParam } from "@/lib/http/params";
import { errorResponse, handle, json, parseInput } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/**
 * "What would get slower?": the statements whose plans use the index, re-planned with it hidden
 * (hypopg 1.4+), cost before and after; without hypopg 1.4+, the statements and why nothing was
 * verified. Any reader, from the app's own pages; at most one every 5 s per target (429).
 */
export const POST = handle(
  async (request: Request, context: { params: Promise<{ id: string; oid: string }> }) => {
    await requireSameOriginReader(request);
    const { id, oid } = await context.params;
    const targetId = parseInput(targetIdParam, id, "target id");
    const indexOid = parseInput(oidParam, oid, "index oid");
    try {
      return json(await whatIfDrop(targetId, indexOid));
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      const response = errorResponse(error);
      response.headers.set("Retry-After", String(error.retryAfterSeconds));
      return response;
    }
  },
);
