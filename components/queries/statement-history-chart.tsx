"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatCompact, formatCount } from "@/components/format";
import { ChartFrame, LegendSwatch } from "@/components/overview/chart-frame";
import { axisTick, dayAxisProps, gridProps } from "@/components/usage/chart-axes";
import { usageColors } from "@/components/usage/usage-colors";
import type { StatementDayPoint } from "@/lib/store/statement-reads";
import { formatMs } from "./format-ms";

const MEAN_COLOR = "#d97706";

/** One statement per day: calls (bars, left axis) and mean time per call (line, right axis, ms). */
export function StatementHistoryChart({ series }: { series: StatementDayPoint[] }) {
  // A day without calls has no mean: a gap in the line, not a fall to 0 ms.
  const points = series.map((d) => ({ ...d, meanMs: d.calls > 0 ? d.meanMs : null }));
  return (
    <ChartFrame
      testId="statement-history-chart"
      title="Calls and mean time per day"
      ariaLabel="Bar chart of the selected statement's calls per day, with a line of its mean time per call in milliseconds"
      subtitle="Each bar is one UTC day, from the sampler's deltas"
      height={200}
      legend={
        <span className="flex gap-3">
          <LegendSwatch color={usageColors.real}>calls</LegendSwatch>
          <LegendSwatch color={MEAN_COLOR}>mean ms per call</LegendSwatch>
        </span>
      }
      dataTable={
        <table className="w-full text-left">
          <thead>
            <tr>
              <th>Day</th>
              <th className="text-right">Calls</th>
              <th className="text-right">Total time</th>
              <th className="text-right">Mean</th>
              <th className="text-right">Rows</th>
            </tr>
          </thead>
          <tbody>
            {series.map((d) => (
              <tr key={d.day}>
                <td>{d.day}</td>
                <td className="text-right tabular-nums">{formatCount(d.calls)}</td>
                <td className="text-right tabular-nums">{formatMs(d.totalMs)}</td>
                <td className="text-right tabular-nums">{d.calls ? formatMs(d.meanMs) : "—"}</td>
                <td className="text-right tabular-nums">{formatCount(d.rows)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 16, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid {...gridProps} />
          <XAxis {...dayAxisProps} />
          <YAxis
            yAxisId="calls"
            tick={axisTick}
            tickFormatter={formatCompact}
            width={56}
            label={{
              value: "calls",
              angle: -90,
              position: "insideLeft",
              fontSize: 11,
              fill: usageColors.axis,
            }}
          />
          <YAxis
            yAxisId="ms"
            orientation="right"
            tick={axisTick}
            tickFormatter={(v: number) => `${formatCompact(v)} ms`}
            width={64}
          />
          <Tooltip
            formatter={(value, name) =>
              name === "meanMs"
                ? [formatMs(Number(value)), "mean per call"]
                : [formatCount(Number(value)), "calls"]
            }
          />
          <Bar yAxisId="calls" dataKey="calls" fill={usageColors.real} isAnimationActive={false} />
          <Line
            yAxisId="ms"
            dataKey="meanMs"
            stroke={MEAN_COLOR}
            dot={{ r: 3 }}
            connectNulls={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
