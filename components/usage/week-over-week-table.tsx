"use client";

import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getPaginationRowModel,
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
  sorting: SortingState;
  onSortingChange: (sorting: SortingState) => void;
  hrefFor: (oid: number) => string;
}

/** This week against last week, per index; sorting is kept in the URL by the page. */
export function WeekOverWeekTable({
  rows,
  matched,
  total,
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
      column.accessor("trend", { header: "Trend", cell: (c) => <TrendBadge trend={c.getValue()} /> }),
    ],
    [hrefFor],
  );
  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting },
    onSortingChange: (updater) => onSortingChange(typeof updater === "function" ? updater(sorting) : updater),
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    sortDescFirst: true,
    getPaginationRowModel: getPaginationRowModel(),
    initialState: { pagination: { pageSize: 50 } },
  });
  const numeric = new Set(["thisWeek", "lastWeek", "change"]);
  return (
    <section
      data-testid="week-over-week-table"
      className="rounded-lg border border-neutral-200 bg-white p-4 dark:border-neutral-800 dark:bg-neutral-900"
    >
      <h2 className="mb-2 text-sm font-semibold">
        Week over week{" "}
        <span className="font-normal text-neutral-500" data-testid="wow-count">
          ({formatCount(matched)} of {formatCount(total)} indexes
          {matched > rows.length ? `, the first ${formatCount(rows.length)} shown` : ""})
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
      {table.getPageCount() > 1 ? (
        <div className="mt-2 flex items-center gap-2 text-xs text-neutral-500">
          <button type="button" disabled={!table.getCanPreviousPage()} onClick={() => table.previousPage()}>
            ← Previous
          </button>
          <span>
            Page {table.getState().pagination.pageIndex + 1} of {table.getPageCount()}
          </span>
          <button type="button" disabled={!table.getCanNextPage()} onClick={() => table.nextPage()}>
            Next →
          </button>
        </div>
      ) : null}
    </section>
  );
}
