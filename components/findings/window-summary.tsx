import { Fragment } from "react";
import { spanOf } from "@/lib/analysis/span-text";
import type { FindingsResponse } from "@/lib/findings/get-findings";
import { RelativeTime } from "./human-text";

const SOURCE_WORDS = {
  server: "from the server's own counters",
  history: "observed by indexwatch",
  simulated: "of simulated demo history",
} as const;

/** Where the observation window starts, how long it is, and where each stretch of it comes from. */
export function WindowSummary({ window }: { window: FindingsResponse["window"] }) {
  const nowMs = Date.now();
  // Times read relative ("since 8 weeks ago"), the absolute time and zone on hover, as elsewhere.
  const source =
    window.source === "server_and_history" || window.source === "simulated_and_history"
      ? window.sources.map((s, i) => (
          <Fragment key={`${s.kind}-${s.since}`}>
            {i > 0 ? ", then " : ""}
            {spanOf(s.days)} {SOURCE_WORDS[s.kind]} since <RelativeTime at={s.since} nowMs={nowMs} />
          </Fragment>
        ))
      : window.source === "history"
        ? "from the stored history, across resets"
        : "from the live statistics since the last reset (no stored history yet)";
  return (
    <section
      data-testid="observation-window"
      data-source={window.source}
      data-too-early={window.tooEarly}
      className="rounded-lg border border-neutral-200 bg-white px-4 py-3 text-sm dark:border-neutral-800 dark:bg-neutral-950"
    >
      <p className="font-medium">
        {window.tooEarly ? "Too early to tell: " : ""}
        {spanOf(window.days)} of observation, since <RelativeTime at={window.since} nowMs={nowMs} />
      </p>
      <p className="mt-1 text-neutral-600 dark:text-neutral-400">
        {source}.{" "}
        {window.tooEarly
          ? `An index counts as unused only after ${window.minDays} days without a scan (UNUSED_MIN_DAYS); the zero-scan indexes so far are listed as candidates.`
          : `Unused means no scan in the whole window (at least ${window.minDays} days).`}
        {window.complete ? "" : " Some servers were not observed for the whole window."}
      </p>
      {window.source === "simulated_and_history" ? (
        <p data-testid="simulated-evidence" className="mt-1 text-amber-800 dark:text-amber-300">
          Simulated demo history: the demo's made-up past counts as evidence here, on the demo only. On a
          database of yours, verdicts rest on what indexwatch and the server observed.
        </p>
      ) : null}
      {window.note ? <p className="mt-1 text-xs text-neutral-500">{window.note}</p> : null}
    </section>
  );
}
