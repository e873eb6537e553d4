"use client";

import { formatCount } from "@/components/format";
import { formatMs } from "@/components/queries/format-ms";
import { StatementText } from "@/components/queries/statement-text";
import { QueryPlaceholder } from "@/components/status/query-states";
import { useIndexStatements } from "@/lib/client/use-index-statements";
import type { IndexStatementsView } from "@/lib/plans/index-statements";
import { Panel } from "./index-detail";

function formatPerDay(calls: number): string {
  if (calls === 0) return "0";
  if (calls < 10) return calls.toFixed(1);
  return formatCount(Math.round(calls));
}

function PlansUnavailable({ reason }: { reason: string | null }) {
  return (
    <div
      role="status"
      data-testid="index-statements-unavailable"
      className="text-sm text-amber-900 dark:text-amber-100"
    >
      <p className="font-medium">Not available: which statements use this index is not known yet.</p>
      <p className="mt-1 break-words text-xs" data-testid="index-statements-reason">
        {reason ?? "Plans are not derived on this target."}
      </p>
      <p className="mt-1 text-xs text-neutral-600 dark:text-neutral-400">
        To enable: pg_stat_statements on the target (see the Queries page), and EXPLAIN_DATABASE_URL (or
        explainUrl in the targets file) naming a role with <code>pg_read_all_data</code>. Plans are generic
        (EXPLAIN, never executed).
      </p>
    </div>
  );
}

function StatementsUsingTable({ view }: { view: IndexStatementsView }) {
  if (view.statements.length === 0) {
    return (
      <p className="text-sm text-neutral-600 dark:text-neutral-300" data-testid="index-statements-empty">
        No tracked statement plans to use this index (the busiest statements of the target are planned).
      </p>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full table-fixed text-sm" data-testid="index-statements-table">
        <colgroup>
          <col />
          <col className="w-36" />
          <col className="w-24" />
          <col className="w-24" />
          <col className="w-24" />
          <col className="w-24" />
        </colgroup>
        <thead className="text-left text-xs text-neutral-600 dark:text-neutral-400">
          <tr>
            <th className="px-2 py-1 font-medium">Statement</th>
            <th className="px-2 py-1 font-medium">Plan node</th>
            <th className="px-2 py-1 text-right font-medium">Calls / day</th>
            <th className="px-2 py-1 text-right font-medium">Mean</th>
            <th className="px-2 py-1 text-right font-medium">Total</th>
            <th className="px-2 py-1 text-right font-medium">Rows</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-neutral-100 dark:divide-neutral-800">
          {view.statements.map((s) => (
            <tr key={s.queryid} data-testid="index-statement-row" data-queryid={s.queryid}>
              <td className="px-2 py-1.5 align-top">
                <StatementText text={s.query} clamp testId="index-statement-text" />
              </td>
              <td className="px-2 py-1.5 align-top text-xs" data-testid="index-statement-node">
                {s.node}
              </td>
              <td
                className="px-2 py-1.5 text-right align-top tabular-nums"
                data-testid="index-statement-calls"
              >
                {formatPerDay(s.callsPerDay)}
              </td>
              <td className="px-2 py-1.5 text-right align-top tabular-nums">
                {s.calls > 0 ? formatMs(s.meanMs) : "—"}
              </td>
              <td className="px-2 py-1.5 text-right align-top tabular-nums">{formatMs(s.totalMs)}</td>
              <td className="px-2 py-1.5 text-right align-top tabular-nums">{formatCount(s.rows)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-neutral-500 dark:text-neutral-400">
        From each statement&apos;s generic plan; calls, time and rows over {view.from} – {view.to} (UTC days).
        A statement with 0 calls plans to use the index but did not run in that window.
      </p>
    </div>
  );
}

/** The index page's "Statements that use it": from stored plans and statement history only. */
export function IndexStatements({ targetId, indexKey }: { targetId: string; indexKey: string }) {
  const query = useIndexStatements(targetId, indexKey);
  return (
    <Panel title="Statements that use it" testId="index-statements">
      {query.data === undefined ? (
        <QueryPlaceholder
          query={query}
          errorTitle="Could not load the statements"
          loadingLabel="Reading plans…"
        />
      ) : (
        <>
          {query.data.available ? null : <PlansUnavailable reason={query.data.reason} />}
          {query.data.available || query.data.statements.length > 0 ? (
            <StatementsUsingTable view={query.data} />
          ) : null}
        </>
      )}
    </Panel>
  );
}
