"use client";

import type { ReactNode } from "react";
import type { Finding, FindingKind } from "@/lib/analysis/types";
import { findingsExportHref, useFindings } from "@/lib/client/use-findings";
import { ExactBloatButton } from "./exact-bloat-button";
import { FindingTable } from "./finding-table";
import { FindingsPlaceholder } from "./findings-placeholder";
import { HitRatioTable } from "./hit-ratio-table";
import { IgnoredList } from "./ignored-list";
import { WindowSummary } from "./window-summary";

const SECTIONS: { kind: FindingKind; title: string; blurb: string }[] = [
  {
    kind: "invalid",
    title: "Invalid indexes",
    blurb: "Serve no reads, still cost every write. A build in progress is told apart and left alone.",
  },
  {
    kind: "duplicate",
    title: "Duplicates",
    blurb: "Same columns, operator classes, collations, expressions and predicate as another index.",
  },
  {
    kind: "redundant",
    title: "Redundant",
    blurb: "A plain btree whose columns lead another btree of the same table.",
  },
  {
    kind: "missing_fk_index",
    title: "Foreign keys without an index",
    blurb: "Deletes and key updates on the parent scan the whole child table.",
  },
  {
    kind: "bloat",
    title: "Bloated indexes",
    blurb: "Estimated from table statistics (fillfactor-aware); REINDEX CONCURRENTLY gives the space back.",
  },
];

function Section({
  kind,
  title,
  blurb,
  findings,
  targetId,
  extra,
}: (typeof SECTIONS)[number] & {
  findings: Finding[];
  targetId: string | null;
  extra?: (finding: Finding) => ReactNode;
}) {
  return (
    <section className="flex flex-col gap-2" data-testid={`findings-${kind}`}>
      <h2 className="text-base font-semibold">
        {title} <span className="font-normal text-neutral-500">({findings.length})</span>
      </h2>
      <p className="text-xs text-neutral-600 dark:text-neutral-400">{blurb}</p>
      {findings.length > 0 ? (
        <FindingTable
          findings={findings}
          targetId={targetId}
          testId={`findings-table-${kind}`}
          showKeep={kind === "duplicate" || kind === "redundant"}
          extra={extra}
        />
      ) : (
        <p className="text-sm text-neutral-500">None.</p>
      )}
    </section>
  );
}

/** Every health finding apart from "unused" (its own page), with export and the ignore list. */
export function FindingsView({ targetId }: { targetId: string }) {
  const query = useFindings(targetId);
  if (!query.data) return <FindingsPlaceholder query={query} />;
  const data = query.data;
  const ignoreTarget = data.ignoresAvailable ? targetId : null;
  const measureExactly = (finding: Finding) =>
    finding.index ? <ExactBloatButton targetId={targetId} oid={finding.index.oid} /> : null;
  return (
    <div className="flex flex-col gap-6" data-testid="findings-page">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">Findings</h1>
        <div className="flex gap-3 text-sm">
          <a
            data-testid="export-csv"
            href={findingsExportHref(targetId, "csv")}
            className="text-indigo-700 hover:underline dark:text-indigo-300"
          >
            Export CSV
          </a>
          <a
            data-testid="export-json"
            href={findingsExportHref(targetId, "json")}
            className="text-indigo-700 hover:underline dark:text-indigo-300"
          >
            Export JSON
          </a>
        </div>
      </header>
      <WindowSummary window={data.window} />
      {data.skippedLocked.length > 0 ? (
        <p role="status" className="text-xs text-amber-700 dark:text-amber-300">
          Skipped (an ACCESS EXCLUSIVE lock is held on their table):{" "}
          {data.skippedLocked.map((s) => `${s.schema}.${s.name}`).join(", ")}
        </p>
      ) : null}
      {SECTIONS.map((section) => (
        <Section
          key={section.kind}
          {...section}
          findings={data.findings.filter((f) => f.kind === section.kind)}
          targetId={ignoreTarget}
          extra={section.kind === "bloat" && data.exactBloatAvailable ? measureExactly : undefined}
        />
      ))}
      <IgnoredList targetId={targetId} ignored={data.ignored} />
      <section className="grid gap-6 md:grid-cols-2" data-testid="hit-ratios">
        <div>
          <h2 className="mb-2 text-base font-semibold">Hit ratio per table (worst first)</h2>
          <HitRatioTable rows={data.hitRatios.tables.slice(0, 15)} testId="hit-ratio-tables" what="Table" />
        </div>
        <div>
          <h2 className="mb-2 text-base font-semibold">Hit ratio per index (worst first)</h2>
          <HitRatioTable rows={data.hitRatios.indexes.slice(0, 15)} testId="hit-ratio-indexes" what="Index" />
        </div>
      </section>
      {data.exactBloatAvailable ? (
        <p className="text-xs text-neutral-500">
          pgstattuple is installed: GET /api/v1/targets/{targetId}/findings/bloat/&lt;oid&gt; gives the exact
          figure of one btree index.
        </p>
      ) : null}
    </div>
  );
}
