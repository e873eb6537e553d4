"use client";

import Link from "next/link";
import { EvidenceText } from "@/components/findings/human-text";
import { targetBasePath } from "@/components/nav/target-nav-items";
import { spanOf } from "@/lib/analysis/span-text";
import type { Finding, FindingKind } from "@/lib/analysis/types";
import { errorMessage } from "@/lib/client/api";
import { type FindingsPageParams, useFindingsPage } from "@/lib/client/use-findings";
import type { IndexJson } from "@/lib/inventory/index-inventory";
import { Panel } from "./index-detail";

const VERDICTS: Record<FindingKind, { label: (f: Finding) => string; answer: string; tone: string }> = {
  unused: { label: () => "Unused", answer: "Drop it (after reading the reasons)", tone: "amber" },
  duplicate: {
    label: (f) => `Duplicate of ${String(f.details?.keep ?? "another index")}`,
    answer: "Drop this one, keep the other",
    tone: "amber",
  },
  redundant: {
    label: (f) => `Covered by ${String(f.details?.keep ?? "another index")}`,
    answer: "Drop this one, keep the wider one",
    tone: "amber",
  },
  bloat: { label: () => "Bloated", answer: "Reindex concurrently", tone: "amber" },
  invalid: { label: () => "Invalid", answer: "Reindex concurrently, or clean up a leftover", tone: "red" },
  missing_fk_index: { label: () => "Foreign key without an index", answer: "Create an index", tone: "amber" },
  btree_on_array: { label: () => "Btree over an array column", answer: "Use a GIN index", tone: "amber" },
  mostly_null_leading: {
    label: (f) => `Leading column ${Math.round(Number(f.details?.nullFraction ?? 0) * 100)}% NULL`,
    answer: "Rebuild as a partial index WHERE … IS NOT NULL",
    tone: "amber",
  },
  low_cardinality_leading: {
    label: () => "Led by a column of few values",
    answer: "A partial index on the rare value, or reorder the columns",
    tone: "amber",
  },
  unnecessary_predicate: {
    label: () => "WHERE that filters nothing",
    answer: "Drop the predicate",
    tone: "amber",
  },
  // Table-level kinds: never about one index, listed for completeness of the record.
  duplicated_foreign_key: {
    label: () => "Duplicated foreign key",
    answer: "Drop one of the keys",
    tone: "amber",
  },
  intersecting_foreign_keys: {
    label: () => "Overlapping foreign keys",
    answer: "Review the keys",
    tone: "amber",
  },
  fk_type_mismatch: {
    label: () => "Foreign key of another type",
    answer: "Align the column types",
    tone: "amber",
  },
  not_valid_constraint: { label: () => "Constraint NOT VALID", answer: "VALIDATE CONSTRAINT", tone: "amber" },
  no_primary_key: { label: () => "Table without a primary key", answer: "Add a primary key", tone: "amber" },
  seq_scan_heavy: {
    label: () => "Read mostly by sequential scans",
    answer: "Find the queries; add an index",
    tone: "amber",
  },
  missing_index: { label: () => "Missing index", answer: "Create the suggested index", tone: "amber" },
};

const TONES: Record<string, string> = {
  amber:
    "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-100",
  red: "border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-100",
};

function isAbout(f: Finding, index: IndexJson): boolean {
  return (
    f.index !== null &&
    f.index.schema === index.schema &&
    f.index.table === index.table &&
    f.index.name === index.name
  );
}

/**
 * The index's story first: what the findings say about it (unused, a duplicate, bloated,
 * invalid) and which action answers each, from the same analysis as the Findings page.
 */
export function IndexFindings({ targetId, index }: { targetId: string; index: IndexJson }) {
  // The shared analysis, asked only for this index's table and name (the server filters).
  const about: FindingsPageParams = {
    list: "findings",
    kind: "",
    table: `${index.schema}.${index.table}`,
    q: index.name,
    safe: false,
    sort: "benefit",
    dir: "",
    limit: 100,
    offset: 0,
  };
  const findings = useFindingsPage(targetId, about);
  const accepted = useFindingsPage(targetId, { ...about, list: "ignored" });
  // While the window is shorter than UNUSED_MIN_DAYS a zero-scan index is a candidate, not a finding.
  const candidates = useFindingsPage(targetId, { ...about, list: "too_early" });
  const tooEarly = candidates.data?.page.items.find((f) => isAbout(f, index));
  const window = candidates.data?.window;
  const mine = findings.data?.page.items.filter((f) => isAbout(f, index)) ?? [];
  const ignored = accepted.data?.page.ignored?.filter((i) => isAbout(i.finding, index)) ?? [];
  return (
    <Panel title="What indexwatch finds" testId="index-findings">
      {findings.data === undefined ? (
        <p className="text-sm text-neutral-500">
          {findings.error ? `Findings unavailable: ${errorMessage(findings.error)}` : "Reading the findings…"}
        </p>
      ) : mine.length === 0 && tooEarly ? (
        <p
          data-testid="index-findings-too-early"
          className={`rounded-md border px-3 py-2 text-sm ${TONES.amber}`}
        >
          <span className="font-semibold">No scans so far: too early to tell.</span>{" "}
          {window
            ? `The window is ${spanOf(window.days)}; an index counts as unused after ${spanOf(window.minDays)} without a scan.`
            : ""}
        </p>
      ) : mine.length === 0 ? (
        <p data-testid="index-findings-none" className="text-sm text-neutral-700 dark:text-neutral-200">
          Nothing to act on: not unused over the window, not a duplicate, not bloated, valid.
          {ignored.length > 0
            ? ` (${ignored.length} accepted finding${ignored.length === 1 ? "" : "s"} hidden.)`
            : ""}
        </p>
      ) : (
        <ul className="flex flex-col gap-2">
          {mine.map((f) => {
            const verdict = VERDICTS[f.kind];
            return (
              <li
                key={f.key}
                data-testid="index-finding"
                data-kind={f.kind}
                className={`rounded-md border px-3 py-2 text-sm ${TONES[verdict.tone]}`}
              >
                <p className="font-semibold">{verdict.label(f)}</p>
                <p className="mt-0.5 break-words text-xs" data-testid="index-finding-evidence">
                  <EvidenceText text={f.evidence} nowMs={Date.now()} />
                </p>
                {f.reasons.length > 0 ? (
                  <ul className="mt-1 list-disc pl-4 text-xs">
                    {f.reasons.map((r) => (
                      <li key={r.code}>
                        <EvidenceText text={r.message} nowMs={Date.now()} />
                      </li>
                    ))}
                  </ul>
                ) : null}
                <p className="mt-1 text-xs font-medium">Answer: {verdict.answer}</p>
              </li>
            );
          })}
        </ul>
      )}
      <Link
        href={`${targetBasePath(targetId)}/findings`}
        className="mt-2 inline-block text-xs text-indigo-600 hover:underline dark:text-indigo-400"
      >
        All findings
      </Link>
    </Panel>
  );
}
