"use client";

import { useEffect, useState } from "react";
import { formatDateTime, formatSpan } from "@/components/format";
import { ApiError, errorMessage } from "@/lib/client/api";
import { useRefreshInventory } from "@/lib/client/use-index-inventory";
import type { IndexInventory } from "@/lib/inventory/index-inventory";

export interface SnapshotFreshnessProps {
  targetId: string;
  inventory: Pick<IndexInventory, "asOf" | "ageSeconds" | "targetUnreachable">;
  /** When the answer arrived (browser clock, ms): its age keeps counting from there. */
  receivedAt: number;
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * "as of 12 s ago": the age of the sampler's poll the page shows (counted by the server, then
 * on in the browser, so clocks that disagree do not matter), and a "Refresh now" button that
 * asks for one poll every viewer shares.
 */
export function SnapshotFreshness({ targetId, inventory, receivedAt }: SnapshotFreshnessProps) {
  const now = useNow(1000);
  const refresh = useRefreshInventory(targetId);
  const ageMs = inventory.ageSeconds * 1000 + Math.max(0, now - receivedAt);
  const refused = refresh.error instanceof ApiError && refresh.error.status === 429 ? refresh.error : null;
  return (
    <div className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1 text-xs text-neutral-500 dark:text-neutral-400">
      {inventory.targetUnreachable ? (
        <span data-testid="snapshot-unreachable" className="text-amber-700 dark:text-amber-400">
          The sampler cannot reach the target ({inventory.targetUnreachable}): showing its last poll.
        </span>
      ) : null}
      <span
        data-testid="snapshot-age"
        className="tabular-nums"
        title={`From the sampler's poll at ${formatDateTime(inventory.asOf)} (the database's clock). Every viewer reads the same poll; the sampler polls on its own schedule.`}
      >
        as of {ageMs < 1000 ? "just now" : `${formatSpan(ageMs)} ago`}
      </span>
      <button
        type="button"
        data-testid="refresh-now"
        onClick={() => refresh.mutate()}
        disabled={refresh.isPending}
        className="rounded border border-neutral-300 px-2 py-0.5 text-neutral-700 hover:bg-neutral-100 disabled:opacity-50 dark:border-neutral-700 dark:text-neutral-200 dark:hover:bg-neutral-800"
      >
        {refresh.isPending ? "Refreshing…" : "Refresh now"}
      </button>
      {refresh.error ? (
        <span role="status" className="text-amber-700 dark:text-amber-400">
          {refused ? refused.message : `Refresh failed: ${errorMessage(refresh.error)}`}
        </span>
      ) : null}
    </div>
  );
}
