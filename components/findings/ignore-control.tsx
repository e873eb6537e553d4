"use client";

import { useState } from "react";
import type { Finding } from "@/lib/analysis/types";
import { errorMessage } from "@/lib/client/api";
import { useFindingIgnores } from "@/lib/client/use-findings";

/** Accept a finding with a reason: it stays hidden until its index changes. */
export function IgnoreControl({ targetId, finding }: { targetId: string; finding: Finding }) {
  const { ignore } = useFindingIgnores(targetId);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  if (!open) {
    return (
      <button
        type="button"
        data-testid="ignore-open"
        onClick={() => setOpen(true)}
        className="text-xs text-neutral-500 underline-offset-2 hover:underline"
      >
        Accept…
      </button>
    );
  }
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        ignore.mutate({ key: finding.key, kind: finding.kind, reason }, { onSuccess: () => setOpen(false) });
      }}
    >
      <input
        data-testid="ignore-reason"
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        placeholder="Why it is fine as it is"
        maxLength={2000}
        required
        className="min-w-48 flex-1 rounded-md border border-neutral-300 px-2 py-1 text-xs dark:border-neutral-700 dark:bg-neutral-900"
      />
      <button
        type="submit"
        data-testid="ignore-submit"
        disabled={ignore.isPending || reason.trim().length === 0}
        className="rounded-md bg-neutral-800 px-2 py-1 text-xs font-medium text-white disabled:opacity-50 dark:bg-neutral-200 dark:text-neutral-900"
      >
        Accept
      </button>
      <button type="button" onClick={() => setOpen(false)} className="text-xs text-neutral-500">
        Cancel
      </button>
      {ignore.isError ? (
        <span role="alert" className="w-full text-xs text-red-700 dark:text-red-300">
          {errorMessage(ignore.error)}
        </span>
      ) : null}
    </form>
  );
}
