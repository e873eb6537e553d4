"use client";

import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FindingKind } from "@/lib/analysis/types";
import type { FindingList, FindingSort, FindingsPage } from "@/lib/findings/findings-page";
import { ApiError, fetchJson, NETWORK_ERROR_STATUS, shouldRetry } from "./api";
import { pollingOptions } from "./query-keys";

/** Under the target's key, so the shell's freshness watch sees it like any other panel. */
export const findingsKey = (targetId: string) => ["target", targetId, "findings"] as const;

const base = (targetId: string) => `/api/v1/targets/${encodeURIComponent(targetId)}`;

/** The CSV / JSON export (a download link, not a fetch). */
export function findingsExportHref(targetId: string, format: "csv" | "json"): string {
  return `${base(targetId)}/findings?format=${format}`;
}

/** What a Unused or Findings page asks for: everything the server filters, sorts and cuts. */
export interface FindingsPageParams {
  list: FindingList;
  kind: FindingKind | "";
  table: string;
  q: string;
  safe: boolean;
  sort: FindingSort;
  dir: "asc" | "desc" | "";
  limit: number;
  offset: number;
}

/** The query string of a page request; empty values are left out. */
export function findingsPageSearch(params: FindingsPageParams): string {
  const search = new URLSearchParams({ list: params.list, sort: params.sort, limit: String(params.limit) });
  if (params.kind) search.set("kind", params.kind);
  if (params.table) search.set("table", params.table);
  if (params.q) search.set("q", params.q);
  if (params.safe) search.set("safe", "1");
  if (params.dir) search.set("dir", params.dir);
  if (params.offset > 0) search.set("offset", String(params.offset));
  return search.toString();
}

export function findingsPageOptions(targetId: string, params: FindingsPageParams) {
  return queryOptions({
    queryKey: [...findingsKey(targetId), params] as const,
    queryFn: ({ signal }) =>
      fetchJson<FindingsPage>(`${base(targetId)}/findings?${findingsPageSearch(params)}`, { signal }),
    retry: shouldRetry,
    ...pollingOptions,
    // The server recomputes only when the catalog moved: a minute is plenty.
    refetchInterval: 60_000,
    // A new filter, sort or page keeps the rows on screen until its answer arrives; a
    // background refresh swaps the page in place (structural sharing keeps unchanged rows).
    placeholderData: keepPreviousData,
  });
}

/** One page of findings (server-side filter, sort and paging) with the counts per kind. */
export function useFindingsPage(targetId: string, params: FindingsPageParams) {
  return useQuery(findingsPageOptions(targetId, params));
}

/** "Recompute now": the server shares it with a running one and refuses more than one per 10 s. */
export function useRecomputeFindings(targetId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => send("POST", `${base(targetId)}/findings?limit=1`),
    onSuccess: () => client.invalidateQueries({ queryKey: findingsKey(targetId) }),
  });
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
