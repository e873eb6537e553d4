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
  formatTime,
  formatWindow,
} from "@/components/format";
import { NameText } from "@/components/name-text";
import { SQL_WRAP_CLASSES, SqlText } from "@/components/sql-text";
import type { LiveIndexDetailResponse } from "@/lib/client/use-index-detail";
import type { IndexJson } from "@/lib/inventory/index-inventory";
import type { HistoryScans } from "@/lib/store/index-identity-reads";
import { IndexFlags } from "./index-flags";

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
        className={`mt-0.5 ${wrap ? "break-words" : "truncate"} text-lg font-semibold tabular-nums text-neutral-900 dark:text-neutral-50`}
      >
        {value}
      </dd>
      {hint ? <dd className="text-xs text-neutral-500 dark:text-neutral-400">{hint}</dd> : null}
    </div>
  );
}

export function Panel({
  title,
  children,
  testId,
}: {
  title: string;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <section
      data-testid={testId}
      className="rounded-lg border border-neutral-200 bg-white p-4 shadow-xs dark:border-neutral-800 dark:bg-neutral-900"
    >
      <h3 className="mb-3 text-sm font-semibold text-neutral-900 dark:text-neutral-50">{title}</h3>
      {children}
    </section>
  );
}

export function CopyButton({ text }: { text: string }) {
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

/** "between 10:20 and 10:30" (same day) or with dates, from the history's span. */
function seenSpan(span: { after: string; by: string }): string {
  const sameDay = formatDate(span.after) === formatDate(span.by);
  return sameDay
    ? `between ${formatTime(span.after).slice(0, 5)} and ${formatTime(span.by).slice(0, 5)} on ${formatDate(span.by)}`
    : `between ${formatDateTime(span.after)} and ${formatDateTime(span.by)}`;
}

function lastScanValue(
  index: IndexJson,
  lastScanAvailable: boolean,
  sampledAt: string,
  history: HistoryScans | null,
): { value: React.ReactNode; hint?: React.ReactNode } {
  const seen = history?.lastSeenScanned ?? null;
  const server = lastScanAvailable ? index.lastScanAt : null;
  // The server's time is exact, but a rebuild or a reset forgets it: the later one wins.
  if (server && (!seen || Date.parse(server) >= Date.parse(seen.after))) {
    return {
      value: (
        <time dateTime={server} title={formatDateTime(server)}>
          {formatRelative(Date.parse(server), Date.parse(sampledAt))}
        </time>
      ),
      hint: "from the server's counters",
    };
  }
  if (seen) {
    return {
      value: (
        <time dateTime={seen.by} title={seenSpan(seen)}>
          {formatRelative(Date.parse(seen.by), Date.parse(sampledAt))}
        </time>
      ),
      hint: <span data-testid="last-seen-scanned">last seen scanned {seenSpan(seen)} (history)</span>,
    };
  }
  if (index.scans === null) return { value: "—" };
  if (!lastScanAvailable && !history)
    return { value: <span className="text-neutral-400">unavailable (PG &lt; 16)</span> };
  return { value: <span className="text-amber-700 dark:text-amber-400">never</span> };
}

/** Name, flags, table, OID and the rebuild mark: what the index is. */
export function IndexHeader({ detail }: { detail: LiveIndexDetailResponse }) {
  const { index, formerOids } = detail;
  return (
    <header className="flex flex-col gap-1.5">
      <div className="flex flex-wrap items-center gap-2">
        <h2
          data-testid="index-name"
          className="break-words text-xl font-semibold text-neutral-900 dark:text-neutral-50"
        >
          <NameText name={index.name} />
        </h2>
        <IndexFlags index={index} wrap />
        {formerOids.length > 0 ? (
          <span
            data-testid="rebuilt-mark"
            title={`Rebuilt under a new OID: this page follows the index, its history goes on (was oid ${formerOids.join(", ")})`}
            className="rounded-full border border-indigo-200 bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-800 dark:border-indigo-800 dark:bg-indigo-950 dark:text-indigo-200"
          >
            rebuilt{formerOids.length > 1 ? ` ${formerOids.length} times` : ""}
          </span>
        ) : null}
      </div>
      <p className="break-all text-sm text-neutral-600 dark:text-neutral-300">
        {index.method} index on <span className="font-medium">{index.schema}</span>.
        <span className="font-medium">{index.table}</span>
        <span className="text-neutral-400 dark:text-neutral-500">
          {" "}
          · oid {index.oid}
          {formerOids.length > 0 ? ` (was ${formerOids.join(", ")})` : ""}
        </span>
      </p>
      {!index.valid ? (
        <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200">
          This index is invalid: the planner ignores it, yet every write still maintains it. Rebuild it with
          REINDEX INDEX CONCURRENTLY or drop it.
        </p>
      ) : null}
    </header>
  );
}

/** Usage (the history's figures first, then the server's counters) and sizes. */
export function IndexFigures({
  detail,
  tableIndexesHref,
}: {
  detail: LiveIndexDetailResponse;
  /** The index list filtered to this index's table. */
  tableIndexesHref?: string;
}) {
  const { index, history, lastScanAvailable, sampledAt, statsSince, statsSinceSource } = detail;
  const days = daysBetween(statsSince, sampledAt);
  const windowText = `since ${formatDate(statsSince)} (${formatWindow(statsSince, sampledAt)}, ${
    statsSinceSource === "stats_reset" ? "stats reset" : "server start"
  })`;
  const historyDays = history ? daysBetween(history.firstSeenAt, sampledAt) : 0;
  const scans = history ? history.scansSinceFirstSeen : index.scans;
  const perDay =
    scans !== null && (history ? historyDays : days) >= 1 ? scans / (history ? historyDays : days) : null;
  const lastScan = lastScanValue(index, lastScanAvailable, sampledAt, history);
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      <Panel title="Usage">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-4 sm:grid-cols-3">
          <Stat
            testId="stat-scans"
            label={history ? "Scans seen by indexwatch" : "Scans"}
            value={
              scans === 0 ? <span className="text-amber-700 dark:text-amber-400">0</span> : formatCount(scans)
            }
            hint={
              history
                ? `since ${formatDate(history.firstSeenAt)}, across rebuilds${history.includesSimulated ? " (demo history included)" : ""}`
                : perDay !== null
                  ? `${formatCount(Math.round(perDay * 10) / 10)} per day`
                  : undefined
            }
          />
          <Stat
            testId="stat-server-scans"
            label="Server counter"
            value={formatCount(index.scans)}
            hint={windowText}
          />
          <Stat testId="stat-last-scan" label="Last scan" value={lastScan.value} hint={lastScan.hint} />
          <Stat testId="stat-tuples-read" label="Tuples read" value={formatCount(index.tuplesRead)} />
          <Stat
            testId="stat-tuples-fetched"
            label="Tuples fetched"
            value={formatCount(index.tuplesFetched)}
          />
        </dl>
        {index.partitioned ? (
          <p className="mt-3 text-xs text-neutral-500 dark:text-neutral-400">
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
                <NameText name={`${index.schema}.${index.table}`} />
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
  );
}

/** The CREATE INDEX statement, to copy. */
export function IndexDefinition({ definition }: { definition: string }) {
  return (
    <Panel title="Definition">
      <div className="flex items-start gap-2">
        <pre
          className={`${SQL_WRAP_CLASSES} min-w-0 flex-1 rounded-md bg-neutral-50 px-3 py-2 font-mono text-[13px] leading-5 text-neutral-800 dark:bg-neutral-950 dark:text-neutral-200`}
        >
          <code data-testid="index-definition">
            <SqlText sql={definition} />
          </code>
        </pre>
        <CopyButton text={definition} />
      </div>
    </Panel>
  );
}
