"use client";

import { TablePicker } from "./table-picker";
import { TREND_CHOICES, WEEK_CHOICES, type WeeklyViewState } from "./weekly-url-state";

const TREND_LABELS: Record<string, string> = {
  all: "All trends",
  newly_unused: "Newly unused",
  newly_used: "Newly used",
  unused: "Unused both weeks",
  up: "Up",
  down: "Down",
  flat: "Flat",
  not_observed: "Not observed",
};

const field =
  "rounded-md border border-neutral-300 bg-white px-2 py-1 text-sm dark:border-neutral-700 dark:bg-neutral-900";

export interface WeeklyControlsProps {
  targetId: string;
  state: WeeklyViewState;
  /** The range the API answered (shown in the date inputs when weeks are used). */
  range: { from: string; to: string } | null;
  onChange: (next: WeeklyViewState) => void;
}

/** Range (weeks or dates), search, table and trend filters; every change goes to the URL. */
export function WeeklyControls({ targetId, state, range, onChange }: WeeklyControlsProps) {
  const from = state.from ?? range?.from ?? "";
  const to = state.to ?? range?.to ?? "";
  return (
    <form
      data-testid="weekly-controls"
      className="flex flex-wrap items-end gap-3 text-sm"
      onSubmit={(e) => e.preventDefault()}
    >
      <label className="flex flex-col gap-1">
        <span className="text-xs text-neutral-500">Last</span>
        <select
          data-testid="weekly-weeks"
          className={field}
          value={state.from ? "" : String(state.weeks)}
          onChange={(e) => {
            const { from: _f, to: _t, ...rest } = state;
            onChange({ ...rest, weeks: Number(e.target.value) || 8 });
          }}
        >
          {state.from ? <option value="">custom range</option> : null}
          {WEEK_CHOICES.map((w) => (
            <option key={w} value={w}>
              {w} {w === 1 ? "week" : "weeks"}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-neutral-500">From</span>
        <input
          data-testid="weekly-from"
          type="date"
          className={field}
          value={from}
          max={to || undefined}
          onChange={(e) => e.target.value && to && onChange({ ...state, from: e.target.value, to })}
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-neutral-500">To</span>
        <input
          data-testid="weekly-to"
          type="date"
          className={field}
          value={to}
          min={from || undefined}
          onChange={(e) => e.target.value && from && onChange({ ...state, from, to: e.target.value })}
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-neutral-500">Index name</span>
        <input
          data-testid="weekly-search"
          type="search"
          placeholder="filter…"
          className={field}
          value={state.q}
          onChange={(e) => onChange({ ...state, q: e.target.value })}
        />
      </label>
      <div className="flex flex-col gap-1">
        <span className="text-xs text-neutral-500" aria-hidden="true">
          Table
        </span>
        <TablePicker
          targetId={targetId}
          value={state.table}
          onChange={(table) => onChange({ ...state, table })}
        />
      </div>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-neutral-500">Trend</span>
        <select
          data-testid="weekly-trend"
          className={field}
          value={state.trend}
          onChange={(e) => onChange({ ...state, trend: e.target.value })}
        >
          {TREND_CHOICES.map((t) => (
            <option key={t} value={t}>
              {TREND_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
