"use client";

import { useEffect, useRef, useState } from "react";
import { formatCount } from "@/components/format";
import type { FindingKind } from "@/lib/analysis/types";
import type { FindingsPageParams } from "@/lib/client/use-findings";

/**
 * How long typing must pause before a filter is asked for: about one request per burst of
 * keys, not per key, and short enough that the rows follow within 300 ms of the last key
 * at 50,000 indexes (bench/pages-50k.ts counts this pause in its figure).
 */
export const TYPING_PAUSE_MS = 100;

/** A text box whose value reaches the server once typing pauses, not on every key. */
function DebouncedInput({
  value,
  onCommit,
  label,
  placeholder,
  testId,
}: {
  value: string;
  onCommit: (value: string) => void;
  label: string;
  placeholder: string;
  testId: string;
}) {
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <label className="flex flex-col gap-1 text-xs text-neutral-600 dark:text-neutral-400">
      {label}
      <input
        type="search"
        data-testid={testId}
        value={text}
        maxLength={200}
        placeholder={placeholder}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => onCommit(next.trim()), TYPING_PAUSE_MS);
        }}
        className="w-56 rounded-md border border-neutral-300 px-2 py-1 text-sm text-neutral-900 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100"
      />
    </label>
  );
}

export interface FindingsFiltersProps {
  params: FindingsPageParams;
  onFilter: (change: Partial<Pick<FindingsPageParams, "q" | "table" | "kind" | "safe">>) => void;
  /** The kinds to choose from, with their titles; omitted on a page of one kind. */
  kinds?: { kind: FindingKind; title: string }[];
  safeLabel: string;
}

/** Search, table, kind and safe-only: every one filters on the server. */
export function FindingsFilters({ params, onFilter, kinds, safeLabel }: FindingsFiltersProps) {
  return (
    <div className="flex flex-wrap items-end gap-3" data-testid="findings-filters">
      <DebouncedInput
        label="Search"
        placeholder="index, table or column"
        value={params.q}
        onCommit={(q) => onFilter({ q })}
        testId="filter-q"
      />
      <DebouncedInput
        label="Table"
        placeholder="schema.table"
        value={params.table}
        onCommit={(table) => onFilter({ table })}
        testId="filter-table"
      />
      {kinds ? (
        <label className="flex flex-col gap-1 text-xs text-neutral-600 dark:text-neutral-400">
          Kind
          <select
            data-testid="filter-kind"
            value={params.kind}
            onChange={(event) => onFilter({ kind: event.target.value as FindingKind | "" })}
            className="rounded-md border border-neutral-300 px-2 py-1 text-sm text-neutral-900 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100"
          >
            <option value="">Every kind</option>
            {kinds.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.title}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="flex items-center gap-2 pb-1 text-sm">
        <input
          type="checkbox"
          data-testid="filter-safe"
          checked={params.safe}
          onChange={(event) => onFilter({ safe: event.target.checked })}
        />
        {safeLabel}
      </label>
    </div>
  );
}

/** "51–100 of 2,500" with Previous / Next. */
export function Pager({
  total,
  offset,
  limit,
  onOffset,
  busy,
}: {
  total: number;
  offset: number;
  limit: number;
  onOffset: (offset: number) => void;
  busy: boolean;
}) {
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(total, offset + limit);
  const button =
    "rounded-md border border-neutral-300 px-2 py-1 text-xs disabled:opacity-40 dark:border-neutral-700";
  return (
    <div className="flex items-center gap-3 text-sm" data-testid="pager">
      <span data-testid="page-range" aria-live="polite" className="tabular-nums">
        {formatCount(first)}–{formatCount(last)} of {formatCount(total)}
      </span>
      <button
        type="button"
        data-testid="page-previous"
        className={button}
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - limit))}
      >
        Previous
      </button>
      <button
        type="button"
        data-testid="page-next"
        className={button}
        disabled={offset + limit >= total}
        onClick={() => onOffset(offset + limit)}
      >
        Next
      </button>
      {busy ? (
        <span role="status" className="text-xs text-neutral-500" data-testid="page-loading">
          updating…
        </span>
      ) : null}
    </div>
  );
}
