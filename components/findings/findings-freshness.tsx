"use client";

import { errorMessage } from "@/lib/client/api";
import { useRecomputeFindings } from "@/lib/client/use-findings";
import type { FindingsPage } from "@/lib/findings/findings-page";
import { RelativeTime } from "./human-text";

/** "Computed 3 min ago" with a shared, rate-limited "Recompute now". */
export function FindingsFreshness({ targetId, data }: { targetId: string; data: FindingsPage }) {
  const recompute = useRecomputeFindings(targetId);
  return (
    <div
      className="flex flex-wrap items-baseline gap-2 text-xs text-neutral-500"
      data-testid="findings-freshness"
    >
      <span>
        Computed <RelativeTime at={data.computedAt} nowMs={Date.now()} /> (again when the catalog changes)
      </span>
      <button
        type="button"
        data-testid="findings-recompute"
        disabled={recompute.isPending}
        onClick={() => recompute.mutate()}
        className="text-indigo-700 underline-offset-2 hover:underline disabled:opacity-50 dark:text-indigo-300"
      >
        {recompute.isPending ? "Recomputing…" : "Recompute now"}
      </button>
      {recompute.isError ? (
        <span role="alert" className="text-amber-700 dark:text-amber-300">
          {errorMessage(recompute.error)}
        </span>
      ) : null}
      {data.refreshError ? (
        <span role="status" className="text-amber-700 dark:text-amber-300">
          The last refresh failed ({data.refreshError}); showing the previous analysis.
        </span>
      ) : null}
    </div>
  );
}
