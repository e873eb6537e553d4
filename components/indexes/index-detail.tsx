"use client";

import Link from "next/link";
import { useState } from "react";
import {
  daysBetween,
  formatBytes,
  formatCount,
  formatDate,
  formatDateTime,
  formatPercent,
  formatRelative,
} from "@/components/format";
import type { IndexJson } from "@/lib/inventory/index-inventory";
import { IndexFlags } from "./index-flags";

export interface IndexDetailProps {
  index: IndexJson;
  lastScanAvailable: boolean;
  /** Database clock of the sample. */
  sampledAt: string;
  statsSince: string;
  statsSinceSource: "stats_reset" | "postmaster_start";
  /** The index list filtered to this index's table. */
  tableIndexesHref?: string;
}

function Stat({
  label,
  value,
  hint,
  testId,
  wrap = false,
}: {
  label: string;
  value: React.ReactNode;
  hint?: React.ReactNode;
  testId?: string;
  /** Let a long value (a name) wrap instead of being cut. */
  wrap?: boolean;
}) {
  return (
    <div className="min-w-0" data-testid={testId}>
      <dt className="text-xs font-medium text-neutral-500 dark:text-neutral-400">{label}</dt>
      <dd
        className={`mt-0.5 ${wrap ? "break-all" : "truncate"} text-lg font-semibold tabular-nums text-neutral-900 dark:text-neutral-50`}
      >
        {value}
      </dd>
      {hint ? <dd className="text-xs text-neutral-500 dark:text-neutral-400">{hint}</dd> : null}
    </div>
  );
}

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="rounded-lg border border-neutral-200 bg-white p-4 shadow-xs dark:border-neutral-800 dark:bg-neutral-900">
      <h3 className="mb-3 text-sm font-semibold text-neutral-900 dark:text-neutral-50">{title}</h3>
      {children}
    </section>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        });
      }}
      className="rounded border border-neutral-300 px-2 py-0.5 text-xs text-neutral-600 hover:bg-neutral-100 dark:border-neutral-700 dark:text-neutral-300 dark:hover:bg-neutral-800"
    >
      {copied ? "Copied" : "Copy"}
    </button>
  );
}

function lastScanText(index: IndexJson, lastScanAvailable: boolean, sampledAt: string): React.ReactNode {
  if (!lastScanAvailable) return <span className="text-neutral-400">unavailable (PG &lt; 16)</span>;
  if (index.scans === null) return "—";
  if (index.lastScanAt === null) return <span className="text-amber-700 dark:text-amber-400">never</span>;
  return (
    <time dateTime={index.lastScanAt} title={formatDateTime(index.lastScanAt)}>
      {formatRelative(Date.parse(index.lastScanAt), Date.parse(sampledAt))}
    </time>
  );
}

/** One index: definition, counters, flags and its table. */
export function IndexDetail({
  index,
  lastScanAvailable,
  sampledAt,
  statsSince,
  statsSinceSource,
  tableIndexesHref,
}: IndexDetailProps) {
  const days = daysBetween(statsSince, sampledAt);
  const perDay = index.scans !== null && days >= 1 ? index.scans / days : null;
  const windowText = `since ${formatDate(statsSince)} (${days === 1 ? "1 day" : `${formatCount(days)} days`}, ${
    statsSinceSource === "stats_reset" ? "stats reset" : "server start"
  })`;

  return (
    <article data-testid="index-detail" className="flex flex-col gap-4">
      <header className="flex flex-col gap-1.5">
        <div className="flex flex-wrap items-center gap-2">
          <h2
            data-testid="index-name"
            className="break-all text-xl font-semibold text-neutral-900 dark:text-neutral-50"
          >
            {index.name}
          </h2>
          <IndexFlags index={index} wrap />
        </div>
        <p className="break-all text-sm text-neutral-600 dark:text-neutral-300">
          {index.method} index on <span className="font-medium">{index.schema}</span>.
          <span className="font-medium">{index.table}</span>
          <span className="text-neutral-400 dark:text-neutral-500"> · oid {index.oid}</span>
        </p>
        {!index.valid ? (
          <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200">
            This index is invalid: the planner ignores it, yet every write still maintains it. Rebuild it with
            REINDEX INDEX CONCURRENTLY or drop it.
          </p>
        ) : null}
      </header>

      <Panel title="Definition">
        <div className="flex items-start gap-2">
          <pre className="min-w-0 flex-1 overflow-x-auto rounded-md bg-neutral-50 px-3 py-2 font-mono text-[13px] leading-5 text-neutral-800 dark:bg-neutral-950 dark:text-neutral-200">
            <code data-testid="index-definition">{index.definition}</code>
          </pre>
          <CopyButton text={index.definition} />
        </div>
      </Panel>

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Panel title="Usage">
          <dl className="grid grid-cols-2 gap-x-6 gap-y-4 sm:grid-cols-3">
            <Stat
              testId="stat-scans"
              label="Scans"
              value={
                index.scans === 0 ? (
                  <span className="text-amber-700 dark:text-amber-400">0</span>
                ) : (
                  formatCount(index.scans)
                )
              }
              hint={perDay !== null ? `${formatCount(Math.round(perDay * 10) / 10)} per day` : undefined}
            />
            <Stat testId="stat-tuples-read" label="Tuples read" value={formatCount(index.tuplesRead)} />
            <Stat
              testId="stat-tuples-fetched"
              label="Tuples fetched"
              value={formatCount(index.tuplesFetched)}
            />
            <Stat
              testId="stat-last-scan"
              label="Last scan"
              value={lastScanText(index, lastScanAvailable, sampledAt)}
            />
          </dl>
          <p className="mt-4 text-xs text-neutral-500 dark:text-neutral-400">Counters {windowText}.</p>
          {index.partitioned ? (
            <p className="mt-1 text-xs text-neutral-500 dark:text-neutral-400">
              A partitioned index has no statistics of its own: see the indexes of its partitions.
            </p>
          ) : null}
        </Panel>

        <Panel title="Size and table">
          <dl className="grid grid-cols-2 gap-x-6 gap-y-4 sm:grid-cols-3">
            <Stat
              testId="stat-size"
              label="Index size"
              value={index.sizeSkipped === "locked" ? "locked" : formatBytes(index.sizeBytes)}
              hint={
                index.sizeBytes !== null && index.tableSizeBytes
                  ? `${formatPercent(index.sizeBytes, index.tableSizeBytes)} of the table`
                  : undefined
              }
            />
            <Stat testId="stat-table-size" label="Table size" value={formatBytes(index.tableSizeBytes)} />
            <Stat
              label="Table"
              wrap
              value={
                <span className="text-base" title={`${index.schema}.${index.table}`}>
                  {index.schema}.{index.table}
                </span>
              }
              hint={
                tableIndexesHref ? (
                  <Link
                    href={tableIndexesHref}
                    className="text-indigo-600 hover:underline dark:text-indigo-400"
                  >
                    All indexes of this table
                  </Link>
                ) : undefined
              }
            />
          </dl>
          {index.constraint ? (
            <p className="mt-4 break-all text-xs text-neutral-500 dark:text-neutral-400">
              Backs the {index.constraint.type} constraint{" "}
              <span className="font-medium text-neutral-700 dark:text-neutral-200">
                {index.constraint.name}
              </span>
              : it cannot be dropped on its own.
            </p>
          ) : null}
        </Panel>
      </div>
    </article>
  );
}
