"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { IndexUsageSeries } from "@/lib/store/usage-reads";
import type { WeeklyUsage } from "@/lib/store/weekly-reads";
import { fetchJson, shouldRetry } from "./api";

/** History changes at the sampler's pace (10–60 s): a minute between refetches is plenty. */
const HISTORY_REFRESH_MS = 60_000;

export type WeeklyUsageResponse =
  | WeeklyUsage
  | { targetId: string; from: string; to: string; noHistory: true };

export interface WeeklyQuery {
  weeks?: number;
  from?: string;
  to?: string;
  q?: string;
  table?: string;
  trend?: string;
  sort?: string;
  dir?: "asc" | "desc";
  offset?: number;
  limit?: number;
  /** The per-table list's search and page. */
  tablesQ?: string;
  tablesOffset?: number;
  tablesLimit?: number;
}

function weeklyPath(targetId: string, q: WeeklyQuery): string {
  const search = new URLSearchParams();
  if (q.from && q.to) {
    search.set("from", q.from);
    search.set("to", q.to);
  } else {
    if (q.weeks) search.set("weeks", String(q.weeks));
    if (q.to) search.set("to", q.to);
  }
  if (q.q) search.set("q", q.q);
  if (q.table) search.set("table", q.table);
  if (q.trend) search.set("trend", q.trend);
  if (q.sort) search.set("sort", q.sort);
  if (q.dir) search.set("dir", q.dir);
  if (q.offset) search.set("offset", String(q.offset));
  if (q.limit) search.set("limit", String(q.limit));
  if (q.tablesQ) search.set("tables_q", q.tablesQ);
  if (q.tablesOffset) search.set("tables_offset", String(q.tablesOffset));
  if (q.tablesLimit) search.set("tables_limit", String(q.tablesLimit));
  return `/api/v1/targets/${encodeURIComponent(targetId)}/usage/weekly?${search}`;
}

/** `GET /api/v1/targets/{id}/usage/weekly`. */
export function useWeeklyUsage(targetId: string, q: WeeklyQuery) {
  return useQuery({
    queryKey: ["target", targetId, "usage", "weekly", q],
    queryFn: ({ signal }) => fetchJson<WeeklyUsageResponse>(weeklyPath(targetId, q), { signal }),
    retry: shouldRetry,
    refetchInterval: HISTORY_REFRESH_MS,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
}

export interface TableNames {
  tables: string[];
  matched: number;
}

/** `GET /api/v1/targets/{id}/usage/tables?q=`: the first table names containing `q`, for the picker. */
export function useTableNames(targetId: string, q: string, enabled: boolean) {
  const search = new URLSearchParams(q ? { q } : {});
  return useQuery({
    queryKey: ["target", targetId, "usage", "tables", q],
    queryFn: ({ signal }) =>
      fetchJson<TableNames>(`/api/v1/targets/${encodeURIComponent(targetId)}/usage/tables?${search}`, {
        signal,
      }),
    enabled,
    retry: shouldRetry,
    staleTime: HISTORY_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export interface IndexUsageQuery {
  bucket: "hour" | "day" | "week";
  from: string;
  to: string;
}

/** `GET /api/v1/targets/{id}/indexes/{oid}/usage`. */
/** `ref`: an OID or the identity key (already URL-safe, see lib/indexes/index-ref). */
export function useIndexUsage(targetId: string, ref: string | number, q: IndexUsageQuery) {
  const search = new URLSearchParams({ bucket: q.bucket, from: q.from, to: q.to });
  return useQuery({
    queryKey: ["target", targetId, "indexes", ref, "usage", q.bucket, q.from, q.to],
    queryFn: ({ signal }) =>
      fetchJson<IndexUsageSeries>(
        `/api/v1/targets/${encodeURIComponent(targetId)}/indexes/${ref}/usage?${search}`,
        {
          signal,
        },
      ),
    retry: shouldRetry,
    refetchInterval: HISTORY_REFRESH_MS,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
}
