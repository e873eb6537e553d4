"use client";

import { formatCount } from "@/components/format";
import { errorMessage } from "@/lib/client/api";
import { useFindingsPage } from "@/lib/client/use-findings";
import { usePlannedIndexNotes } from "@/lib/client/use-planned-index-notes";
import { FindingTable } from "./finding-table";
import { FindingsFilters, Pager } from "./findings-filters";
import { FindingsFreshness } from "./findings-freshness";
import { FindingsPlaceholder } from "./findings-placeholder";
import { Bytes } from "./human-text";
import { PlannedStatementsNote } from "./planned-statements-note";
import { useFindingsParams } from "./use-findings-params";
import { WindowSummary } from "./window-summary";

/** The unused indexes with their proof: the window, the flags that make a drop unsafe, the SQL. */
export function UnusedView({ targetId }: { targetId: string }) {
  const { params, filter, sortBy, goTo } = useFindingsParams("unused");
  const query = useFindingsPage(targetId, params);
  const since = query.data?.window.since.slice(0, 10) ?? null;
  const notes = usePlannedIndexNotes(targetId, since);
  if (!query.data) return <FindingsPlaceholder query={query} />;
  const data = query.data;
  const tooEarly = data.page.tooEarly;
  const all = tooEarly ? data.summary.tooEarlyCandidates : data.summary.kinds.unused;
  const filtered = params.q !== "" || params.table !== "" || params.safe;
  return (
    <div className="flex flex-col gap-4" data-testid="unused-page">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">
          {tooEarly ? "Unused indexes: too early to tell" : "Unused indexes"}
        </h1>
        <p className="text-sm text-neutral-600 dark:text-neutral-400" data-testid="unused-summary">
          {formatCount(all.count)} {tooEarly ? "zero-scan so far" : "unused"} (<Bytes bytes={all.bytes} />
          ), {formatCount(all.safeCount)} {tooEarly ? "with no flag" : "safe to drop"} (
          <Bytes bytes={all.safeBytes} />)
        </p>
      </header>
      <WindowSummary window={data.window} />
      <FindingsFreshness targetId={targetId} data={data} />
      {query.error ? (
        <p role="status" className="text-xs text-amber-700 dark:text-amber-300">
          Last refresh failed ({errorMessage(query.error)}); showing the previous answer.
        </p>
      ) : null}
      <FindingsFilters
        params={params}
        onFilter={filter}
        safeLabel={tooEarly ? "Only those with no flag" : "Only safe to drop"}
      />
      <Pager
        total={data.page.total}
        offset={data.page.offset}
        limit={data.page.limit}
        onOffset={goTo}
        busy={query.isPlaceholderData}
      />
      {data.page.total === 0 ? (
        <p className="text-sm text-neutral-600" data-testid="unused-empty">
          {filtered ? "No unused index matches these filters." : "Every index was scanned in the window."}
        </p>
      ) : (
        <FindingTable
          findings={data.page.items}
          targetId={tooEarly || !data.ignoresAvailable ? null : targetId}
          testId="unused-table"
          tooEarly={tooEarly}
          sort={data.page.sort}
          dir={data.page.dir}
          onSort={sortBy}
          extra={(finding) => <PlannedStatementsNote finding={finding} notes={notes.data} />}
        />
      )}
      <p className="text-xs text-neutral-500">
        First the biggest, then those whose table is written most: what a drop wins. An index that backs a
        constraint goes only with ALTER TABLE … DROP CONSTRAINT; its SQL says so.
      </p>
    </div>
  );
}
