"use client";

import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import Link from "next/link";
import { useMemo } from "react";
import { formatCount } from "@/components/format";
import type { WeeklyIndexRow } from "@/lib/store/weekly-reads";
import { formatChange, TrendBadge } from "./trend-badge";

const column = createColumnHelper<WeeklyIndexRow>();

export interface WeekOverWeekTableProps {
  /** The page the server sent (filtered and sorted there). */
  rows: WeeklyIndexRow[];
  matched: number;
  total: number;
  /** Position of the first row in the filtered list, and rows per page (paged on the server). */
  offset: number;
  pageSize: number;
  onOffsetChange: (offset: number) => void;
  /** Whether the range ends today: the partial day gets its own column. */
  showToday: boolean;
  sorting: SortingState;
  onSortingChange: (sorting: SortingState) => void;
  hrefFor: (oid: number) => string;
}

/** This week against last week, per index; sorting is kept in the URL by the page. */
export function WeekOverWeekTable({
  rows,
  matched,
  total,
  offset,
  pageSize,
  onOffsetChange,
  showToday,
  sorting,
  onSortingChange,
  hrefFor,
}: WeekOverWeekTableProps) {
  const columns = useMemo(
    () => [
      column.accessor("name", {
        header: "Index",
        cell: (c) => (
          <Link
            href={hrefFor(c.row.original.oid)}
            className="font-mono text-indigo-700 hover:underline dark:text-indigo-300"
          >
            {c.getValue()}
          </Link>
        ),
      }),
      column.accessor((r) => `${r.schema}.${r.table}`, { id: "table", header: "Table" }),
      column.accessor("thisWeek", { header: "This week", cell: (c) => formatCount(c.getValue()) }),
      column.accessor("lastWeek", { header: "Last week", cell: (c) => formatCount(c.getValue()) }),
      column.accessor("change", { header: "Change", cell: (c) => formatChange(c.row.original) }),
      column.accessor("trend", {
        header: "Trend",
        cell: (c) => <TrendBadge trend={c.getValue()} observed={c.row.original} />,
      }),
      ...(showToday
        ? [
            column.accessor("todayScans", {
              header: "Today so far",
              enableSorting: false,
              cell: (c) => formatCount(c.getValue()),
            }),
          ]
        : []),
    ],
    [hrefFor, showToday],
  );
  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting },
    onSortingChange: (updater) => onSortingChange(typeof updater === "function" ? updater(sorting) : updater),
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    sortDescFirst: true,
  });
  const numeric = new Set(["thisWeek", "lastWeek", "change", "todayScans"]);
  const pages = Math.max(1, Math.ceil(matched / pageSize));
  const page = Math.floor(offset / pageSize) + 1;
  return (
    <section
      data-testid="week-over-week-table"
      className="rounded-lg border border-neutral-200 bg-white p-4 dark:border-neutral-800 dark:bg-neutral-900"
    >
      <h2 className="mb-2 text-sm font-semibold">
        Week over week{" "}
        <span className="font-normal text-neutral-500" data-testid="wow-count">
          {formatCount(matched)} of {formatCount(total)} indexes
          {matched > rows.length
            ? ` (${formatCount(rows.length === 0 ? 0 : offset + 1)}–${formatCount(offset + rows.length)} shown)`
            : ""}
        </span>
      </h2>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr
                key={group.id}
                className="border-b border-neutral-200 text-left text-xs text-neutral-500 dark:border-neutral-800"
              >
                {group.headers.map((header) => (
                  <th
                    key={header.id}
                    className={`py-1.5 pr-3 ${numeric.has(header.column.id) ? "text-right" : ""}`}
                    aria-sort={
                      header.column.getIsSorted() === "asc"
                        ? "ascending"
                        : header.column.getIsSorted() === "desc"
                          ? "descending"
                          : "none"
                    }
                  >
                    {header.column.getCanSort() ? (
                      <button
                        type="button"
                        onClick={header.column.getToggleSortingHandler()}
                        className="hover:text-neutral-900 dark:hover:text-neutral-100"
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        {header.column.getIsSorted() === "asc"
                          ? " ▲"
                          : header.column.getIsSorted() === "desc"
                            ? " ▼"
                            : ""}
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                data-testid="wow-row"
                className="border-b border-neutral-100 dark:border-neutral-800/60"
              >
                {row.getVisibleCells().map((cell) => (
                  <td
                    key={cell.id}
                    className={`py-1 pr-3 ${numeric.has(cell.column.id) ? "text-right tabular-nums" : ""}`}
                  >
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 ? (
        <p data-testid="wow-empty" className="py-3 text-sm text-neutral-500">
          No index matches these filters.
        </p>
      ) : null}
      {pages > 1 ? (
        <div className="mt-2 flex items-center gap-2 text-xs text-neutral-500" data-testid="wow-pager">
          <button
            type="button"
            disabled={page <= 1}
            onClick={() => onOffsetChange(Math.max(0, offset - pageSize))}
          >
            ← Previous
          </button>
          <span>
            Page {formatCount(page)} of {formatCount(pages)}
          </span>
          <button type="button" disabled={page >= pages} onClick={() => onOffsetChange(offset + pageSize)}>
            Next →
          </button>
        </div>
      ) : null}
    </section>
  );
}
