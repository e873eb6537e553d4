import type { WeekChange } from "@/lib/analysis/rollup";
import type { WeekTrend } from "@/lib/analysis/week-over-week";

const TREND_TEXT: Record<WeekTrend, { label: string; className: string }> = {
  newly_unused: {
    label: "newly unused",
    className: "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-100",
  },
  newly_used: {
    label: "newly used",
    className: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-100",
  },
  unused: {
    label: "unused",
    className: "bg-neutral-100 text-neutral-600 dark:bg-neutral-800 dark:text-neutral-300",
  },
  up: { label: "up", className: "bg-indigo-50 text-indigo-800 dark:bg-indigo-900/40 dark:text-indigo-100" },
  down: { label: "down", className: "bg-rose-50 text-rose-800 dark:bg-rose-900/40 dark:text-rose-100" },
  flat: {
    label: "flat",
    className: "bg-neutral-50 text-neutral-600 dark:bg-neutral-800 dark:text-neutral-300",
  },
  not_observed: {
    label: "not observed",
    className: "border border-dashed border-neutral-300 text-neutral-500 dark:border-neutral-600",
  },
};

/** How much of the two weeks was watched, when not all of it: the trend rests on that much. */
export function observedNote(r: { observedThisWeek: number; observedLastWeek: number }): string | null {
  if (r.observedThisWeek >= 7 && r.observedLastWeek >= 7) return null;
  return `observed ${formatDays(r.observedThisWeek)} of 7 days this week, ${formatDays(r.observedLastWeek)} of 7 last week`;
}

export function formatDays(days: number): string {
  return days >= 7 || Number.isInteger(days) ? String(Math.min(days, 7)) : days.toFixed(1);
}

export function TrendBadge({
  trend,
  observed,
}: {
  trend: WeekTrend;
  observed?: { observedThisWeek: number; observedLastWeek: number };
}) {
  const t = TREND_TEXT[trend];
  const note = observed ? observedNote(observed) : null;
  return (
    <span
      title={note ?? undefined}
      className={`rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${t.className}`}
    >
      {t.label}
      {note && trend !== "not_observed" ? "*" : ""}
    </span>
  );
}

export function formatChange(change: Pick<WeekChange, "change" | "changeRatio">): string {
  const sign = change.change > 0 ? "+" : "";
  const ratio = change.changeRatio === null ? "" : ` (${sign}${Math.round(change.changeRatio * 100)}%)`;
  return `${sign}${change.change.toLocaleString("en-US")}${ratio}`;
}
