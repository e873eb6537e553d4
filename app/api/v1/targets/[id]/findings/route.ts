import { NextResponse } from "next/server";
import { z } from "zod";
import { findingsToCsv } from "@/lib/analysis/findings-csv";
import { requireReader, requireSameOriginReader } from "@/lib/auth/guard";
import {
  getCachedFindings,
  recomputeFindings,
  type ServedFindings,
  sharedResponse,
} from "@/lib/findings/findings-cache";
import { findingsPage, findingsPageQuery } from "@/lib/findings/findings-page";
import { targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput, parseQuery } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const findingsQuery = findingsPageQuery.extend({ format: z.enum(["csv", "json"]).optional() });

type Context = { params: Promise<{ id: string }> };

function attachment(targetId: string, generatedAt: string, extension: string): string {
  const stamp = generatedAt.slice(0, 19).replaceAll(":", "-");
  return `attachment; filename="indexwatch-findings-${targetId}-${stamp}.${extension}"`;
}

async function targetOf(context: Context): Promise<string> {
  const { id } = await context.params;
  return parseInput(targetIdParam, id, "target id");
}

async function pageOf(served: ServedFindings, query: z.output<typeof findingsPageQuery>) {
  const report = await sharedResponse(served.computed);
  return findingsPage(report, { computedAt: served.computedAt, refreshError: served.refreshError }, query);
}

/**
 * One page of the findings, computed once per catalog change and shared by every viewer
 * (`list`, `kind`, `table`, `q`, `safe`, `sort`, `dir`, `limit`, `offset`), with the counts
 * and bytes per kind; `?format=csv|json` downloads all of them (ignored ones too, marked).
 */
export const GET = handle(async (request: Request, context: Context) => {
  await requireReader(request);
  const targetId = await targetOf(context);
  const { format, ...query } = parseQuery(findingsQuery, request, "query parameters");
  const served = await getCachedFindings(targetId);
  if (!format) return json(await pageOf(served, query));
  const report = await sharedResponse(served.computed);
  const all = [...report.findings, ...report.ignored.map((i) => i.finding)];
  if (format === "json") {
    return json(
      { target: report.target, generatedAt: report.generatedAt, window: report.window, findings: all },
      { headers: { "Content-Disposition": attachment(report.target, report.generatedAt, "json") } },
    );
  }
  return new NextResponse(findingsToCsv(all), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachment(report.target, report.generatedAt, "csv"),
      "Cache-Control": "no-store",
    },
  });
});

/** Recompute now (after DDL run elsewhere): shared with a running one, at most every 10 s; answers page one. */
export const POST = handle(async (request: Request, context: Context) => {
  await requireSameOriginReader(request);
  const targetId = await targetOf(context);
  const query = parseQuery(findingsPageQuery, request, "query parameters");
  const outcome = await recomputeFindings(targetId);
  if (outcome.status === "rate_limited") {
    return json(
      {
        error: {
          code: "rate_limited",
          message: `the findings were computed moments ago; try again in ${outcome.retryAfterSeconds} s`,
        },
      },
      { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } },
    );
  }
  return json(await pageOf(outcome.findings, query));
});
