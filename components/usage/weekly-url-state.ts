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
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const WEEK_CHOICES = [1, 2, 4, 8, 12, 26, 52] as const;
export const TREND_CHOICES = ["all", "newly_unused", "newly_used", "unused", "up", "down", "flat"] as const;

export function readWeeklyState(params: URLSearchParams): WeeklyViewState {
  const weeks = Number(params.get("weeks"));
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const [sortId, sortDir] = (params.get("sort") ?? "thisWeek.desc").split(".");
  const trend = params.get("trend") ?? "all";
  return {
    weeks: Number.isInteger(weeks) && weeks >= 1 && weeks <= 104 ? weeks : 8,
    ...(DATE.test(from) && DATE.test(to) && from <= to ? { from, to } : {}),
    q: params.get("q") ?? "",
    table: params.get("table") ?? "",
    trend: (TREND_CHOICES as readonly string[]).includes(trend) ? trend : "all",
    sorting: sortId ? [{ id: sortId, desc: sortDir !== "asc" }] : [],
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
