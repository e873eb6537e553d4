"use client";

import { errorMessage } from "@/lib/client/api";

/** Page-level placeholders for a query that has no data to show yet. */

export function LoadingState({ label = "Loading…" }: { label?: string }) {
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="loading-state"
      className="flex min-h-40 items-center justify-center gap-2 rounded-lg border border-dashed border-neutral-300 text-sm text-neutral-500 dark:border-neutral-700 dark:text-neutral-400"
    >
      <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-indigo-500" />
      {label}
    </div>
  );
}

export interface ErrorStateProps {
  title: string;
  message: string;
  onRetry?: () => void;
  retrying?: boolean;
  testId?: string;
  children?: React.ReactNode;
}

export function ErrorState({
  title,
  message,
  onRetry,
  retrying = false,
  testId = "error-state",
  children,
}: ErrorStateProps) {
  return (
    <div
      role="alert"
      data-testid={testId}
      className="rounded-lg border border-red-200 bg-red-50 px-5 py-4 text-sm text-red-900 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-100"
    >
      <h2 className="font-semibold">{title}</h2>
      <p className="mt-1 break-words">{message}</p>
      {children}
      {onRetry ? (
        <button
          type="button"
          onClick={onRetry}
          disabled={retrying}
          className="mt-3 rounded-md border border-red-300 bg-white px-3 py-1 text-xs font-medium text-red-900 hover:bg-red-100 disabled:opacity-60 dark:border-red-800 dark:bg-red-950 dark:text-red-100 dark:hover:bg-red-900"
        >
          {retrying ? "Retrying…" : "Retry now"}
        </button>
      ) : null}
    </div>
  );
}

/** The parts of a React Query result that a placeholder reads. */
export interface PendingQuery {
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}

/** What a page shows while its query has never answered: the error with a retry, or loading. */
export function QueryPlaceholder({
  query,
  errorTitle,
  loadingLabel,
}: {
  query: PendingQuery;
  errorTitle: string;
  loadingLabel: string;
}) {
  if (query.isError) {
    return (
      <ErrorState
        title={errorTitle}
        message={errorMessage(query.error)}
        onRetry={() => void query.refetch()}
        retrying={query.isFetching}
      />
    );
  }
  return <LoadingState label={loadingLabel} />;
}
