import type { WeekChange } from "@/lib/analysis/rollup";

const TREND_TEXT: Record<WeekChange["trend"], { label: string; className: string }> = {
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
};

export function TrendBadge({ trend }: { trend: WeekChange["trend"] }) {
  const t = TREND_TEXT[trend];
  return (
    <span className={`rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${t.className}`}>
      {t.label}
    </span>
  );
}

export function formatChange(change: WeekChange): string {
  const sign = change.change > 0 ? "+" : "";
  const ratio = change.changeRatio === null ? "" : ` (${sign}${Math.round(change.changeRatio * 100)}%)`;
  return `${sign}${change.change.toLocaleString("en-US")}${ratio}`;
}
