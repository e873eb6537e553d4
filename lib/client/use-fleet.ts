"use client";

import { queryOptions, useQuery } from "@tanstack/react-query";
import type { FleetSummary } from "@/lib/fleet/fleet-summary";
import { fetchJson, shouldRetry } from "./api";
import { pollingOptions } from "./query-keys";

export const fleetQueryKey = ["fleet"] as const;

export function fleetQuery() {
  return queryOptions({
    queryKey: fleetQueryKey,
    queryFn: ({ signal }) => fetchJson<FleetSummary>("/api/v1/fleet", { signal }),
    retry: shouldRetry,
    ...pollingOptions,
  });
}

export function useFleet() {
  return useQuery(fleetQuery());
}
