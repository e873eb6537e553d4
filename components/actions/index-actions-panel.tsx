"use client";

import Link from "next/link";
import { useState } from "react";
import { SessionStatus } from "@/components/auth/session-status";
import { RelativeTime } from "@/components/findings/human-text";
import { targetBasePath } from "@/components/nav/target-nav-items";
import type { ActionJson, ActionKind } from "@/lib/actions/types";
import { errorMessage } from "@/lib/client/api";
import { useActionsList, useLeftovers, useStartAction } from "@/lib/client/use-actions";
import { useSession } from "@/lib/client/use-session";
import type { IndexJson } from "@/lib/inventory/index-inventory";
import { KIND_LABELS } from "./action-labels";
import { ActionProgress } from "./action-progress";
import { ConfirmActionDialog } from "./confirm-action-dialog";
import { StatusBadge } from "./status-badge";

const BUTTON =
  "rounded-md border px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";
const QUIET = `${BUTTON} border-neutral-300 hover:bg-neutral-100 dark:border-neutral-700 dark:hover:bg-neutral-800`;

function History({ actions }: { actions: ActionJson[] }) {
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
            <RelativeTime at={a.requestedAt} nowMs={Date.now()} /> by {a.username}
          </span>
          {a.indexOidAfter && a.indexOidAfter !== a.indexOidBefore ? (
            <span className="text-neutral-500">
              oid {a.indexOidBefore} → {a.indexOidAfter}
            </span>
          ) : null}
          {a.error ? <span className="break-all text-red-700 dark:text-red-300">{a.error}</span> : null}
        </li>
      ))}
    </ul>
  );
}

interface Pending {
  kind: ActionKind;
  oid: number;
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
  const leftovers = useLeftovers(targetId, index.tableOid).data?.leftovers ?? [];
  const [pending, setPending] = useState<Pending | null>(null);
  const droppable = index.constraint === null && !index.partitioned;
  const table = `${index.schema}.${index.table}`;
  return (
    <div className="flex flex-col gap-2">
      {leftovers.length > 0 ? (
        <div
          data-testid="table-leftovers"
          className="flex flex-wrap items-center gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs dark:border-amber-900 dark:bg-amber-950/40"
        >
          <span>
            {table} has {leftovers.length === 1 ? "a leftover" : `${leftovers.length} leftovers`} of an
            interrupted rebuild ({leftovers.map((l) => (l.toast ? `${l.name} (TOAST)` : l.name)).join(", ")}
            ): writes still maintain {leftovers.length === 1 ? "it" : "them"}, and a table rebuild waits until{" "}
            {leftovers.length === 1 ? "it is" : "they are"} gone.
          </span>
          <button
            type="button"
            data-testid="cleanup-table-button"
            disabled={start.isPending}
            onClick={() => setPending({ kind: "cleanup_table", oid: index.tableOid })}
            className={`${BUTTON} border-amber-400 hover:bg-amber-100 dark:hover:bg-amber-900`}
          >
            Clean up {leftovers.length === 1 ? "it" : `all ${leftovers.length}`}…
          </button>
        </div>
      ) : null}
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
          onClick={() => setPending({ kind: "reindex_index", oid: index.oid })}
          className={`${BUTTON} border-indigo-600 bg-indigo-600 text-white hover:bg-indigo-500`}
        >
          Reindex concurrently…
        </button>
        <button
          type="button"
          data-testid="reindex-table-button"
          disabled={start.isPending}
          onClick={() => setPending({ kind: "reindex_table", oid: index.tableOid })}
          className={QUIET}
        >
          Reindex the whole table…
        </button>
        {droppable ? (
          <button
            type="button"
            data-testid="drop-index-button"
            disabled={start.isPending}
            onClick={() => setPending({ kind: "drop_index", oid: index.oid })}
            className={`${BUTTON} border-red-300 text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950`}
          >
            Drop…
          </button>
        ) : null}
      </div>
      {pending ? (
        <ConfirmActionDialog
          targetId={targetId}
          kind={pending.kind}
          oid={pending.oid}
          table={table}
          onCancel={() => setPending(null)}
          onConfirm={() => {
            setPending(null);
            start.mutate(pending, { onSuccess: ({ id }) => onStarted(id) });
          }}
        />
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

/**
 * Rebuild / drop buttons (operators only), the live action, and this index's own audit
 * trail. A dropped index (`index` null) keeps its trail and gets no buttons.
 */
export function IndexActionsPanel({
  targetId,
  index,
  oid,
}: {
  targetId: string;
  index: IndexJson | null;
  /** The index's OID now, or its last one once dropped: its audit trail. */
  oid: number;
}) {
  const session = useSession();
  const history = useActionsList({ target: targetId, oid });
  const [startedId, setStartedId] = useState<number | null>(null);
  const actions = history.data?.actions ?? [];
  const live = actions.find((a) => a.status === "queued" || a.status === "running");
  const shownId = startedId ?? live?.id ?? null;
  const canAct = session.data?.canAct === true;

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
        {index === null ? null : session.data?.readOnly ? (
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
          <History actions={actions} />
          <Link
            href={`${targetBasePath(targetId)}/actions`}
            className="mt-1 inline-block text-xs text-indigo-600 hover:underline dark:text-indigo-400"
          >
            Every action on this target
          </Link>
        </div>
      </div>
    </section>
  );
}
