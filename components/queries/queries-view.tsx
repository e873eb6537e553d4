"use client";

import { useState } from "react";
import { Pager } from "@/components/findings/findings-filters";
import { formatCount, formatDateTime } from "@/components/format";
import { QueryPlaceholder } from "@/components/status/query-states";
import { statementKey } from "@/lib/analysis/statement-deltas";
import { errorMessage } from "@/lib/client/api";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";
import { useStatements } from "@/lib/client/use-statements";
import type { StatementRow } from "@/lib/statements/statements-view";
import { StatementDetail } from "./statement-detail";
import { type StatementSortKey, StatementsTable } from "./statements-table";
import { StatementsUnavailable } from "./statements-unavailable";

const PAGE_SIZE = 50;

/**
 * The target's statements from pg_stat_statements, as the store holds them (the sampler's
 * deltas of the last seven days): search, sort, pages, and one statement's history.
 */
export function QueriesView({ targetId }: { targetId: string }) {
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim(), 300);
  const [sort, setSort] = useState<StatementSortKey>("totalMs");
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<StatementRow | null>(null);
  const query = useStatements(targetId, { q, sort, offset, limit: PAGE_SIZE });
  if (!query.data)
    return (
      <QueryPlaceholder
        query={query}
        errorTitle="Statements unavailable"
        loadingLabel="Reading the statements…"
      />
    );
  const data = query.data;
  const nothingStored = data.total === 0 && q === "";
  return (
    <div className="flex flex-col gap-4" data-testid="queries-page">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">Queries</h1>
        <p className="text-sm text-neutral-600 dark:text-neutral-400" data-testid="queries-summary">
          {formatCount(data.total)} statement{data.total === 1 ? "" : "s"} ran from {data.from} to {data.to}{" "}
          (UTC days)
          {data.checkedAt ? `; pg_stat_statements last read ${formatDateTime(data.checkedAt)}` : ""}
        </p>
      </header>
      {!data.available ? <StatementsUnavailable reason={data.reason} /> : null}
      {data.available && data.reason ? (
        <p role="note" className="text-xs text-amber-700 dark:text-amber-300" data-testid="statements-note">
          {data.reason}
        </p>
      ) : null}
      {data.plans.available ? null : (
        <p role="note" className="text-xs text-neutral-600 dark:text-neutral-400" data-testid="plans-off">
          {data.plans.reason}
        </p>
      )}
      {query.error ? (
        <p role="status" className="text-xs text-amber-700 dark:text-amber-300">
          Last refresh failed ({errorMessage(query.error)}); showing the previous answer.
        </p>
      ) : null}
      {nothingStored && data.available ? (
        <p className="text-sm text-neutral-600" data-testid="queries-empty">
          No statement has run since indexwatch started reading pg_stat_statements; the first poll is a
          baseline, the next ones show what ran.
        </p>
      ) : null}
      {nothingStored ? null : (
        <>
          <div className="flex flex-wrap items-center gap-3">
            <label className="flex items-center gap-2 text-sm">
              <span>Search</span>
              <input
                type="search"
                value={search}
                maxLength={200}
                onChange={(e) => {
                  setSearch(e.target.value);
                  setOffset(0);
                }}
                placeholder="text of the statement"
                data-testid="queries-search"
                className="w-72 rounded-md border border-neutral-300 px-2 py-1 text-sm dark:border-neutral-700 dark:bg-neutral-900"
              />
            </label>
            <Pager
              total={data.total}
              offset={offset}
              limit={PAGE_SIZE}
              onOffset={setOffset}
              busy={query.isPlaceholderData}
            />
          </div>
          {data.statements.length === 0 ? (
            <p className="text-sm text-neutral-600" data-testid="queries-no-match">
              No statement matches this search.
            </p>
          ) : (
            <StatementsTable
              plansAvailable={data.plans.available}
              statements={data.statements}
              sort={sort}
              onSort={(next) => {
                setSort(next);
                setOffset(0);
              }}
              selected={selected ? statementKey(selected) : null}
              onSelect={setSelected}
            />
          )}
          {selected ? <StatementDetail targetId={targetId} statement={selected} /> : null}
          <p className="text-xs text-neutral-500">
            Calls, time and rows are summed from the sampler&apos;s deltas of pg_stat_statements (top-level
            statements of this database); a reset of pg_stat_statements starts the counters over without
            negative numbers. Times are execution times, planning not included.
          </p>
        </>
      )}
    </div>
  );
}
