"use client";

import { formatDateTime, formatDateTimeWithZone, formatRelative } from "@/components/format";
import { NameText } from "@/components/name-text";
import type { IndexDetailResponse } from "@/lib/client/use-index-detail";
import { CopyButton } from "./index-detail";

type Dropped = Extract<IndexDetailResponse, { state: "dropped" }>;

/** The end of an index's story: when, by whom, and the statement that brings it back. */
export function DroppedIndex({ detail }: { detail: Dropped }) {
  const { index, dropped } = detail;
  return (
    <article data-testid="index-dropped" className="flex flex-col gap-3">
      <header className="flex flex-col gap-1.5">
        <div className="flex flex-wrap items-center gap-2">
          <h2
            data-testid="index-name"
            className="break-words text-xl font-semibold text-neutral-900 dark:text-neutral-50"
          >
            <NameText name={index.name} />
          </h2>
          <span className="rounded-full border border-red-200 bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
            dropped
          </span>
        </div>
        <p className="break-words text-sm text-neutral-600 dark:text-neutral-300">
          on <span className="font-medium">{index.schema}</span>.
          <span className="font-medium">
            <NameText name={index.table} />
          </span>
          <span className="text-neutral-400 dark:text-neutral-500"> · last oid {index.lastOid}</span>
        </p>
      </header>
      <section
        role="status"
        className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-100"
      >
        <p data-testid="dropped-summary" className="font-medium">
          Dropped{" "}
          {dropped.at ? (
            <>
              at{" "}
              <time dateTime={dropped.at} title={formatDateTimeWithZone(dropped.at)}>
                {formatDateTime(dropped.at)} ({formatRelative(Date.parse(dropped.at), Date.now())})
              </time>
            </>
          ) : (
            "(not yet recorded by the sampler)"
          )}{" "}
          by {dropped.by}.
        </p>
        {dropped.undo ? (
          <>
            <p className="mt-2 text-xs">To bring it back, run:</p>
            <div className="mt-1 flex items-start gap-2">
              <pre className="min-w-0 flex-1 whitespace-pre-wrap break-words rounded-md bg-white px-3 py-2 font-mono text-[13px] text-neutral-800 dark:bg-neutral-950 dark:text-neutral-200">
                <code data-testid="dropped-undo-sql">{dropped.undo}</code>
              </pre>
              <CopyButton text={dropped.undo} />
            </div>
          </>
        ) : (
          <p className="mt-2 text-xs">
            Its definition was never read, so there is no statement to bring it back.
          </p>
        )}
      </section>
    </article>
  );
}
