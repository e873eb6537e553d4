"use client";

import { useState } from "react";
import { SessionStatus } from "@/components/auth/session-status";
import { ErrorState, LoadingState } from "@/components/status/query-states";
import { ACTION_KINDS, ACTION_STATUSES, type ActionKind } from "@/lib/actions/types";
import { errorMessage } from "@/lib/client/api";
import {
  type ActionsFilter,
  actionsQueryString,
  useActionsList,
  useLeftovers,
} from "@/lib/client/use-actions";
import { useSession } from "@/lib/client/use-session";
import { KIND_LABELS } from "./action-labels";
import { ActionProgress } from "./action-progress";
import { ActionsTable } from "./actions-table";
import { leftoversByTable, TableLeftoverList } from "./table-leftovers";

const SELECT =
  "rounded-md border border-neutral-300 bg-white px-2 py-1 text-sm dark:border-neutral-700 dark:bg-neutral-900";

function Leftovers({ targetId, canAct }: { targetId: string; canAct: boolean }) {
  const { data } = useLeftovers(targetId, null);
  const leftovers = data?.leftovers ?? [];
  if (leftovers.length === 0) return null;
  return (
    <section
      data-testid="leftovers"
      className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm dark:border-amber-900 dark:bg-amber-950/40"
    >
      <h3 className="font-semibold">Leftovers of interrupted rebuilds</h3>
      <p className="mt-1 text-xs">
        Invalid indexes: the planner ignores them, every write still maintains them. One clean-up per table
        drops all of its leftovers, its TOAST table&apos;s too.
      </p>
      <div className="mt-2 flex flex-col gap-3">
        {leftoversByTable(leftovers).map((group) => (
          <TableLeftoverList
            key={group.tableOid}
            targetId={targetId}
            tableOid={group.tableOid}
            table={group.table}
            items={group.items}
            canAct={canAct}
          />
        ))}
      </div>
    </section>
  );
}

/** The audit log of a target: filters, live actions, export. */
export function ActionsView({ targetId }: { targetId: string }) {
  const [kind, setKind] = useState<ActionKind | "">("");
  const [status, setStatus] = useState("");
  const [user, setUser] = useState("");
  const filter: ActionsFilter = { target: targetId, kind, status, user: user.trim() };
  const list = useActionsList(filter);
  const session = useSession();
  const canAct = session.data?.canAct === true;
  const live = (list.data?.actions ?? []).filter((a) => a.status === "queued" || a.status === "running");

  return (
    <div className="flex flex-col gap-4" data-testid="actions-view">
      <div className="flex flex-wrap items-end gap-3">
        <h2 className="text-lg font-semibold">Actions</h2>
        <div className="ml-auto">
          <SessionStatus />
        </div>
      </div>
      {live.map((a) => (
        <div
          key={a.id}
          className="rounded-lg border border-indigo-200 bg-white p-4 dark:border-indigo-900 dark:bg-neutral-900"
        >
          <ActionProgress id={a.id} targetId={targetId} canAct={canAct} />
        </div>
      ))}
      <Leftovers targetId={targetId} canAct={canAct} />
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <select
          aria-label="Action"
          data-testid="filter-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as ActionKind | "")}
          className={SELECT}
        >
          <option value="">All actions</option>
          {ACTION_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
        <select
          aria-label="Outcome"
          data-testid="filter-status"
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          className={SELECT}
        >
          <option value="">All outcomes</option>
          {ACTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <input
          aria-label="User"
          data-testid="filter-user"
          placeholder="User"
          value={user}
          onChange={(e) => setUser(e.target.value)}
          className={`${SELECT} w-32`}
        />
        <a
          href={`/api/v1/actions?${actionsQueryString({ ...filter, user: user.trim() })}&format=csv&limit=10000`}
          data-testid="actions-export"
          className="ml-auto rounded-md border border-neutral-300 px-3 py-1 text-sm hover:bg-neutral-100 dark:border-neutral-700 dark:hover:bg-neutral-800"
        >
          Export CSV
        </a>
      </div>
      {list.data ? (
        <ActionsTable actions={list.data.actions} targetId={targetId} />
      ) : list.isError ? (
        <ErrorState
          title="Could not read the audit log"
          message={errorMessage(list.error)}
          onRetry={() => void list.refetch()}
        />
      ) : (
        <LoadingState label="Reading the audit log…" />
      )}
    </div>
  );
}
