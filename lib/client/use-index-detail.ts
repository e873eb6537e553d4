"use client";

import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import type { IndexInventory, IndexJson } from "@/lib/inventory/index-inventory";
import { ApiError, fetchJson, shouldRetry } from "./api";
import { POLL_INTERVAL_MS, pollingOptions, queryKeys } from "./query-keys";

/** `GET /api/v1/targets/{id}/indexes/{oid}`: the inventory's metadata with one index. */
export type IndexDetailResponse = Omit<IndexInventory, "indexes"> & { index: IndexJson };

export function indexDetailQuery(targetId: string, oid: number) {
  return queryOptions({
    queryKey: queryKeys.indexDetail(targetId, oid),
    queryFn: ({ signal }) =>
      fetchJson<IndexDetailResponse>(`/api/v1/targets/${encodeURIComponent(targetId)}/indexes/${oid}`, {
        signal,
      }),
    retry: shouldRetry,
    ...pollingOptions,
    // An index that does not exist will not appear by polling for it.
    refetchInterval: (query) =>
      query.state.error instanceof ApiError && query.state.error.isNotFound ? false : POLL_INTERVAL_MS,
  });
}

/**
 * One index. Coming from the table or a chart, the inventory already in the cache is shown
 * at once as placeholder while the detail loads.
 */
export function useIndexDetail(targetId: string, oid: number) {
  const queryClient = useQueryClient();
  return useQuery({
    ...indexDetailQuery(targetId, oid),
    placeholderData: () => {
      const inventory = queryClient.getQueryData<IndexInventory>(queryKeys.indexInventory(targetId));
      const index = inventory?.indexes.find((i) => i.oid === oid);
      if (!inventory || !index) return undefined;
      const { indexes: _all, ...meta } = inventory;
      return { ...meta, index };
    },
  });
}
