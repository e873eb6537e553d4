"use client";

import { queryOptions, useQuery } from "@tanstack/react-query";
import type { IndexInventory } from "@/lib/inventory/index-inventory";
import { fetchJson, shouldRetry } from "./api";
import { pollingOptions, queryKeys } from "./query-keys";

export function indexInventoryQuery(targetId: string) {
  return queryOptions({
    queryKey: queryKeys.indexInventory(targetId),
    queryFn: ({ signal }) =>
      fetchJson<IndexInventory>(`/api/v1/targets/${encodeURIComponent(targetId)}/indexes`, { signal }),
    retry: shouldRetry,
    ...pollingOptions,
  });
}

/** The target's whole index inventory; on a failed poll `data` keeps the last good answer. */
export function useIndexInventory(targetId: string) {
  return useQuery(indexInventoryQuery(targetId));
}
