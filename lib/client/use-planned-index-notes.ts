"use client";

import { useQuery } from "@tanstack/react-query";
import type { PlannedIndexNotes } from "@/lib/plans/planned-index-notes";
import { fetchJson, shouldRetry } from "./api";

/** `GET /api/v1/targets/{id}/plans/indexes?from`: per index, the statements whose plans use it. */
export function usePlannedIndexNotes(targetId: string, fromDay: string | null) {
  const search = new URLSearchParams(fromDay ? { from: fromDay } : {});
  return useQuery({
    queryKey: ["target", targetId, "planned-index-notes", fromDay],
    queryFn: ({ signal }) =>
      fetchJson<PlannedIndexNotes>(
        `/api/v1/targets/${encodeURIComponent(targetId)}/plans/indexes?${search}`,
        {
          signal,
        },
      ),
    retry: shouldRetry,
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
  });
}
