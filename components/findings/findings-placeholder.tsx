"use client";

import { QueryPlaceholder } from "@/components/status/query-states";
import type { useFindings } from "@/lib/client/use-findings";

/** What the Unused and Findings pages show while the findings have never arrived. */
export function FindingsPlaceholder({ query }: { query: ReturnType<typeof useFindings> }) {
  return (
    <QueryPlaceholder query={query} errorTitle="Findings unavailable" loadingLabel="Reading the catalog…" />
  );
}
