"use client";

import { useCallback } from "react";
import { formatCount } from "@/components/format";
import { FINDING_KINDS, type Finding, type FindingKind } from "@/lib/analysis/types";
import { errorMessage } from "@/lib/client/api";
import { findingsExportHref, useFindingsPage } from "@/lib/client/use-findings";
import { usePlannedIndexNotes } from "@/lib/client/use-planned-index-notes";
import type { FindingsPage } from "@/lib/findings/findings-page";
import { ExactBloatButton } from "./exact-bloat-button";
import { FINDING_KIND_TEXT } from "./finding-kinds";
import { FindingTable } from "./finding-table";
import { FindingsFilters, Pager } from "./findings-filters";
import { FindingsFreshness } from "./findings-freshness";
import { FindingsPlaceholder } from "./findings-placeholder";
import { HitRatioTable } from "./hit-ratio-table";
import { Bytes } from "./human-text";
import { IgnoredList } from "./ignored-list";
import { OverlapStatementsNote } from "./planned-statements-note";
import { useFindingsParams } from "./use-findings-params";
import { WindowSummary } from "./window-summary";

/** Every kind but unused (the Unused page's own). */
const KINDS = FINDING_KINDS.filter((kind) => kind !== "unused").map((kind) => ({
  kind,
  ...FINDING_KIND_TEXT[kind],
}));

/** Counts and bytes per kind; a click shows only that kind. */
function KindSummaries({
  summary,
  selected,
  onSelect,
}: {
  summary: FindingsPage["summary"];
  selected: FindingKind | "";
  onSelect: (kind: FindingKind | "") => void;
}) {
  return (
    <ul className="grid gap-2 sm:grid-cols-3 lg:grid-cols-5" data-testid="kind-summaries">
      {KINDS.map(({ kind, title }) => {
        const s = summary.kinds[kind];
        const active = selected === kind;
        return (
          <li key={kind}>
            <button
              type="button"
              data-testid={`kind-summary-${kind}`}
              data-count={s.count}
              aria-pressed={active}
              onClick={() => onSelect(active ? "" : kind)}
              className={`w-full rounded-lg border px-3 py-2 text-left text-sm ${
                active
                  ? "border-indigo-500 bg-indigo-50 dark:bg-indigo-950/40"
                  : "border-neutral-200 dark:border-neutral-800"
              }`}
            >
              <span className="block font-medium">{title}</span>
              <span className="block text-xs text-neutral-600 dark:text-neutral-400">
                {formatCount(s.count)} · <Bytes bytes={s.bytes} />
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** Accepted findings, fetched only when there are some (a page of them, like every list). */
function AcceptedFindings({ targetId, count }: { targetId: string; count: number }) {
  const query = useFindingsPage(targetId, {
    list: "ignored",
    kind: "",
    table: "",
    q: "",
    safe: false,
    sort: "name",
    dir: "",
    limit: 100,
    offset: 0,
  });
  if (count === 0 || !query.data?.page.ignored) return null;
  return <IgnoredList targetId={targetId} ignored={query.data.page.ignored} total={query.data.page.total} />;
}

/** Every health finding apart from "unused" (its own page): one server-side page, filters, export. */
export function FindingsView({ targetId }: { targetId: string }) {
  const { params, filter, sortBy, goTo } = useFindingsParams("health");
  const query = useFindingsPage(targetId, params);
  const notes = usePlannedIndexNotes(targetId, null);
  const exactBloatAvailable = query.data?.exactBloatAvailable ?? false;
  const extra = useCallback(
    (finding: Finding) => (
      <>
        {exactBloatAvailable && finding.kind === "bloat" && finding.index ? (
          <ExactBloatButton targetId={targetId} oid={finding.index.oid} />
        ) : null}
        <OverlapStatementsNote finding={finding} notes={notes.data} />
      </>
    ),
    [targetId, exactBloatAvailable, notes.data],
  );
  if (!query.data) return <FindingsPlaceholder query={query} />;
  const data = query.data;
  const selected = KINDS.find((k) => k.kind === params.kind);
  return (
    <div className="flex flex-col gap-5" data-testid="findings-page">
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
      <FindingsFreshness targetId={targetId} data={data} />
      {query.error ? (
        <p role="status" className="text-xs text-amber-700 dark:text-amber-300">
          Last refresh failed ({errorMessage(query.error)}); showing the previous answer.
        </p>
      ) : null}
      {data.skippedLocked.length > 0 ? (
        <p role="status" className="text-xs text-amber-700 dark:text-amber-300">
          Skipped (an ACCESS EXCLUSIVE lock is held on their table):{" "}
          {data.skippedLocked.map((s) => `${s.schema}.${s.name}`).join(", ")}
        </p>
      ) : null}
      <KindSummaries summary={data.summary} selected={params.kind} onSelect={(kind) => filter({ kind })} />
      {selected ? (
        <p className="text-xs text-neutral-600 dark:text-neutral-400" data-testid="kind-blurb">
          {selected.title}: {selected.blurb}
        </p>
      ) : null}
      <FindingsFilters params={params} onFilter={filter} kinds={KINDS} safeLabel="Only safe to apply" />
      <Pager
        total={data.page.total}
        offset={data.page.offset}
        limit={data.page.limit}
        onOffset={goTo}
        busy={query.isPlaceholderData}
      />
      {data.page.total === 0 ? (
        <p className="text-sm text-neutral-500" data-testid="findings-empty">
          None.
        </p>
      ) : (
        <FindingTable
          findings={data.page.items}
          targetId={data.ignoresAvailable ? targetId : null}
          testId="findings-table"
          showKeep
          showKind
          extra={extra}
          sort={data.page.sort}
          dir={data.page.dir}
          onSort={sortBy}
        />
      )}
      <AcceptedFindings targetId={targetId} count={data.summary.ignored} />
      <section className="grid gap-6 md:grid-cols-2" data-testid="hit-ratios">
        <div>
          <h2 className="mb-2 text-base font-semibold">Hit ratio per table (worst 15)</h2>
          <HitRatioTable rows={data.hitRatios.tables} testId="hit-ratio-tables" what="Table" />
        </div>
        <div>
          <h2 className="mb-2 text-base font-semibold">Hit ratio per index (worst 15)</h2>
          <HitRatioTable rows={data.hitRatios.indexes} testId="hit-ratio-indexes" what="Index" />
        </div>
      </section>
    </div>
  );
}
