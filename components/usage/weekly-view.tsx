"use client";

import type { SortingState } from "@tanstack/react-table";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { formatCount, formatDate } from "@/components/format";
import { targetBasePath } from "@/components/nav/target-nav-items";
import { QueryPlaceholder } from "@/components/status/query-states";
import { useWeeklyUsage } from "@/lib/client/use-usage";
import { DailyScansChart } from "./daily-scans-chart";
import { NewlyChangedLists } from "./newly-changed-lists";
import { TableRollupTable } from "./table-rollup";
import { TopIndexesDailyChart } from "./top-indexes-daily-chart";
import { UsageEventsList } from "./usage-events-list";
import { WeekOverWeekTable } from "./week-over-week-table";
import { WeeklyControls } from "./weekly-controls";
import { readWeeklyState, type WeeklyViewState, writeWeeklyState } from "./weekly-url-state";

/** The Weekly usage page: its whole view lives in the URL. */
export function WeeklyView({ targetId }: { targetId: string }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  // The view is local state first (several quick changes must not race the router), mirrored
  // into the URL at once with history.replaceState, which Next.js keeps in step with its router.
  const [state, setLocalState] = useState(() =>
    readWeeklyState(new URLSearchParams(searchParams.toString())),
  );
  const setState = useCallback(
    (next: WeeklyViewState) => {
      setLocalState(next);
      const query = writeWeeklyState(next).toString();
      window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [pathname],
  );
  const usage = useWeeklyUsage(
    targetId,
    state.from && state.to ? { from: state.from, to: state.to } : { weeks: state.weeks },
  );
  const hrefFor = useCallback((oid: number) => `${targetBasePath(targetId)}/indexes/${oid}`, [targetId]);
  const data = usage.data && !("noHistory" in usage.data) ? usage.data : undefined;

  const tables = useMemo(() => (data ? data.tables.map((t) => `${t.schema}.${t.table}`).sort() : []), [data]);

  let body: React.ReactNode;
  if (usage.data && "noHistory" in usage.data) {
    body = (
      <div
        data-testid="weekly-no-history"
        className="rounded-lg border border-dashed border-neutral-300 p-6 text-sm"
      >
        No usage history yet: the sampler stores its first samples within a minute of start.
      </div>
    );
  } else if (!data) {
    body = (
      <QueryPlaceholder
        query={usage}
        errorTitle="Could not load usage history"
        loadingLabel="Reading usage history…"
      />
    );
  } else {
    body = (
      <>
        {data.simulatedUntil ? (
          <p
            data-testid="simulated-notice"
            className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
          >
            Demo: the history before {formatDate(data.simulatedUntil)} is <strong>simulated</strong> from the
            demo workload mix (grey in the charts, flagged <code>simulated</code> in the API). Real samples
            continue it.
          </p>
        ) : null}
        {!data.complete ? (
          <p data-testid="incomplete-notice" className="text-sm text-amber-700 dark:text-amber-300">
            This range has gaps (the target was unreachable or the store was down): see the events below.
          </p>
        ) : null}
        <p className="text-sm text-neutral-600 dark:text-neutral-300" data-testid="weekly-summary">
          {data.from} → {data.to}: this week ({data.thisWeek.from} – {data.thisWeek.to}){" "}
          {formatCount(data.dailyTotals.slice(-7).reduce((s, d) => s + d.scans, 0))} scans, last week{" "}
          {formatCount(data.dailyTotals.slice(-14, -7).reduce((s, d) => s + d.scans, 0))}.
        </p>
        <div className="grid gap-3 xl:grid-cols-2">
          <DailyScansChart days={data.dailyTotals} />
          <TopIndexesDailyChart
            days={data.days}
            series={data.topSeries}
            simulatedUntil={data.simulatedUntil}
          />
        </div>
        <NewlyChangedLists
          newlyUnused={data.newlyUnused}
          newlyUsed={data.newlyUsed}
          newlyUnusedCount={data.newlyUnusedCount}
          newlyUsedCount={data.newlyUsedCount}
          hrefFor={hrefFor}
        />
        <WeekOverWeekTable
          rows={data.indexes}
          matched={data.matchedIndexes}
          total={data.totalIndexes}
          sorting={state.sorting}
          onSortingChange={(sorting: SortingState) => setState({ ...state, sorting })}
          hrefFor={hrefFor}
        />
        <TableRollupTable tables={data.tables} />
        <UsageEventsList events={data.events} />
      </>
    );
  }

  return (
    <div className="flex flex-col gap-4" data-testid="weekly-page">
      <header>
        <h1 className="text-lg font-semibold">Weekly usage</h1>
        <p className="text-sm text-neutral-500">
          Scans per index per day from the sampler's history, this week against last week.
        </p>
      </header>
      <WeeklyControls
        state={state}
        tables={tables}
        range={data ? { from: data.from, to: data.to } : null}
        onChange={setState}
      />
      {body}
    </div>
  );
}
