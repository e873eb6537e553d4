"use client";

import { useQuery } from "@tanstack/react-query";
import type { ServerObservation } from "@/lib/fleet/observed-across-servers";
import { fetchJson, shouldRetry } from "./api";
import { pollingOptions } from "./query-keys";

export interface ServerUsageIndex {
  oid: number;
  schema: string;
  table: string;
  name: string;
  /** Summed over every server. */
  scans: number;
  firstSeenAt: string;
  byServer: Record<string, number>;
}

export interface ServerUsageResponse {
  target: string;
  since: string;
  days: number;
  complete: boolean;
  servers: ServerObservation[];
  indexes: ServerUsageIndex[];
}

export function useFleetUsage(targetId: string) {
  return useQuery({
    queryKey: ["fleet", "usage", targetId],
    queryFn: ({ signal }) =>
      fetchJson<ServerUsageResponse>(`/api/v1/fleet/${encodeURIComponent(targetId)}/usage`, { signal }),
    retry: shouldRetry,
    ...pollingOptions,
  });
}
