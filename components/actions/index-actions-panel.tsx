"use client";

import Link from "next/link";
import { useState } from "react";
import { SessionStatus } from "@/components/auth/session-status";
import { formatDateTime } from "@/components/format";
import { targetBasePath } from "@/components/nav/target-nav-items";
import { undoSqlOf } from "@/lib/actions/plan";
import type { ActionJson, ActionKind } from "@/lib/actions/types";
import { errorMessage } from "@/lib/client/api";
import { useActionsList, useStartAction } from "@/lib/client/use-actions";
import { useIndexDetail } from "@/lib/client/use-index-detail";
import { useSession } from "@/lib/client/use-session";
import type { IndexJson } from "@/lib/inventory/index-inventory";
import { KIND_LABELS } from "./action-labels";
import { ActionProgress } from "./action-progress";
import { StatusBadge } from "./status-badge";

const BUTTON =
  "rounded-md border px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";

function History({ actions, targetId }: { actions: ActionJson[]; targetId: string }) {
  if (actions.length === 0) {
    return <p className="text-xs text-neutral-500 dark:text-neutral-400">No actions on this index yet.</p>;
  }
  return (
    <ul
      data-testid="index-action-history"
      className="divide-y divide-neutral-100 text-xs dark:divide-neutral-800"
    >
      {actions.map((a) => (
        <li key={a.id} data-testid="index-action-row" className="flex flex-wrap items-center gap-2 py-1.5">
          <StatusBadge status={a.status} />
          <span className="font-medium">{KIND_LABELS[a.kind]}</span>
          <span className="text-neutral-500">
            {formatDateTime(a.requestedAt)} by {a.username}
          </span>
          {a.indexOidAfter && a.indexOidAfter !== a.indexOidBefore ? (
            <Link
              href={`${targetBasePath(targetId)}/indexes/${a.indexOidAfter}`}
              className="text-indigo-600 hover:underline dark:text-indigo-400"
            >
              rebuilt as oid {a.indexOidAfter}
            </Link>
          ) : null}
          {a.error ? <span className="break-all text-red-700 dark:text-red-300">{a.error}</span> : null}
        </li>
      ))}
    </ul>
  );
}

function Buttons({
  targetId,
  index,
  onStarted,
}: {
  targetId: string;
  index: IndexJson;
  onStarted: (id: number) => void;
}) {
  const start = useStartAction(targetId);
  const [confirmDrop, setConfirmDrop] = useState(false);
  const run = (kind: ActionKind, oid: number) =>
    start.mutate({ kind, oid }, { onSuccess: ({ id }) => onStarted(id) });
  const droppable = index.constraint === null && !index.partitioned;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          data-testid="reindex-index-button"
          disabled={start.isPending || index.constraint?.type === "exclusion"}
          title={
            index.constraint?.type === "exclusion"
              ? "REINDEX CONCURRENTLY cannot rebuild an exclusion constraint's index"
              : "Rebuild this index without blocking writes"
          }
          onClick={() => run("reindex_index", index.oid)}
          className={`${BUTTON} border-indigo-600 bg-indigo-600 text-white hover:bg-indigo-500`}
        >
          Reindex concurrently
        </button>
        <button
          type="button"
          data-testid="reindex-table-button"
          disabled={start.isPending}
          onClick={() => run("reindex_table", index.tableOid)}
          className={`${BUTTON} border-neutral-300 hover:bg-neutral-100 dark:border-neutral-700 dark:hover:bg-neutral-800`}
        >
          Reindex the whole table
        </button>
        {droppable ? (
          <button
            type="button"
            data-testid="drop-index-button"
            disabled={start.isPending}
            onClick={() => setConfirmDrop(true)}
            className={`${BUTTON} border-red-300 text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950`}
          >
            Drop…
          </button>
        ) : null}
      </div>
      {confirmDrop ? (
        <div
          data-testid="drop-confirm"
          className="rounded-md border border-red-200 bg-red-50 p-3 text-xs dark:border-red-900 dark:bg-red-950/40"
        >
          <p className="font-medium">
            DROP INDEX CONCURRENTLY {index.schema}.{index.name}
          </p>
          <p className="mt-1">This undo SQL is recorded in the audit log before the drop runs:</p>
          <code
            data-testid="drop-undo-sql"
            className="mt-1 block break-all rounded bg-white px-2 py-1 font-mono dark:bg-neutral-950"
          >
            {undoSqlOf(index.definition)}
          </code>
          <div className="mt-2 flex gap-2">
            <button
              type="button"
              data-testid="drop-confirm-button"
              onClick={() => {
                setConfirmDrop(false);
                run("drop_index", index.oid);
              }}
              className={`${BUTTON} border-red-600 bg-red-600 text-white hover:bg-red-500`}
            >
              Drop it
            </button>
            <button
              type="button"
              onClick={() => setConfirmDrop(false)}
              className={`${BUTTON} border-neutral-300`}
            >
              Keep it
            </button>
          </div>
        </div>
      ) : null}
      {start.error ? (
        <p
          role="alert"
          data-testid="action-start-error"
          className="break-words text-sm text-red-700 dark:text-red-300"
        >
          {errorMessage(start.error)}
        </p>
      ) : null}
    </div>
  );
}

/** Rebuild / drop buttons (operators only), the live action, and this index's own audit trail. */
export function IndexActionsPanel({ targetId, oid }: { targetId: string; oid: number }) {
  const session = useSession();
  const detail = useIndexDetail(targetId, oid);
  const history = useActionsList({ target: targetId, oid });
  const [startedId, setStartedId] = useState<number | null>(null);
  const actions = history.data?.actions ?? [];
  const live = actions.find((a) => a.status === "queued" || a.status === "running");
  const shownId = startedId ?? live?.id ?? null;
  const canAct = session.data?.canAct === true;
  const index = detail.data?.index;

  return (
    <section
      data-testid="index-actions-panel"
      className="rounded-lg border border-neutral-200 bg-white p-4 shadow-xs dark:border-neutral-800 dark:bg-neutral-900"
    >
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold text-neutral-900 dark:text-neutral-50">Actions</h3>
        <div className="ml-auto">
          <SessionStatus />
        </div>
      </div>
      <div className="flex flex-col gap-4">
        {session.data?.readOnly ? (
          <p data-testid="actions-read-only" className="text-xs text-neutral-500">
            Actions are turned off on this server (READ_ONLY).
          </p>
        ) : session.data?.user?.role === "viewer" ? (
          <p className="text-xs text-neutral-500">Viewers read; rebuilding needs the operator role.</p>
        ) : null}
        {canAct && index ? <Buttons targetId={targetId} index={index} onStarted={setStartedId} /> : null}
        {shownId !== null ? <ActionProgress id={shownId} targetId={targetId} canAct={canAct} /> : null}
        <div>
          <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-neutral-500">
            History of this index
          </h4>
          <History actions={actions} targetId={targetId} />
        </div>
      </div>
    </section>
  );
}
