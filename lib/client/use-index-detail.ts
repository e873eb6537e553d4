"use client";

import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import type { IndexDetailAnswer } from "@/lib/indexes/index-detail";
import type { IndexInventory } from "@/lib/inventory/index-inventory";
import { ApiError, errorFromBody, NETWORK_ERROR_STATUS, shouldRetry } from "./api";
import { POLL_INTERVAL_MS, pollingOptions, queryKeys } from "./query-keys";

/** `GET /api/v1/targets/{id}/indexes/{ref}`: the index now (200), or how it went (410). */
export type IndexDetailResponse = IndexDetailAnswer;
export type LiveIndexDetailResponse = Extract<IndexDetailAnswer, { state: "live" }>;

async function fetchIndexDetail(
  targetId: string,
  ref: string,
  signal: AbortSignal,
): Promise<IndexDetailAnswer> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/targets/${encodeURIComponent(targetId)}/indexes/${ref}`, {
      signal,
      headers: { Accept: "application/json" },
      cache: "no-store",
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(NETWORK_ERROR_STATUS, "network_error", "the indexwatch server cannot be reached");
  }
  const body: unknown = await response.json().catch(() => null);
  // A dropped index is an answer, not an error: the page tells its end.
  if (response.status === 410)
    return { state: "dropped", ...(body as Omit<IndexDetailAnswer & { state: "dropped" }, "state">) };
  if (!response.ok) throw errorFromBody(response.status, response.statusText, body);
  return { state: "live", ...(body as Omit<LiveIndexDetailResponse, "state">) };
}

/** `ref`: an OID or the identity key, as in the page's URL (lib/indexes/index-ref). */
export function indexDetailQuery(targetId: string, ref: string) {
  return queryOptions({
    queryKey: queryKeys.indexDetail(targetId, ref),
    queryFn: ({ signal }) => fetchIndexDetail(targetId, ref, signal),
    retry: shouldRetry,
    ...pollingOptions,
    // Neither an unknown index nor a dropped one comes back by polling for it.
    refetchInterval: (query) =>
      (query.state.error instanceof ApiError && query.state.error.isNotFound) ||
      query.state.data?.state === "dropped"
        ? false
        : POLL_INTERVAL_MS,
  });
}

/**
 * One index. Coming from the table by OID, the inventory already in the cache is shown at
 * once as placeholder while the detail loads.
 */
export function useIndexDetail(targetId: string, ref: string) {
  const queryClient = useQueryClient();
  return useQuery({
    ...indexDetailQuery(targetId, ref),
    placeholderData: (): IndexDetailAnswer | undefined => {
      const inventory = queryClient.getQueryData<IndexInventory>(queryKeys.indexInventory(targetId));
      const index = inventory?.indexes.find((i) => String(i.oid) === ref);
      if (!inventory || !index) return undefined;
      const { indexes: _all, ...meta } = inventory;
      // No key yet: the panels that need the answer (history, statements, partitions) wait for it.
      return {
        state: "live",
        ...meta,
        index,
        oid: index.oid,
        key: "",
        formerOids: [],
        history: null,
        partitions: [],
      };
    },
  });
}
