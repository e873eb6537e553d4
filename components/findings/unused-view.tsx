"use client";

import { formatBytes } from "@/components/format";
import { errorMessage } from "@/lib/client/api";
import { useFindings } from "@/lib/client/use-findings";
import { FindingTable } from "./finding-table";
import { FindingsPlaceholder } from "./findings-placeholder";
import { WindowSummary } from "./window-summary";

/** The unused indexes with their proof: the window, the flags that make a drop unsafe, the SQL. */
export function UnusedView({ targetId }: { targetId: string }) {
  const query = useFindings(targetId);
  if (!query.data) return <FindingsPlaceholder query={query} />;
  const data = query.data;
  const unused = data.window.tooEarly
    ? data.tooEarlyCandidates
    : data.findings.filter((f) => f.kind === "unused");
  const safe = unused.filter((f) => f.safeToDrop);
  const safeBytes = safe.reduce((sum, f) => sum + (f.sizeBytes ?? 0), 0);
  return (
    <div className="flex flex-col gap-4" data-testid="unused-page">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">
          {data.window.tooEarly ? "Unused indexes: too early to tell" : "Unused indexes"}
        </h1>
        <p className="text-sm text-neutral-600 dark:text-neutral-400" data-testid="unused-summary">
          {unused.length} {data.window.tooEarly ? "zero-scan so far" : "unused"}, {safe.length}{" "}
          {data.window.tooEarly ? "with no flag" : "safe to drop"} ({formatBytes(safeBytes)})
        </p>
      </header>
      <WindowSummary window={data.window} />
      {query.error ? (
        <p role="status" className="text-xs text-amber-700 dark:text-amber-300">
          Last refresh failed ({errorMessage(query.error)}); showing the previous answer.
        </p>
      ) : null}
      {unused.length === 0 ? (
        <p className="text-sm text-neutral-600" data-testid="unused-empty">
          Every index was scanned in the window.
        </p>
      ) : (
        <FindingTable
          findings={unused}
          targetId={data.window.tooEarly || !data.ignoresAvailable ? null : targetId}
          testId="unused-table"
          tooEarly={data.window.tooEarly}
        />
      )}
      <p className="text-xs text-neutral-500">
        Sorted by what a drop wins: size, then the write work of the table. An index that backs a constraint
        goes only with ALTER TABLE … DROP CONSTRAINT; its SQL says so.
      </p>
    </div>
  );
}
