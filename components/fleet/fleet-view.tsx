"use client";

import Link from "next/link";
import { ErrorState, LoadingState } from "@/components/status/query-states";
import { errorMessage } from "@/lib/client/api";
import { useFleet } from "@/lib/client/use-fleet";
import { FleetTable } from "./fleet-table";

/** The Fleet page: every target's health and index figures, refreshed while visible. */
export function FleetView() {
  const fleet = useFleet();
  return (
    <main className="mx-auto max-w-[1600px] px-6 py-6" data-testid="fleet-page">
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <p className="text-sm font-semibold tracking-tight text-indigo-600 dark:text-indigo-400">
            indexwatch
          </p>
          <h1 className="text-xl font-semibold">Fleet</h1>
        </div>
        <Link
          href="/fleet/digest"
          className="text-sm text-indigo-700 hover:underline dark:text-indigo-300"
          data-testid="fleet-digest-link"
        >
          Weekly digest of the fleet
        </Link>
      </div>
      {fleet.data ? (
        <>
          {!fleet.data.storeAvailable ? (
            <p className="mb-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
              The history store is not available: last samples and running actions are not shown.
            </p>
          ) : null}
          <FleetTable targets={fleet.data.targets} />
          {fleet.error ? (
            <p className="mt-2 text-xs text-red-700">Refresh failed: {errorMessage(fleet.error)}</p>
          ) : null}
        </>
      ) : fleet.error ? (
        <ErrorState
          title="The fleet could not be read"
          message={errorMessage(fleet.error)}
          onRetry={() => fleet.refetch()}
        />
      ) : (
        <LoadingState label="Reading every target…" />
      )}
    </main>
  );
}
