import { requireReader } from "@/lib/auth/guard";
import { buildDigest } from "@/lib/digest/build-digest";
import { digestMarkdown } from "@/lib/digest/markdown";
import { digestQuery } from "@/lib/digest/params";
import { handle, json, parseQuery } from "@/lib/http/respond";
import { storePool } from "@/lib/store/pool";
import { readingStore } from "@/lib/store/store-errors";

export const dynamic = "force-dynamic";

/** The weekly digest of one target (?target=) or of the fleet, as JSON or Markdown (?format=md). */
export const GET = handle(async (request: Request) => {
  await requireReader(request);
  const query = parseQuery(digestQuery, request, "digest query");
  const digest = await readingStore(() => buildDigest(storePool(), query.week ?? null, query.target ?? null));
  if (query.format === "json") return json(digest);
  const file = `indexwatch-digest-${query.target ?? "fleet"}-${digest.week}.md`;
  return new Response(digestMarkdown(digest), {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file}"`,
      "Cache-Control": "no-store",
    },
  });
});
