"use client";

import { ErrorState, LoadingState } from "@/components/status/query-states";
import { errorMessage } from "@/lib/client/api";
import type { useFindings } from "@/lib/client/use-findings";

/** What the Unused and Findings pages show while the findings have never arrived. */
export function FindingsPlaceholder({ query }: { query: ReturnType<typeof useFindings> }) {
  if (query.error) {
    return (
      <ErrorState
        title="Findings unavailable"
        message={errorMessage(query.error)}
        onRetry={() => query.refetch()}
        retrying={query.isFetching}
      />
    );
  }
  return <LoadingState label="Reading the catalog…" />;
}
