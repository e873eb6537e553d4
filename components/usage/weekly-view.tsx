"use client";

import type { SortingState } from "@tanstack/react-table";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";
import { formatCount, formatDate } from "@/components/format";
import { targetBasePath } from "@/components/nav/target-nav-items";
import { QueryPlaceholder } from "@/components/status/query-states";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";
import { useWeeklyUsage } from "@/lib/client/use-usage";
import type { WeeklyUsage } from "@/lib/store/weekly-reads";
import { DailyScansChart } from "./daily-scans-chart";
import { NewlyChangedLists } from "./newly-changed-lists";
import { TableRollupTable } from "./table-rollup";
import { TopIndexesDailyChart } from "./top-indexes-daily-chart";
import { formatDays } from "./trend-badge";
import { UsageEventsList } from "./usage-events-list";
import { WeekOverWeekTable } from "./week-over-week-table";
import { WeeklyControls } from "./weekly-controls";
import { readWeeklyState, type WeeklyViewState, writeWeeklyState } from "./weekly-url-state";

/** Rows per page of the week-over-week table and of the per-table list. */
const INDEX_PAGE = 50;
const TABLE_PAGE = 25;

/** The Weekly usage page: its whole view lives in the URL. */
export function WeeklyView({ targetId }: { targetId: string }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  // The view is local state first (several quick changes must not race the router), mirrored
  // into the URL at once with history.replaceState, which Next.js keeps in step with its router.
  const [state, setLocalState] = useState(() =>
    readWeeklyState(new URLSearchParams(searchParams.toString())),
  );
  // Pages of the two lists are not part of a shared link: a filter change starts again at the top.
  const [offset, setOffset] = useState(0);
  const [tablesQ, setTablesQ] = useState("");
  const [tablesOffset, setTablesOffset] = useState(0);
  const setState = useCallback(
    (next: WeeklyViewState) => {
      // Any change of the view replaces a range the link got wrong.
      const { rangeError: _dropped, ...rest } = next;
      setLocalState(rest);
      setOffset(0);
      const query = writeWeeklyState(next).toString();
      window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [pathname],
  );
  const q = useDebouncedValue(state.q, 250);
  const debouncedTablesQ = useDebouncedValue(tablesQ, 250);
  const sort = state.sorting[0] ?? { id: "thisWeek", desc: true };
  const usage = useWeeklyUsage(targetId, {
    ...(state.from && state.to ? { from: state.from, to: state.to } : { weeks: state.weeks }),
    ...(q ? { q } : {}),
    ...(state.table ? { table: state.table } : {}),
    ...(state.trend !== "all" ? { trend: state.trend } : {}),
    sort: sort.id,
    dir: sort.desc ? "desc" : "asc",
    offset,
    limit: INDEX_PAGE,
    ...(debouncedTablesQ ? { tablesQ: debouncedTablesQ } : {}),
    tablesOffset,
    tablesLimit: TABLE_PAGE,
  });
  const hrefFor = useCallback((oid: number) => `${targetBasePath(targetId)}/indexes/${oid}`, [targetId]);
  const data = usage.data && !("noHistory" in usage.data) ? usage.data : undefined;

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
        <WeeklySummary data={data} />
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
          offset={offset}
          pageSize={INDEX_PAGE}
          onOffsetChange={setOffset}
          showToday={data.partialDay !== null}
          sorting={state.sorting}
          onSortingChange={(sorting: SortingState) => setState({ ...state, sorting })}
          hrefFor={hrefFor}
        />
        <TableRollupTable
          tables={data.tables}
          matched={data.tablesMatched}
          total={data.tablesTotal}
          q={tablesQ}
          onQChange={(next) => {
            setTablesQ(next);
            setTablesOffset(0);
          }}
          offset={tablesOffset}
          pageSize={TABLE_PAGE}
          onOffsetChange={setTablesOffset}
        />
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
      {state.rangeError ? (
        <p
          role="alert"
          data-testid="weekly-range-error"
          className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900 dark:border-rose-800 dark:bg-rose-950/40 dark:text-rose-100"
        >
          The link's range cannot be used: {state.rangeError}. Showing the last {state.weeks} weeks
          {data ? ` (${data.from} → ${data.to})` : ""} instead.
        </p>
      ) : null}
      <WeeklyControls
        targetId={targetId}
        state={state}
        range={data ? { from: data.from, to: data.to } : null}
        onChange={setState}
      />
      {body}
    </div>
  );
}

function observedText(days: number): string {
  return days >= 7 ? "" : `, ${formatDays(days)} of 7 days observed`;
}

/** The two compared weeks (complete days only) and today apart, as partial. */
function WeeklySummary({ data }: { data: WeeklyUsage }) {
  const { thisWeek, lastWeek, partialDay } = data;
  return (
    <p className="text-sm text-neutral-600 dark:text-neutral-300" data-testid="weekly-summary">
      {data.from} → {data.to}: this week ({thisWeek.from} – {thisWeek.to}
      {observedText(thisWeek.observedDays)}) {formatCount(thisWeek.scans)} scans, last week ({lastWeek.from} –{" "}
      {lastWeek.to}
      {observedText(lastWeek.observedDays)}) {formatCount(lastWeek.scans)}.
      {partialDay ? (
        <span data-testid="weekly-today">
          {" "}
          Today ({partialDay.day}, partial, not compared): {formatCount(partialDay.scans)} scans so far.
        </span>
      ) : null}
    </p>
  );
}
