"use client";

import { formatBytes, formatCount } from "@/components/format";
import { NameText } from "@/components/name-text";
import { SQL_WRAP_CLASSES, SqlText } from "@/components/sql-text";
import { errorMessage } from "@/lib/client/api";
import { useAction, useCancelAction } from "@/lib/client/use-actions";
import { KIND_LABELS, objectName, progressFraction } from "./action-labels";
import { StatusBadge } from "./status-badge";
import { TableLeftovers } from "./table-leftovers";

/** One action, live: phase, counts, lock waits, cancel, the server's notices and leftovers. */
export function ActionProgress({ id, targetId, canAct }: { id: number; targetId: string; canAct: boolean }) {
  const { data: action, error } = useAction(id);
  const cancel = useCancelAction();
  if (!action) {
    return (
      <p className="text-sm text-neutral-500" data-testid="action-progress-loading">
        {error ? errorMessage(error) : `Action ${id}…`}
      </p>
    );
  }
  const fraction = progressFraction(action);
  const live = action.status === "queued" || action.status === "running";
  const percent = fraction === null ? null : Math.round(fraction * 100);
  return (
    <div data-testid="action-progress" data-action-id={action.id} className="flex flex-col gap-2 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge status={action.status} />
        <span className="font-medium">{KIND_LABELS[action.kind]}</span>
        <span className="break-words text-neutral-600 dark:text-neutral-300">
          <NameText name={objectName(action)} />
        </span>
        <span className="text-xs text-neutral-400">#{action.id}</span>
        {live && canAct ? (
          <button
            type="button"
            data-testid="action-cancel"
            disabled={cancel.isPending || action.cancelRequestedBy !== null}
            onClick={() => cancel.mutate(action.id)}
            className="ml-auto rounded-md border border-red-300 px-2.5 py-1 text-xs font-medium text-red-700 hover:bg-red-50 disabled:opacity-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950"
          >
            {action.cancelRequestedBy ? "Cancelling…" : "Cancel"}
          </button>
        ) : null}
      </div>
      {live ? (
        <>
          <div
            role="progressbar"
            aria-label="Rebuild progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent ?? undefined}
            data-testid="action-progress-bar"
            data-percent={percent ?? ""}
            className="h-2 w-full overflow-hidden rounded-full bg-neutral-200 dark:bg-neutral-800"
          >
            <div
              className={`h-full rounded-full transition-[width] duration-500 ${percent === null ? "w-1/3 animate-pulse bg-indigo-300" : "bg-indigo-500"}`}
              style={percent === null ? undefined : { width: `${percent}%` }}
            />
          </div>
          <p className="text-xs text-neutral-600 dark:text-neutral-300" data-testid="action-phase">
            {action.status === "queued" ? "queued" : (action.phase ?? "starting")}
            {action.blocksTotal
              ? ` · blocks ${formatCount(action.blocksDone)} of ${formatCount(action.blocksTotal)}`
              : ""}
            {action.tuplesTotal
              ? ` · tuples ${formatCount(action.tuplesDone)} of ${formatCount(action.tuplesTotal)}`
              : ""}
            {percent !== null ? ` · ${percent}%` : ""}
          </p>
          {action.waitingForLock ? (
            <p
              data-testid="action-waiting"
              className="text-xs font-medium text-amber-700 dark:text-amber-400"
            >
              waiting for lock{action.lockHolder ? `: ${action.lockHolder}` : ""}
            </p>
          ) : null}
        </>
      ) : (
        <p className="text-xs text-neutral-600 dark:text-neutral-300">
          {action.durationMs !== null ? `${(action.durationMs / 1000).toFixed(1)} s` : ""}
          {action.sizeBefore !== null ? ` · size ${formatBytes(action.sizeBefore)}` : ""}
          {action.sizeAfter !== null ? ` → ${formatBytes(action.sizeAfter)}` : ""}
        </p>
      )}
      <code
        data-testid="action-sql"
        className={`${SQL_WRAP_CLASSES} block rounded bg-neutral-50 px-2 py-1 font-mono text-xs dark:bg-neutral-950`}
      >
        <SqlText sql={action.sql} />
      </code>
      {action.error ? (
        <p
          data-testid="action-error"
          role="alert"
          className="break-words text-xs text-red-700 dark:text-red-300"
        >
          {action.error}
        </p>
      ) : null}
      {action.skipped.length > 0 ? (
        <p data-testid="action-skipped" className="break-words text-xs text-amber-800 dark:text-amber-300">
          {action.status === "succeeded" ? `Succeeded, ${action.skipped.length} skipped` : "Will skip"}
          {" (REINDEX CONCURRENTLY cannot rebuild them): "}
          {action.skipped.map((s) => `${s.name} (${s.reason})`).join(", ")}
        </p>
      ) : null}
      {action.notices.length > 0 ? (
        <ul
          data-testid="action-notices"
          className="list-disc pl-5 text-xs text-amber-800 dark:text-amber-300"
        >
          {action.notices.map((notice, i) => (
            // Notices repeat; their order is their identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: a notice list never reorders
            <li key={i} className="break-words">
              {notice}
            </li>
          ))}
        </ul>
      ) : null}
      {action.leftovers.length > 0 && !live ? (
        <TableLeftovers
          targetId={targetId}
          tableOid={action.tableOid}
          table={`${action.schema}.${action.table}`}
          canAct={canAct}
        />
      ) : null}
    </div>
  );
}
