import Link from "next/link";
import { formatCount } from "@/components/format";
import type { WeeklyIndexRow } from "@/lib/store/weekly-reads";
import { formatDays, observedNote } from "./trend-badge";

/** The week a verdict rests on, when it was not watched whole: "(3 of 7 days observed)". */
function partly(days: number): string {
  return days < 7 ? ` (${formatDays(days)} of 7 days observed)` : "";
}

function List({
  testId,
  title,
  hint,
  rows,
  count,
  amountOf,
  hrefFor,
}: {
  testId: string;
  title: string;
  hint: string;
  rows: WeeklyIndexRow[];
  count: number;
  amountOf: (r: WeeklyIndexRow) => string;
  hrefFor: (oid: number) => string;
}) {
  return (
    <section
      data-testid={testId}
      className="rounded-lg border border-neutral-200 bg-white p-4 dark:border-neutral-800 dark:bg-neutral-900"
    >
      <h2 className="text-sm font-semibold">
        {title} <span className="font-normal text-neutral-500">({count})</span>
      </h2>
      <p className="mb-2 text-xs text-neutral-500">{hint}</p>
      {rows.length === 0 ? (
        <p className="text-sm text-neutral-500">None.</p>
      ) : (
        <ul className="max-h-64 space-y-1 overflow-auto text-sm">
          {rows.map((r) => (
            <li key={r.oid} className="flex justify-between gap-3">
              <Link
                href={hrefFor(r.oid)}
                title={r.name}
                className="truncate font-mono text-indigo-700 hover:underline dark:text-indigo-300"
              >
                {r.name}
              </Link>
              <span
                className="whitespace-nowrap text-neutral-500 tabular-nums"
                title={observedNote(r) ?? undefined}
              >
                {amountOf(r)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function NewlyChangedLists({
  newlyUnused,
  newlyUsed,
  newlyUnusedCount,
  newlyUsedCount,
  hrefFor,
}: {
  newlyUnused: WeeklyIndexRow[];
  newlyUsed: WeeklyIndexRow[];
  newlyUnusedCount: number;
  newlyUsedCount: number;
  hrefFor: (oid: number) => string;
}) {
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <List
        testId="newly-unused"
        title="Newly unused"
        hint="Scanned last week, not once in the seven complete days since (this week observed)"
        rows={newlyUnused}
        count={newlyUnusedCount}
        amountOf={(r) => `${formatCount(r.lastWeek)} last week${partly(r.observedThisWeek)}`}
        hrefFor={hrefFor}
      />
      <List
        testId="newly-used"
        title="Newly used"
        hint="Observed and not scanned last week, scanned this week (unobserved weeks never count)"
        rows={newlyUsed}
        count={newlyUsedCount}
        amountOf={(r) => `${formatCount(r.thisWeek)} this week${partly(r.observedLastWeek)}`}
        hrefFor={hrefFor}
      />
    </div>
  );
}
