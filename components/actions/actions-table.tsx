"use client";

import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import Link from "next/link";
import { RelativeTime } from "@/components/findings/human-text";
import { formatBytes } from "@/components/format";
import { NameText } from "@/components/name-text";
import { targetBasePath } from "@/components/nav/target-nav-items";
import { SQL_WRAP_CLASSES, SqlText } from "@/components/sql-text";
import type { ActionJson } from "@/lib/actions/types";
import { KIND_LABELS, objectName, progressFraction } from "./action-labels";
import { StatusBadge } from "./status-badge";

const column = createColumnHelper<ActionJson>();

function columns(targetId: string) {
  return [
    column.accessor("id", {
      header: "#",
      cell: (c) => <span className="tabular-nums text-neutral-500">{c.getValue()}</span>,
    }),
    column.accessor("requestedAt", {
      header: "When",
      // "3 min ago", the exact time and zone on hover.
      cell: (c) => <RelativeTime at={c.getValue()} nowMs={Date.now()} />,
    }),
    column.accessor("username", { header: "Who" }),
    column.accessor("kind", { header: "Action", cell: (c) => KIND_LABELS[c.getValue()] }),
    column.display({
      id: "object",
      header: "Index / table",
      cell: ({ row }) => {
        const a = row.original;
        const oid = a.indexOidAfter ?? a.indexOidBefore;
        const name = (
          <span className="break-words">
            <NameText name={objectName(a)} />
          </span>
        );
        return oid && a.kind !== "drop_index" && a.kind !== "cleanup" ? (
          <Link
            href={`${targetBasePath(targetId)}/indexes/${oid}`}
            className="text-indigo-600 hover:underline dark:text-indigo-400"
          >
            {name}
          </Link>
        ) : (
          name
        );
      },
    }),
    column.accessor("status", {
      header: "Outcome",
      cell: ({ row }) => {
        const a = row.original;
        const fraction = progressFraction(a);
        return (
          <div className="flex flex-col gap-0.5">
            <span className="flex items-center gap-1">
              <StatusBadge status={a.status} />
              {a.skipped.length > 0 ? <span className="text-xs">{a.skipped.length} skipped</span> : null}
              {a.status === "running" && fraction !== null ? (
                <span className="text-xs">{Math.round(fraction * 100)}%</span>
              ) : null}
            </span>
            {a.error ? (
              <span className="max-w-md break-words text-xs text-red-700 dark:text-red-300">{a.error}</span>
            ) : null}
            {a.notices.length > 0 ? (
              <span className="text-xs text-amber-700">{a.notices.length} notice(s)</span>
            ) : null}
          </div>
        );
      },
    }),
    column.display({
      id: "size",
      header: "Size before → after",
      cell: ({ row }) => (
        <span className="tabular-nums">
          {formatBytes(row.original.sizeBefore)} → {formatBytes(row.original.sizeAfter)}
        </span>
      ),
    }),
    column.accessor("durationMs", {
      header: "Duration",
      cell: (c) => (c.getValue() === null ? "—" : `${((c.getValue() as number) / 1000).toFixed(1)} s`),
    }),
    column.accessor("undoSql", {
      header: "Undo SQL",
      cell: (c) =>
        c.getValue() ? (
          <code data-testid="action-undo-sql" className={`${SQL_WRAP_CLASSES} block font-mono text-xs`}>
            <SqlText sql={c.getValue() as string} />
          </code>
        ) : null,
    }),
  ];
}

export function ActionsTable({ actions, targetId }: { actions: ActionJson[]; targetId: string }) {
  const table = useReactTable({
    data: actions,
    columns: columns(targetId),
    getCoreRowModel: getCoreRowModel(),
  });
  return (
    <div className="overflow-x-auto rounded-lg border border-neutral-200 bg-white dark:border-neutral-800 dark:bg-neutral-900">
      <table data-testid="actions-table" className="w-full text-left text-sm">
        <thead className="border-b border-neutral-200 text-xs text-neutral-500 dark:border-neutral-800">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} className="px-3 py-2 font-medium">
                  {flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-neutral-100 dark:divide-neutral-800">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} data-testid="action-row" data-action-id={row.original.id} className="align-top">
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className="px-3 py-2">
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {actions.length === 0 ? (
        <p data-testid="actions-empty" className="px-3 py-6 text-center text-sm text-neutral-500">
          No actions match.
        </p>
      ) : null}
    </div>
  );
}
