"use client";

import { useEffect, useRef } from "react";
import { SQL_WRAP_CLASSES, SqlText } from "@/components/sql-text";
import type { ActionKind } from "@/lib/actions/types";
import { errorMessage } from "@/lib/client/api";
import { useActionPreview } from "@/lib/client/use-actions";
import { consequencesOf } from "./action-consequences";

const BUTTON =
  "rounded-md border px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div>
      <h4 className="text-xs font-semibold uppercase tracking-wide text-neutral-500 dark:text-neutral-400">
        {title}
      </h4>
      <div className="mt-1 text-sm">{children}</div>
    </div>
  );
}

function Sql({ text, testId }: { text: string; testId: string }) {
  return (
    <pre
      data-testid={testId}
      className={`${SQL_WRAP_CLASSES} rounded bg-neutral-100 px-2 py-1.5 font-mono text-xs dark:bg-neutral-950`}
    >
      <SqlText sql={text} />
    </pre>
  );
}

/**
 * Asks before an action that rewrites or drops: the exact SQL it will run (planned by the
 * server as a request would be), what it locks, and how to undo it. Nothing runs unless the
 * person confirms; a refusal is shown instead of the button.
 */
export function ConfirmActionDialog({
  targetId,
  kind,
  oid,
  table,
  onConfirm,
  onCancel,
}: {
  targetId: string;
  kind: ActionKind;
  oid: number;
  /** schema.table, for the lock sentence until the plan arrives. */
  table: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const preview = useActionPreview(targetId, { kind, oid });
  const plan = preview.data;
  const consequences = consequencesOf(kind, plan?.ok ? `${plan.schema}.${plan.table}` : table);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onCancel();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onCancel]);

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/40 p-4">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="confirm-action-title"
        data-testid="confirm-dialog"
        className="flex max-h-[90vh] w-full max-w-xl flex-col gap-3 overflow-y-auto rounded-lg border border-neutral-200 bg-white p-5 shadow-lg dark:border-neutral-800 dark:bg-neutral-900"
      >
        <h3 id="confirm-action-title" className="text-base font-semibold">
          {consequences.title}?
        </h3>
        <Section title="What will run">
          {plan?.ok ? (
            <Sql testId="confirm-sql" text={plan.statements.map((s) => `${s};`).join("\n")} />
          ) : plan && !plan.ok ? (
            <p
              role="alert"
              data-testid="confirm-refused"
              className="break-words text-red-700 dark:text-red-300"
            >
              Refused: {plan.reason}
            </p>
          ) : preview.error ? (
            <p role="alert" className="break-words text-red-700 dark:text-red-300">
              {errorMessage(preview.error)}
            </p>
          ) : (
            <p className="text-neutral-500">Planning…</p>
          )}
        </Section>
        <Section title="What it locks">
          <p data-testid="confirm-locks">{consequences.locks}</p>
        </Section>
        <Section title="How to undo it">
          <p data-testid="confirm-undo">{consequences.undo}</p>
          {plan?.ok && plan.undoSql ? (
            <>
              <p className="mt-1 text-xs text-neutral-500">Recorded in the audit log before it runs:</p>
              <Sql testId="confirm-undo-sql" text={plan.undoSql} />
            </>
          ) : null}
        </Section>
        <div className="flex justify-end gap-2 pt-1">
          <button
            ref={cancelRef}
            type="button"
            data-testid="confirm-cancel"
            onClick={onCancel}
            className={`${BUTTON} border-neutral-300 hover:bg-neutral-100 dark:border-neutral-700 dark:hover:bg-neutral-800`}
          >
            Cancel
          </button>
          <button
            type="button"
            data-testid="confirm-run"
            disabled={!plan?.ok}
            onClick={onConfirm}
            className={`${BUTTON} ${
              kind === "drop_index"
                ? "border-red-600 bg-red-600 text-white hover:bg-red-500"
                : "border-indigo-600 bg-indigo-600 text-white hover:bg-indigo-500"
            }`}
          >
            {kind === "drop_index" ? "Drop it" : "Run it"}
          </button>
        </div>
      </div>
    </div>
  );
}
