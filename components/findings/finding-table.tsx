"use client";

import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { type ReactNode, useMemo, useState } from "react";
import { formatBytes, formatCount } from "@/components/format";
import type { Finding } from "@/lib/analysis/types";
import { IgnoreControl } from "./ignore-control";
import { ReasonFlags } from "./reason-flags";
import { SqlPair } from "./sql-pair";

function buildColumns(
  targetId: string | null,
  showKeep: boolean,
  tooEarly: boolean,
  extra: ((finding: Finding) => ReactNode) | undefined,
): ColumnDef<Finding, unknown>[] {
  return [
    {
      id: "index",
      header: "Index",
      accessorFn: (f) => f.index?.name ?? f.columns.join(", "),
      cell: ({ row }) => {
        const f = row.original;
        return (
          <div className="min-w-0">
            <div className="break-all font-medium" data-testid="finding-name">
              {f.index?.name ?? `(${f.columns.join(", ")})`}
            </div>
            <div className="break-all text-xs text-neutral-500">
              {f.schema}.{f.table}
              {f.index ? ` (${f.columns.join(", ")})` : ""}
            </div>
            {showKeep && f.details?.keep ? (
              <div className="text-xs text-neutral-600 dark:text-neutral-400">
                keep {String(f.details.keep)}
              </div>
            ) : null}
          </div>
        );
      },
    },
    {
      id: "size",
      header: "Size",
      accessorFn: (f) => f.sizeBytes ?? -1,
      cell: ({ row }) => <span className="tabular-nums">{formatBytes(row.original.sizeBytes)}</span>,
    },
    {
      id: "writes",
      header: "Table writes",
      accessorFn: (f) => f.writeRows ?? -1,
      cell: ({ row }) => (
        <span
          className="tabular-nums"
          title="Inserts and non-HOT updates of the table: each one updates this index"
        >
          {formatCount(row.original.writeRows)}
        </span>
      ),
    },
    {
      id: "risks",
      header: "Safe?",
      enableSorting: false,
      cell: ({ row }) => (
        <ReasonFlags
          reasons={row.original.reasons}
          safeToDrop={row.original.safeToDrop}
          tooEarly={tooEarly}
        />
      ),
    },
    {
      id: "sql",
      header: "SQL",
      enableSorting: false,
      cell: ({ row }) => (
        <div className="flex flex-col gap-1">
          <p className="text-xs text-neutral-600 dark:text-neutral-400">{row.original.evidence}</p>
          <SqlPair sql={row.original.sql} />
          {extra ? extra(row.original) : null}
          {targetId ? <IgnoreControl targetId={targetId} finding={row.original} /> : null}
        </div>
      ),
    },
  ];
}

export interface FindingTableProps {
  findings: Finding[];
  /** Set to offer "Accept…" (the ignore list) on each row. */
  targetId: string | null;
  testId: string;
  showKeep?: boolean;
  /** Unused candidates while the window is shorter than UNUSED_MIN_DAYS. */
  tooEarly?: boolean;
  /** More to show under a finding's SQL (the exact bloat measure). */
  extra?: (finding: Finding) => ReactNode;
  /** Keep the order given (already sorted by drop benefit) until the user sorts. */
  initialSorting?: SortingState;
}

/** Findings of one kind: what, how big, what stands in the way, and the SQL. */
export function FindingTable({
  findings,
  targetId,
  testId,
  showKeep = false,
  tooEarly = false,
  extra,
  initialSorting = [],
}: FindingTableProps) {
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const columns = useMemo(
    () => buildColumns(targetId, showKeep, tooEarly, extra),
    [targetId, showKeep, tooEarly, extra],
  );
  const table = useReactTable({
    data: findings,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (f) => f.key,
  });
  return (
    <div className="overflow-x-auto rounded-lg border border-neutral-200 dark:border-neutral-800">
      <table data-testid={testId} className="w-full table-fixed text-left text-sm">
        <colgroup>
          <col className="w-[26%]" />
          <col className="w-[9%]" />
          <col className="w-[9%]" />
          <col className="w-[16%]" />
          <col />
        </colgroup>
        <thead className="bg-neutral-50 text-xs uppercase tracking-wide text-neutral-500 dark:bg-neutral-900">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} className="px-3 py-2 font-medium">
                  {header.column.getCanSort() ? (
                    <button
                      type="button"
                      onClick={header.column.getToggleSortingHandler()}
                      className="uppercase"
                    >
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      {{ asc: " ▲", desc: " ▼" }[header.column.getIsSorted() as string] ?? ""}
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
              data-testid="finding-row"
              data-kind={row.original.kind}
              data-index-name={row.original.index?.name ?? ""}
              data-safe={row.original.safeToDrop}
              className="border-t border-neutral-200 align-top dark:border-neutral-800"
            >
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className="px-3 py-2">
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
