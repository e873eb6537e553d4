"use client";

import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FindingKind } from "@/lib/analysis/types";
import type { FindingsResponse } from "@/lib/findings/get-findings";
import { ApiError, fetchJson, NETWORK_ERROR_STATUS, shouldRetry } from "./api";
import { pollingOptions } from "./query-keys";

/** Under the target's key, so the shell's freshness watch sees it like any other panel. */
export const findingsKey = (targetId: string) => ["target", targetId, "findings"] as const;

const base = (targetId: string) => `/api/v1/targets/${encodeURIComponent(targetId)}`;

/** The CSV / JSON export (a download link, not a fetch). */
export function findingsExportHref(targetId: string, format: "csv" | "json"): string {
  return `${base(targetId)}/findings?format=${format}`;
}

export function findingsQuery(targetId: string) {
  return queryOptions({
    queryKey: findingsKey(targetId),
    queryFn: ({ signal }) => fetchJson<FindingsResponse>(`${base(targetId)}/findings`, { signal }),
    retry: shouldRetry,
    ...pollingOptions,
    // Catalog-wide and heavier than the inventory: every minute is plenty.
    refetchInterval: 60_000,
  });
}

export function useFindings(targetId: string) {
  return useQuery(findingsQuery(targetId));
}

async function send(method: "POST" | "DELETE", path: string, body?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError(NETWORK_ERROR_STATUS, "network_error", "the indexwatch server cannot be reached");
  }
  const parsed: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; issues?: unknown } } | null)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? `the server answered ${response.status}`,
      error?.issues,
    );
  }
  return parsed;
}

/** Accept a finding with a reason, or take the acceptance back; the list refetches after. */
export function useFindingIgnores(targetId: string) {
  const client = useQueryClient();
  const settle = () => client.invalidateQueries({ queryKey: findingsKey(targetId) });
  const ignore = useMutation({
    mutationFn: (input: { key: string; kind: FindingKind; reason: string }) =>
      send("POST", `${base(targetId)}/ignores`, input),
    onSettled: settle,
  });
  const unignore = useMutation({
    mutationFn: (key: string) => send("DELETE", `${base(targetId)}/ignores?key=${encodeURIComponent(key)}`),
    onSettled: settle,
  });
  return { ignore, unignore };
}
