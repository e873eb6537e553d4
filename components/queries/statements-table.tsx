"use client";

import { formatCount } from "@/components/format";
import { statementKey } from "@/lib/analysis/statement-deltas";
import type { StatementRow } from "@/lib/statements/statements-view";
import { formatMs } from "./format-ms";
import { StatementText } from "./statement-text";

export type StatementSortKey = "totalMs" | "calls" | "meanMs" | "rows";

const COLUMNS: { key: StatementSortKey; label: string }[] = [
  { key: "calls", label: "Calls" },
  { key: "totalMs", label: "Total time" },
  { key: "meanMs", label: "Mean" },
  { key: "rows", label: "Rows" },
];

/** The statements of one page, busiest first; a row opens its history below the table. */
export function StatementsTable({
  statements,
  sort,
  onSort,
  selected,
  onSelect,
  plansAvailable,
}: {
  plansAvailable: boolean;
  statements: StatementRow[];
  sort: StatementSortKey;
  onSort: (sort: StatementSortKey) => void;
  selected: string | null;
  onSelect: (row: StatementRow) => void;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-neutral-200 dark:border-neutral-800">
      <table className="w-full table-fixed text-sm" data-testid="statements-table">
        <colgroup>
          <col />
          <col className="w-24" />
          <col className="w-28" />
          <col className="w-24" />
          <col className="w-24" />
          <col className="w-40" />
        </colgroup>
        <thead className="bg-neutral-50 text-left text-xs text-neutral-600 dark:bg-neutral-900 dark:text-neutral-400">
          <tr>
            <th className="px-3 py-2 font-medium">Statement</th>
            {COLUMNS.map((c) => (
              <th
                key={c.key}
                className="px-3 py-2 text-right font-medium"
                aria-sort={sort === c.key ? "descending" : "none"}
              >
                <button
                  type="button"
                  onClick={() => onSort(c.key)}
                  className={
                    sort === c.key ? "font-semibold text-neutral-900 dark:text-neutral-50" : "hover:underline"
                  }
                >
                  {c.label}
                  {sort === c.key ? " ↓" : ""}
                </button>
              </th>
            ))}
            <th className="px-3 py-2 font-medium">Indexes its plan uses</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-neutral-100 dark:divide-neutral-800">
          {statements.map((s) => {
            const key = statementKey(s);
            const isSelected = key === selected;
            return (
              <tr
                key={key}
                data-testid="statement-row"
                data-queryid={s.queryid}
                aria-selected={isSelected}
                className={
                  isSelected
                    ? "bg-indigo-50 dark:bg-indigo-950/40"
                    : "hover:bg-neutral-50 dark:hover:bg-neutral-900"
                }
              >
                <td className="px-3 py-2 align-top">
                  <button
                    type="button"
                    className="block w-full text-left"
                    onClick={() => onSelect(s)}
                    aria-label={`Show the history of statement ${s.queryid}`}
                  >
                    <StatementText text={s.query} clamp testId="statement-text" />
                  </button>
                </td>
                <td className="px-3 py-2 text-right align-top tabular-nums" data-testid="statement-calls">
                  {formatCount(s.calls)}
                </td>
                <td className="px-3 py-2 text-right align-top tabular-nums" data-testid="statement-total">
                  {formatMs(s.totalMs)}
                </td>
                <td className="px-3 py-2 text-right align-top tabular-nums" data-testid="statement-mean">
                  {formatMs(s.meanMs)}
                </td>
                <td className="px-3 py-2 text-right align-top tabular-nums" data-testid="statement-rows">
                  {formatCount(s.rows)}
                </td>
                <td className="px-3 py-2 align-top text-xs">
                  {s.indexes.length ? (
                    <ul>
                      {s.indexes.map((i) => (
                        <li key={i.oid} className="truncate font-mono" title={i.name}>
                          {i.name}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="text-neutral-400">{plansAvailable ? "none known" : "plans off"}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
