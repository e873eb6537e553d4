"use client";

import { errorMessage } from "@/lib/client/api";
import { useWhatIfDrop } from "@/lib/client/use-what-if-drop";

function cost(value: number | null): string {
  return value === null ? "—" : value.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

function change(before: number | null, after: number | null): string {
  if (before === null || after === null || before <= 0) return "—";
  const factor = after / before;
  return factor >= 1.005 ? `${factor.toFixed(1)}× slower` : "no change";
}

/**
 * "What would get slower?": on demand, the statements whose plans use this index, re-planned
 * with it hidden where hypopg 1.4+ allows, each one's plan cost before and after. Otherwise the
 * statements, and the reason nothing was verified.
 */
export function WhatIfDropPanel({ targetId, oid }: { targetId: string; oid: number }) {
  const whatIf = useWhatIfDrop(targetId, oid);
  const result = whatIf.data;
  return (
    <section
      data-testid="what-if-drop"
      className="rounded-lg border border-neutral-200 bg-white px-5 py-4 dark:border-neutral-800 dark:bg-neutral-900"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-base font-semibold text-neutral-900 dark:text-neutral-50">
          If this index were dropped
        </h2>
        <button
          type="button"
          onClick={() => whatIf.mutate()}
          disabled={whatIf.isPending}
          className="rounded-md border border-neutral-300 px-3 py-1.5 text-sm font-medium text-neutral-800 hover:bg-neutral-50 disabled:opacity-50 dark:border-neutral-700 dark:text-neutral-100 dark:hover:bg-neutral-800"
        >
          {whatIf.isPending ? "Re-planning…" : "What would get slower?"}
        </button>
      </div>
      {whatIf.error ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
          {errorMessage(whatIf.error)}
        </p>
      ) : null}
      {result ? (
        <div className="mt-3 flex flex-col gap-2">
          {result.reason ? (
            <p data-testid="what-if-reason" className="text-sm text-amber-800 dark:text-amber-200">
              {result.reason}
            </p>
          ) : null}
          {result.statements.length === 0 ? (
            <p className="text-sm text-neutral-600 dark:text-neutral-300">
              No tracked statement plans to use this index.
            </p>
          ) : (
            <table className="w-full table-fixed text-left text-sm">
              <thead className="text-xs uppercase text-neutral-500">
                <tr>
                  <th className="w-1/2 py-1 font-medium">Statement</th>
                  <th className="py-1 font-medium">Node</th>
                  <th className="py-1 text-right font-medium">Cost now</th>
                  <th className="py-1 text-right font-medium">Without it</th>
                  <th className="py-1 text-right font-medium">Change</th>
                </tr>
              </thead>
              <tbody>
                {result.statements.map((s) => (
                  <tr
                    key={s.queryid}
                    data-testid="what-if-row"
                    className="border-t border-neutral-100 dark:border-neutral-800"
                  >
                    <td className="truncate py-1 pr-2 font-mono text-xs" title={s.query}>
                      {s.query}
                    </td>
                    <td className="py-1 text-xs">{s.node}</td>
                    <td className="py-1 text-right tabular-nums">{cost(s.costBefore)}</td>
                    <td className="py-1 text-right tabular-nums">{cost(s.costAfter)}</td>
                    <td className="py-1 text-right">{change(s.costBefore, s.costAfter)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ) : null}
    </section>
  );
}
