"use client";

import { useState } from "react";
import { formatBytes } from "@/components/format";
import type { LeftoverJson } from "@/lib/actions/read";
import { errorMessage } from "@/lib/client/api";
import { useAction, useLeftovers, useStartAction } from "@/lib/client/use-actions";
import { ConfirmActionDialog } from "./confirm-action-dialog";

/** Leftovers grouped by the table they belong to (a TOAST table's under its owner). */
export function leftoversByTable(
  leftovers: LeftoverJson[],
): { tableOid: number; table: string; items: LeftoverJson[] }[] {
  const groups = new Map<number, { tableOid: number; table: string; items: LeftoverJson[] }>();
  for (const l of leftovers) {
    const group = groups.get(l.tableOid) ?? {
      tableOid: l.tableOid,
      table: `${l.tableSchema}.${l.table}`,
      items: [],
    };
    group.items.push(l);
    groups.set(l.tableOid, group);
  }
  return [...groups.values()];
}

/**
 * One table's leftovers of interrupted rebuilds, as they are now (refreshed as soon as an
 * action finishes), with one clean-up for all of them, confirmed first.
 */
export function TableLeftoverList({
  targetId,
  tableOid,
  table,
  items,
  canAct,
}: {
  targetId: string;
  tableOid: number;
  table: string;
  items: LeftoverJson[];
  canAct: boolean;
}) {
  const cleanup = useStartAction(targetId);
  const [confirming, setConfirming] = useState(false);
  // Followed to its end, however quick: its end refreshes this list at once (useAction).
  const [startedId, setStartedId] = useState<number | null>(null);
  useAction(startedId);
  return (
    <div data-testid="table-leftover-group" data-table={table} className="flex flex-col gap-1">
      <ul className="flex flex-col gap-1">
        {items.map((l) => (
          <li key={l.oid} data-testid="leftover-row" className="flex flex-wrap items-center gap-2 text-xs">
            {/* Never broken inside an identifier: cut with an ellipsis, the whole name on hover. */}
            <span
              data-testid="leftover-name"
              className="min-w-0 max-w-full truncate font-mono"
              title={`${l.schema}.${l.name}`}
            >
              {l.schema}.{l.name}
            </span>
            <span className="text-neutral-500">
              {l.toast ? `on the TOAST table of ${table}` : `on ${table}`} · {formatBytes(l.sizeBytes)}
            </span>
          </li>
        ))}
      </ul>
      {canAct ? (
        <button
          type="button"
          data-testid="leftover-cleanup"
          disabled={cleanup.isPending}
          onClick={() => setConfirming(true)}
          className="self-start rounded border border-amber-400 px-2 py-0.5 text-xs font-medium hover:bg-amber-100 disabled:opacity-50 dark:hover:bg-amber-900"
        >
          Clean up {items.length === 1 ? "this leftover" : `these ${items.length} leftovers`} of {table}…
        </button>
      ) : null}
      {confirming ? (
        <ConfirmActionDialog
          targetId={targetId}
          kind="cleanup_table"
          oid={tableOid}
          table={table}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            cleanup.mutate(
              { kind: "cleanup_table", oid: tableOid },
              { onSuccess: ({ id }) => setStartedId(id) },
            );
          }}
        />
      ) : null}
      {cleanup.error ? <p className="text-xs text-red-700">{errorMessage(cleanup.error)}</p> : null}
    </div>
  );
}

/** After a failed or cancelled rebuild: what it left on its table, live. */
export function TableLeftovers({
  targetId,
  tableOid,
  table,
  canAct,
}: {
  targetId: string;
  tableOid: number;
  table: string;
  canAct: boolean;
}) {
  const leftovers = useLeftovers(targetId, tableOid).data?.leftovers;
  if (!leftovers || leftovers.length === 0) return null;
  return (
    <div
      data-testid="action-leftovers"
      className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs dark:border-amber-900 dark:bg-amber-950/40"
    >
      <p className="mb-1">
        The interrupted rebuild left invalid indexes behind (writes still maintain them):
      </p>
      <TableLeftoverList
        targetId={targetId}
        tableOid={tableOid}
        table={table}
        items={leftovers}
        canAct={canAct}
      />
    </div>
  );
}
