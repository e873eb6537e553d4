"use client";

import { formatCount } from "@/components/format";
import { QueryPlaceholder } from "@/components/status/query-states";
import { useStatementHistory } from "@/lib/client/use-statements";
import type { StatementRow } from "@/lib/statements/statements-view";
import { formatMs } from "./format-ms";
import { StatementHistoryChart } from "./statement-history-chart";
import { StatementText } from "./statement-text";

/** The selected statement: its whole text, its days, the indexes and sequential scans of its plan. */
export function StatementDetail({ targetId, statement }: { targetId: string; statement: StatementRow }) {
  const history = useStatementHistory(targetId, statement);
  return (
    <section
      className="flex flex-col gap-3 rounded-lg border border-neutral-200 bg-white p-4 dark:border-neutral-800 dark:bg-neutral-900"
      data-testid="statement-detail"
      aria-label="Selected statement"
    >
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold">
          Statement <span className="font-mono text-xs text-neutral-500">queryid {statement.queryid}</span>
        </h2>
        <p className="text-xs text-neutral-600 dark:text-neutral-400">
          {formatCount(statement.calls)} calls · {formatMs(statement.totalMs)} in all ·{" "}
          {formatMs(statement.meanMs)} per call · {formatCount(statement.rows)} rows
        </p>
      </header>
      <StatementText text={statement.query} testId="statement-full-text" />
      {history.data ? (
        <StatementHistoryChart series={history.data.series} />
      ) : (
        <QueryPlaceholder
          query={history}
          errorTitle="History unavailable"
          loadingLabel="Reading the history…"
        />
      )}
      <div className="grid gap-2 text-xs sm:grid-cols-2">
        <div>
          <h3 className="font-medium">Indexes its plan uses</h3>
          {statement.indexes.length ? (
            <ul className="font-mono">
              {statement.indexes.map((i) => (
                <li key={i.oid}>{i.name}</li>
              ))}
            </ul>
          ) : (
            <p className="text-neutral-500">None known: no generic plan of it is stored.</p>
          )}
        </div>
        <div>
          <h3 className="font-medium">Sequential scans in its plan</h3>
          {statement.seqScans.length ? (
            <ul className="font-mono">
              {statement.seqScans.map((t) => (
                <li key={`${t.schema}.${t.table}`}>
                  {t.schema}.{t.table}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-neutral-500">None known.</p>
          )}
        </div>
      </div>
    </section>
  );
}
