"use client";

import { QueryPlaceholder } from "@/components/status/query-states";
import type { useFindingsPage } from "@/lib/client/use-findings";

/** What the Unused and Findings pages show while the findings have never arrived. */
export function FindingsPlaceholder({ query }: { query: ReturnType<typeof useFindingsPage> }) {
  return (
    <QueryPlaceholder query={query} errorTitle="Findings unavailable" loadingLabel="Reading the catalog…" />
  );
}
