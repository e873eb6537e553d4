"use client";

import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { IndexInventory } from "@/lib/inventory/index-inventory";
import { fetchJson, shouldRetry } from "./api";
import { pollingOptions, queryKeys } from "./query-keys";
import { sendJson } from "./use-actions-api";

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

/**
 * "Refresh now": asks the sampler for one poll (shared with every viewer, at most once per
 * 10 s per target) and shows its answer at once; a 429 says when the next one is allowed.
 */
export function useRefreshInventory(targetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      sendJson<IndexInventory>("POST", `/api/v1/targets/${encodeURIComponent(targetId)}/refresh`),
    onSuccess: (inventory) => {
      queryClient.setQueryData(queryKeys.indexInventory(targetId), inventory);
      // Index pages read the same poll: they refetch from it (the inventory is already set).
      const inventoryKey = queryKeys.indexInventory(targetId);
      void queryClient.invalidateQueries({
        queryKey: inventoryKey,
        predicate: (query) => query.queryKey.length > inventoryKey.length,
      });
    },
  });
}
