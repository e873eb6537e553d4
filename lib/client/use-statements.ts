"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { StatementHistory, StatementsView } from "@/lib/statements/statements-view";
import type { StatementKey } from "@/lib/store/statement-reads";
import { fetchJson, shouldRetry } from "./api";

/** Statement history changes at the sampler's pace: a minute between refetches is plenty. */
const STATEMENTS_REFRESH_MS = 60_000;

export interface StatementsQuery {
  q: string;
  sort: "totalMs" | "calls" | "meanMs" | "rows";
  offset: number;
  limit: number;
}

/** `GET /api/v1/targets/{id}/statements`: the store's statements of the last seven days. */
export function useStatements(targetId: string, query: StatementsQuery) {
  const search = new URLSearchParams({
    sort: query.sort,
    offset: String(query.offset),
    limit: String(query.limit),
    ...(query.q ? { q: query.q } : {}),
  });
  return useQuery({
    queryKey: ["target", targetId, "statements", query],
    queryFn: ({ signal }) =>
      fetchJson<StatementsView>(`/api/v1/targets/${encodeURIComponent(targetId)}/statements?${search}`, {
        signal,
      }),
    retry: shouldRetry,
    refetchInterval: STATEMENTS_REFRESH_MS,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
}

/** `GET /api/v1/targets/{id}/statements/{queryid}/history`: one statement's days. */
export function useStatementHistory(targetId: string, key: StatementKey | null) {
  return useQuery({
    queryKey: ["target", targetId, "statements", "history", key],
    queryFn: ({ signal }) => {
      const k = key as StatementKey;
      const search = new URLSearchParams({ dbid: String(k.dbid), userid: String(k.userid) });
      return fetchJson<StatementHistory>(
        `/api/v1/targets/${encodeURIComponent(targetId)}/statements/${encodeURIComponent(k.queryid)}/history?${search}`,
        { signal },
      );
    },
    enabled: key !== null,
    retry: shouldRetry,
    refetchInterval: STATEMENTS_REFRESH_MS,
    refetchIntervalInBackground: false,
  });
}
