import { errorResponse } from "@/lib/http/respond";
import { collectMetrics } from "@/lib/metrics/collect";
import { scrapeRefusal } from "@/lib/metrics/scrape-auth";

export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint (text exposition format); a bearer token when METRICS_TOKEN is set, closed without one under READ_ANONYMOUS=false. */
export async function GET(request: Request): Promise<Response> {
  try {
    const refusal = await scrapeRefusal(request);
    if (refusal) {
      return new Response(`${refusal}\n`, {
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
