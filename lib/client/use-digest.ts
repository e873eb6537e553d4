"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Digest } from "@/lib/digest/types";
import { fetchJson, shouldRetry } from "./api";

/** The URL of a digest, as JSON (the page) or Markdown (the export). */
export function digestUrl(
  targetId: string | null,
  week: string | null,
  format: "json" | "md" = "json",
): string {
  const query = new URLSearchParams();
  if (targetId) query.set("target", targetId);
  if (week) query.set("week", week);
  if (format !== "json") query.set("format", format);
  const text = query.toString();
  return `/api/v1/digest${text ? `?${text}` : ""}`;
}

/** A digest is a report of a finished week: fetched once, not polled. */
export function useDigest(targetId: string | null, week: string | null) {
  return useQuery({
    queryKey: ["digest", targetId ?? "fleet", week ?? "latest"],
    meta: targetId ? { targetId } : undefined,
    queryFn: ({ signal }) => fetchJson<Digest>(digestUrl(targetId, week), { signal }),
    retry: shouldRetry,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });
}
