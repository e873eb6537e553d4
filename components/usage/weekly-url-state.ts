import type { SortingState } from "@tanstack/react-table";

/**
 * The Weekly usage page's view, as URL search parameters, so that a bookmarked or shared
 * link restores the same range, filters and sort.
 */
export interface WeeklyViewState {
  weeks: number;
  /** A date range (YYYY-MM-DD) instead of `weeks`; both or neither. */
  from?: string;
  to?: string;
  q: string;
  /** "schema.table", or "" for every table. */
  table: string;
  trend: string;
  sorting: SortingState;
  /** Why the link's range could not be used (the page then shows the default range, and says so). */
  rangeError?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const WEEK_CHOICES = [1, 2, 4, 8, 12, 26, 52] as const;
export const TREND_CHOICES = [
  "all",
  "newly_unused",
  "newly_used",
  "unused",
  "up",
  "down",
  "flat",
  "not_observed",
] as const;
export const SORT_KEYS = ["name", "table", "thisWeek", "lastWeek", "change", "trend"] as const;

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not one). */
function isDay(text: string): boolean {
  if (!DATE.test(text)) return false;
  const t = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === text;
}

/** What is wrong with the link's range, or null when it is usable (or absent). */
function rangeProblem(params: URLSearchParams): string | null {
  const from = params.get("from");
  const to = params.get("to");
  const weeks = params.get("weeks");
  if (from !== null || to !== null) {
    if (from === null || to === null) return "a range needs both from and to";
    if (!isDay(from)) return `"${from}" is not a date (YYYY-MM-DD)`;
    if (!isDay(to)) return `"${to}" is not a date (YYYY-MM-DD)`;
    if (from > to) return `from (${from}) is after to (${to})`;
  }
  if (weeks !== null) {
    const n = Number(weeks);
    if (!(Number.isInteger(n) && n >= 1 && n <= 104))
      return `"${weeks}" is not a number of weeks from 1 to 104`;
  }
  return null;
}

export function readWeeklyState(params: URLSearchParams): WeeklyViewState {
  const weeks = Number(params.get("weeks"));
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const [sortId, sortDir] = (params.get("sort") ?? "thisWeek.desc").split(".");
  const trend = params.get("trend") ?? "all";
  const problem = rangeProblem(params);
  const knownSort = (SORT_KEYS as readonly string[]).includes(sortId ?? "");
  return {
    weeks: Number.isInteger(weeks) && weeks >= 1 && weeks <= 104 ? weeks : 8,
    ...(!problem && isDay(from) && isDay(to) ? { from, to } : {}),
    ...(problem ? { rangeError: problem } : {}),
    q: params.get("q") ?? "",
    table: params.get("table") ?? "",
    trend: (TREND_CHOICES as readonly string[]).includes(trend) ? trend : "all",
    sorting:
      knownSort && sortId ? [{ id: sortId, desc: sortDir !== "asc" }] : [{ id: "thisWeek", desc: true }],
  };
}

export function writeWeeklyState(state: WeeklyViewState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.from && state.to) {
    params.set("from", state.from);
    params.set("to", state.to);
  } else if (state.weeks !== 8) {
    params.set("weeks", String(state.weeks));
  }
  if (state.q) params.set("q", state.q);
  if (state.table) params.set("table", state.table);
  if (state.trend !== "all") params.set("trend", state.trend);
  const sort = state.sorting[0];
  if (sort && !(sort.id === "thisWeek" && sort.desc))
    params.set("sort", `${sort.id}.${sort.desc ? "desc" : "asc"}`);
  return params;
}
