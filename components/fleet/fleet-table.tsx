"use client";

import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import Link from "next/link";
import { formatBytes, formatCount, formatDateTimeWithZone, formatSpan } from "@/components/format";
import { targetBasePath } from "@/components/nav/target-nav-items";
import type { FleetTarget } from "@/lib/fleet/fleet-summary";
import { ServerHealth } from "./server-health";

const column = createColumnHelper<FleetTarget>();

function countAndSize(count: number | null, bytes: number | null) {
  if (count === null) return <span className="text-neutral-400">—</span>;
  return (
    <span>
      {formatCount(count)}{" "}
      <span className="text-neutral-500 dark:text-neutral-400">· {formatBytes(bytes)}</span>
    </span>
  );
}

const columns = [
  column.accessor("name", {
    header: "Target",
    cell: ({ row }) => (
      <div>
        <Link
          href={targetBasePath(row.original.id)}
          className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
          data-testid="fleet-target-link"
        >
          {row.original.name}
        </Link>
        <div className="font-mono text-xs text-neutral-500">{row.original.id}</div>
        {row.original.serverVersion ? (
          <div className="text-xs text-neutral-500">PostgreSQL {row.original.serverVersion}</div>
        ) : null}
      </div>
    ),
  }),
  column.display({
    id: "health",
    header: "Health",
    cell: ({ row }) => (
      <div>
        <ServerHealth servers={row.original.servers} />
        <Link
          href={`/fleet/${encodeURIComponent(row.original.id)}`}
          className="text-xs text-indigo-700 hover:underline dark:text-indigo-300"
          data-testid="fleet-server-usage-link"
        >
          usage per server
        </Link>
      </div>
    ),
  }),
  column.accessor("statsSince", {
    header: "Stats window",
    cell: ({ row }) => {
      const since = row.original.statsSince;
      if (!since) return <span className="text-neutral-400">—</span>;
      return (
        <span
          data-testid="fleet-stats-window"
          title={`since ${formatDateTimeWithZone(since)} (${row.original.statsSinceSource?.replace("_", " ")})`}
        >
          {formatSpan(Date.now() - Date.parse(since))}
        </span>
      );
    },
  }),
  column.display({
    id: "indexes",
    header: "Indexes",
    cell: ({ row }) => (
      <span data-testid="fleet-index-count">
        {countAndSize(row.original.indexCount, row.original.indexBytes)}
      </span>
    ),
  }),
  column.display({
    id: "unused",
    header: "Unused",
    cell: ({ row }) => (
      <Link
        href={`${targetBasePath(row.original.id)}/unused`}
        className="hover:underline"
        data-testid="fleet-unused"
      >
        {countAndSize(row.original.unusedCount, row.original.unusedBytes)}
      </Link>
    ),
  }),
  column.accessor("openFindings", {
    header: "Open findings",
    cell: ({ row }) => (
      <Link
        href={`${targetBasePath(row.original.id)}/findings`}
        className="hover:underline"
        data-testid="fleet-findings"
      >
        {formatCount(row.original.openFindings)}
      </Link>
    ),
  }),
  column.accessor("runningActions", {
    header: "Running actions",
    cell: ({ getValue }) => <span data-testid="fleet-actions">{formatCount(getValue())}</span>,
  }),
];

/** Every target of the fleet, one row each, linking to the target's own pages. */
export function FleetTable({ targets }: { targets: FleetTarget[] }) {
  const table = useReactTable({
    data: targets,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (t) => t.id,
  });
  return (
    <div className="overflow-x-auto rounded-lg border border-neutral-200 bg-white dark:border-neutral-800 dark:bg-neutral-900">
      <table className="min-w-full text-left text-sm" data-testid="fleet-table">
        <thead className="border-b border-neutral-200 bg-neutral-50 text-xs uppercase tracking-wide text-neutral-500 dark:border-neutral-800 dark:bg-neutral-900">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} className="px-4 py-2 font-medium">
                  {flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-neutral-100 dark:divide-neutral-800">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} data-testid="fleet-row" data-target={row.original.id} className="align-top">
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className="px-4 py-3">
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  {cell.column.id === "name" && row.original.problems.length ? (
                    <p
                      className="mt-1 max-w-xs text-xs text-amber-700 dark:text-amber-300"
                      data-testid="fleet-problems"
                    >
                      {row.original.problems.join("; ")}
                    </p>
                  ) : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
