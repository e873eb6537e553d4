import { NextResponse } from "next/server";
import { z } from "zod";
import { findingsToCsv } from "@/lib/analysis/findings-csv";
import { requireReader } from "@/lib/auth/guard";
import { getFindings } from "@/lib/findings/get-findings";
import { targetIdParam } from "@/lib/http/params";
import { handle, json, parseInput } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const findingsQuery = z.object({ format: z.enum(["csv", "json"]).optional() });

function attachment(targetId: string, generatedAt: string, extension: string): string {
  const stamp = generatedAt.slice(0, 19).replaceAll(":", "-");
  return `attachment; filename="indexwatch-findings-${targetId}-${stamp}.${extension}"`;
}

/** Findings as JSON for the UI; `?format=csv|json` downloads all of them (ignored ones too, marked). */
export const GET = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  await requireReader(request);
  const { id } = await context.params;
  const targetId = parseInput(targetIdParam, id, "target id");
  const { format } = parseInput(
    findingsQuery,
    Object.fromEntries(new URL(request.url).searchParams),
    "query parameters",
  );
  const report = await getFindings(targetId);
  if (!format) return json(report);
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
