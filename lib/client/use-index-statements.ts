"use client";

import { useQuery } from "@tanstack/react-query";
import type { IndexStatementsView } from "@/lib/plans/index-statements";
import { fetchJson, shouldRetry } from "./api";

/** Plans and statement history change at the sampler's pace: a minute between refetches. */
const INDEX_STATEMENTS_REFRESH_MS = 60_000;

/** `GET /api/v1/targets/{id}/indexes/{key}/statements`: the statements whose plans use the index. */
export function useIndexStatements(targetId: string, indexKey: string) {
  return useQuery({
    queryKey: ["target", targetId, "index-statements", indexKey],
    queryFn: ({ signal }) =>
      fetchJson<IndexStatementsView>(
        `/api/v1/targets/${encodeURIComponent(targetId)}/indexes/${indexKey}/statements`,
        { signal },
      ),
    retry: shouldRetry,
    refetchInterval: INDEX_STATEMENTS_REFRESH_MS,
    refetchIntervalInBackground: false,
  });
}
