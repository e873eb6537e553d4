"use client";

import { useEffect, useState } from "react";
import { formatDateTime, formatRelative, formatTime } from "@/components/format";

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export interface LastUpdatedProps {
  /** When the data arrived (browser clock, ms since epoch); null before any data. */
  updatedAt: number | null;
  /** The database clock when the data was sampled, shown on hover. */
  sampledAt?: string | null;
  isFetching?: boolean;
  /** Set when the latest refresh failed: the time is then shown as stale. */
  stale?: boolean;
}

/** "updated 12 s ago", ticking every second. */
export function LastUpdated({ updatedAt, sampledAt, isFetching = false, stale = false }: LastUpdatedProps) {
  const now = useNow(1000);
  const title =
    updatedAt === null
      ? undefined
      : `Received ${formatTime(updatedAt)}${sampledAt ? `; sampled by the database at ${formatDateTime(sampledAt)}` : ""}. Refreshes every 15 s while this tab is visible.`;
  return (
    <span
      data-testid="last-updated"
      title={title}
      className={`inline-flex items-center gap-1.5 text-xs tabular-nums ${
        stale ? "text-amber-700 dark:text-amber-400" : "text-neutral-500 dark:text-neutral-400"
      }`}
    >
      <span
        aria-hidden="true"
        className={`size-1.5 rounded-full ${
          isFetching
            ? "animate-pulse bg-indigo-500"
            : stale
              ? "bg-amber-500"
              : updatedAt === null
                ? "bg-neutral-300 dark:bg-neutral-600"
                : "bg-emerald-500"
        }`}
      />
      {updatedAt === null
        ? isFetching
          ? "loading…"
          : "not updated yet"
        : `updated ${formatRelative(updatedAt, Math.max(now, updatedAt))}`}
    </span>
  );
}
