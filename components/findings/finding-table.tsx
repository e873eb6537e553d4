"use client";

import { type ColumnDef, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { type ReactNode, useMemo } from "react";
import { formatCount } from "@/components/format";
import { NameText } from "@/components/name-text";
import type { Finding } from "@/lib/analysis/types";
import type { FindingSort } from "@/lib/findings/findings-page";
import { Excludes } from "./excludes";
import { FINDING_KIND_TEXT } from "./finding-kinds";
import { Bytes, EvidenceText } from "./human-text";
import { IgnoreControl } from "./ignore-control";
import { ReasonFlags } from "./reason-flags";
import { SqlPair } from "./sql-pair";

/** Which server-side sort a sortable column asks for. */
const SORT_OF_COLUMN: Record<string, FindingSort> = { index: "name", size: "size", writes: "writes" };

function buildColumns(
  targetId: string | null,
  showKeep: boolean,
  tooEarly: boolean,
  extra: ((finding: Finding) => ReactNode) | undefined,
  nowMs: number,
  showKind: boolean,
): ColumnDef<Finding, unknown>[] {
  return [
    {
      id: "index",
      header: "Index",
      accessorFn: (f) => f.index?.name ?? f.columns.join(", "),
      cell: ({ row }) => {
        const f = row.original;
        return (
          <div className="min-w-0 [overflow-wrap:anywhere]">
            {showKind ? (
              <div className="text-xs uppercase tracking-wide text-neutral-500" data-testid="finding-kind">
                {FINDING_KIND_TEXT[f.kind].label}
              </div>
            ) : null}
            <div className="font-medium" data-testid="finding-name">
              {f.index?.name ??
                (f.columns.length > 0 ? (
                  `(${f.columns.join(", ")})`
                ) : (
                  <NameText name={`${f.schema}.${f.table}`} />
                ))}
            </div>
            <div className="text-xs text-neutral-500" data-testid="finding-table">
              {f.schema}.{f.table}
              {f.index ? ` (${f.columns.join(", ")})` : ""}
            </div>
            {f.kind === "missing_index" ? (
              <div
                className={`text-xs ${f.details?.verified ? "text-emerald-700 dark:text-emerald-400" : "text-amber-700 dark:text-amber-300"}`}
                data-testid="finding-verified"
                title={
                  f.details?.verified
                    ? "Re-planned with a hypothetical index (hypopg): it made the statements at least 2× cheaper"
                    : "hypopg could not check it on this target: the planner was not asked"
                }
              >
                {f.details?.verified
                  ? `verified: cost ${formatCount(Number(f.details.costBefore))} → ${formatCount(Number(f.details.costAfter))}`
                  : "not verified"}
              </div>
            ) : null}
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
      cell: ({ row }) => <Bytes bytes={row.original.sizeBytes} />,
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
        <div className="flex flex-col gap-1">
          <ReasonFlags
            reasons={row.original.reasons}
            safeToDrop={row.original.safeToDrop}
            tooEarly={tooEarly}
          />
          <Excludes keys={row.original.excludes ?? []} />
        </div>
      ),
    },
    {
      id: "sql",
      header: "SQL",
      enableSorting: false,
      cell: ({ row }) => (
        <div className="flex flex-col gap-1">
          <p className="text-xs text-neutral-600 dark:text-neutral-400" data-testid="finding-evidence">
            <EvidenceText text={row.original.evidence} nowMs={nowMs} />
          </p>
          <SqlPair
            sql={row.original.sql}
            aboutAnIndex={row.original.index !== undefined && row.original.index !== null}
          />
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
  /** Say each row's kind (a list of several kinds). */
  showKind?: boolean;
  /** The server's sort of these rows; a header click asks for another (sorting is server-side). */
  sort: FindingSort;
  dir: "asc" | "desc";
  onSort: (sort: FindingSort) => void;
}

/** One page of findings: what, how big, what stands in the way, and the SQL. */
export function FindingTable({
  findings,
  targetId,
  testId,
  showKeep = false,
  tooEarly = false,
  extra,
  showKind = false,
  sort,
  dir,
  onSort,
}: FindingTableProps) {
  // Relative times ("3 h ago") are read against the moment these rows arrived.
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed when the rows change
  const nowMs = useMemo(() => Date.now(), [findings]);
  const columns = useMemo(
    () => buildColumns(targetId, showKeep, tooEarly, extra, nowMs, showKind),
    [targetId, showKeep, tooEarly, extra, nowMs, showKind],
  );
  const table = useReactTable({
    data: findings,
    columns,
    manualSorting: true,
    getCoreRowModel: getCoreRowModel(),
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
              {group.headers.map((header) => {
                const columnSort = SORT_OF_COLUMN[header.column.id];
                const label = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th
                    key={header.id}
                    className="px-3 py-2 font-medium"
                    aria-sort={
                      columnSort && columnSort === sort
                        ? dir === "asc"
                          ? "ascending"
                          : "descending"
                        : undefined
                    }
                  >
                    {columnSort ? (
                      <button
                        type="button"
                        data-testid={`sort-${columnSort}`}
                        onClick={() => onSort(columnSort)}
                        className="uppercase"
                      >
                        {label}
                        {columnSort === sort ? (dir === "asc" ? " ▲" : " ▼") : ""}
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
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
