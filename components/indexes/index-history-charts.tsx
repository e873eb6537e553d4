"use client";

import { useMemo, useState } from "react";
import {
  Bar,
  CartesianGrid,
  Cell,
  ComposedChart,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatBytes, formatCompact, formatCount, formatDateTime } from "@/components/format";
import { ChartFrame, LegendSwatch } from "@/components/overview/chart-frame";
import { axisTick, gridProps } from "@/components/usage/chart-axes";
import { EVENT_LABELS, usageColors } from "@/components/usage/usage-colors";
import { UsageEventsList } from "@/components/usage/usage-events-list";
import { errorMessage } from "@/lib/client/api";
import { useIndexUsage } from "@/lib/client/use-usage";
import type { UsageEvent, UsagePoint } from "@/lib/store/usage-reads";

const RANGES = {
  "48h": { label: "48 hours", bucket: "hour", days: 2 },
  "8w": { label: "8 weeks", bucket: "day", days: 56 },
  "6m": { label: "6 months", bucket: "week", days: 182 },
} as const;
type RangeKey = keyof typeof RANGES;

/** Events worth a mark on a usage chart (drops and the demo's simulated span are said elsewhere). */
const MARKED = new Set(["reset", "rebuild", "restart", "restore", "unreachable", "store_gap"]);

function bucketOf(t: string, series: UsagePoint[]): string | undefined {
  let hit: string | undefined;
  for (const p of series) if (p.t <= t) hit = p.t;
  return hit;
}

function tickLabel(t: string, bucket: string): string {
  return bucket === "hour" ? t.slice(11, 16) : t.slice(5, 10);
}

/**
 * An index's history from the store: scans per bucket and size over time, with resets,
 * rebuilds and restarts marked. Mounted on the index detail page.
 */
export function IndexHistoryCharts({ targetId, indexKey }: { targetId: string; indexKey: string }) {
  const [rangeKey, setRangeKey] = useState<RangeKey>("8w");
  const range = RANGES[rangeKey];
  // Whole buckets, so that today's partial bucket is the last bar.
  const window = useMemo(() => {
    const to = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
    return { from: new Date(to.getTime() - range.days * 86_400_000).toISOString(), to: to.toISOString() };
  }, [range.days]);
  const usage = useIndexUsage(targetId, indexKey, { bucket: range.bucket, ...window });
  const data = usage.data;
  const marks = useMemo(
    () =>
      (data?.events ?? [])
        .filter((e) => MARKED.has(e.kind))
        .map((e) => ({ event: e, x: bucketOf(e.t, data?.series ?? []) }))
        .filter((m): m is { event: UsageEvent; x: string } => m.x !== undefined),
    [data],
  );

  return (
    <section data-testid="index-history" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <h2 className="font-semibold">History</h2>
        {(Object.keys(RANGES) as RangeKey[]).map((key) => (
          <button
            key={key}
            type="button"
            aria-pressed={key === rangeKey}
            onClick={() => setRangeKey(key)}
            className={`rounded-md border px-2 py-0.5 text-xs ${
              key === rangeKey
                ? "border-indigo-500 bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-100"
                : "border-neutral-300 dark:border-neutral-700"
            }`}
          >
            {RANGES[key].label}
          </button>
        ))}
        {data?.simulated ? (
          <span
            data-testid="history-simulated"
            className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900"
          >
            includes simulated demo history (grey)
          </span>
        ) : null}
      </div>
      {!data ? (
        <p className="text-sm text-neutral-500">
          {usage.isError ? `No history: ${errorMessage(usage.error)}` : "Reading history…"}
        </p>
      ) : (
        <div className="grid gap-3 xl:grid-cols-2">
          <ChartFrame
            testId="index-scans-chart"
            title={`Scans per ${range.bucket}`}
            ariaLabel={`Bar chart of the index's scans per ${range.bucket}, with reset and rebuild events marked`}
            subtitle="Red lines mark resets, rebuilds, restarts and gaps"
            height={220}
            legend={
              <span className="flex gap-3">
                <LegendSwatch color={usageColors.real}>sampled</LegendSwatch>
                {data.simulated ? <LegendSwatch color={usageColors.simulated}>simulated</LegendSwatch> : null}
              </span>
            }
          >
            <ResponsiveContainer width="100%" height="100%">
              <ComposedChart data={data.series} margin={{ top: 16, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid {...gridProps} />
                <XAxis
                  dataKey="t"
                  tick={axisTick}
                  tickFormatter={(t: string) => tickLabel(t, range.bucket)}
                  minTickGap={16}
                />
                <YAxis tick={axisTick} tickFormatter={formatCompact} width={48} />
                <Tooltip
                  labelFormatter={(t) => formatDateTime(String(t))}
                  formatter={(value, _n, item) => [
                    value === null ? "not observed" : formatCount(Number(value)),
                    (item.payload as UsagePoint).simulated ? "scans (simulated)" : "scans",
                  ]}
                />
                <Bar dataKey="scans" isAnimationActive={false}>
                  {data.series.map((p) => (
                    <Cell key={p.t} fill={p.simulated ? usageColors.simulated : usageColors.real} />
                  ))}
                </Bar>
                {marks.map((m) => (
                  <ReferenceLine
                    key={`${m.event.kind}-${m.event.t}`}
                    x={m.x}
                    stroke={usageColors.event}
                    strokeDasharray="3 3"
                    label={{
                      value: EVENT_LABELS[m.event.kind] ?? m.event.kind,
                      position: "top",
                      fontSize: 10,
                      fill: usageColors.event,
                    }}
                  />
                ))}
              </ComposedChart>
            </ResponsiveContainer>
          </ChartFrame>
          <ChartFrame
            testId="index-size-chart"
            title="Size over time"
            ariaLabel="Line chart of the index's size over time"
            subtitle="Last size known at the end of each bucket"
            height={220}
          >
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={data.series} margin={{ top: 16, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid {...gridProps} />
                <XAxis
                  dataKey="t"
                  tick={axisTick}
                  tickFormatter={(t: string) => tickLabel(t, range.bucket)}
                  minTickGap={16}
                />
                <YAxis tick={axisTick} tickFormatter={(b: number) => formatBytes(b)} width={64} />
                <Tooltip
                  labelFormatter={(t) => formatDateTime(String(t))}
                  formatter={(v) => formatBytes(Number(v))}
                />
                <Line
                  type="stepAfter"
                  dataKey="sizeBytes"
                  stroke={usageColors.size}
                  dot={false}
                  connectNulls
                  isAnimationActive={false}
                />
                {marks.map((m) => (
                  <ReferenceLine
                    key={`${m.event.kind}-${m.event.t}`}
                    x={m.x}
                    stroke={usageColors.event}
                    strokeDasharray="3 3"
                  />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </ChartFrame>
        </div>
      )}
      {data ? <UsageEventsList events={data.events.filter((e) => e.kind !== "simulated")} /> : null}
    </section>
  );
}
