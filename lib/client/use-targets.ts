"use client";

import { queryOptions, useQuery } from "@tanstack/react-query";
import type { TargetStatus } from "@/lib/inventory/target-status";
import { fetchJson, shouldRetry } from "./api";
import { pollingOptions, queryKeys } from "./query-keys";

export interface TargetsResponse {
  targets: TargetStatus[];
}

export function targetsQuery() {
  return queryOptions({
    queryKey: queryKeys.targets(),
    queryFn: ({ signal }) => fetchJson<TargetsResponse>("/api/v1/targets", { signal }),
    retry: shouldRetry,
    ...pollingOptions,
  });
}

export function useTargets() {
  return useQuery(targetsQuery());
}

/** One target's status from the polled target list (undefined until it loads). */
export function useTargetStatus(targetId: string): TargetStatus | undefined {
  const { data } = useTargets();
  return data?.targets.find((t) => t.id === targetId);
}
