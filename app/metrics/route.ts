import { env } from "@/lib/config/env";
import { errorResponse } from "@/lib/http/respond";
import { collectMetrics } from "@/lib/metrics/collect";
import { scrapeAllowed } from "@/lib/metrics/scrape-auth";

export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint (text exposition format); a bearer token when METRICS_TOKEN is set. */
export async function GET(request: Request): Promise<Response> {
  try {
    if (!scrapeAllowed(request.headers.get("authorization"), env().METRICS_TOKEN)) {
      return new Response("unauthorized: send Authorization: Bearer <METRICS_TOKEN>\n", {
        status: 401,
        headers: { "WWW-Authenticate": 'Bearer realm="indexwatch metrics"', "Cache-Control": "no-store" },
      });
    }
    const registry = await collectMetrics();
    return new Response(await registry.metrics(), {
      headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
