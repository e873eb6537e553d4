"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatCompact, formatCount } from "@/components/format";
import { ChartFrame, LegendSwatch } from "@/components/overview/chart-frame";
import { axisTick, dayAxisProps, gridProps } from "./chart-axes";
import { usageColors } from "./usage-colors";

export interface DailyScansChartProps {
  /** `observed`: how much of the day the sampler watched, 0 to 1. */
  days: Array<{ day: string; scans: number; simulated: boolean; observed: number }>;
}

/** Where a day's figure comes from, in words: a day nobody watched is not "0 scans". */
function sourceOf(d: DailyScansChartProps["days"][number]): string {
  if (d.simulated) return "simulated";
  if (d.observed <= 0) return "not observed";
  if (d.observed < 1) return `sampled, ${Math.round(d.observed * 24)} of 24 h observed`;
  return "sampled";
}

/** Scans of all indexes per day; simulated days are grey and the span is labelled. */
export function DailyScansChart({ days }: DailyScansChartProps) {
  const simulated = days.filter((d) => d.simulated);
  const firstSimulated = simulated[0]?.day;
  const lastSimulated = simulated.at(-1)?.day;
  return (
    <ChartFrame
      testId="weekly-daily-chart"
      title="Index scans per day"
      ariaLabel="Bar chart of the scans of all indexes per day over the selected range"
      subtitle="All indexes together; each bar is one UTC day"
      height={220}
      legend={
        <span className="flex gap-3">
          <LegendSwatch color={usageColors.real}>sampled</LegendSwatch>
          {simulated.length ? (
            <span data-testid="simulated-legend">
              <LegendSwatch color={usageColors.simulated}>simulated (demo)</LegendSwatch>
            </span>
          ) : null}
        </span>
      }
      dataTable={
        <table className="w-full text-left">
          <thead>
            <tr>
              <th>Day</th>
              <th className="text-right">Scans</th>
              <th>Source</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <td>{d.day}</td>
                <td className="text-right tabular-nums">
                  {d.observed <= 0 && !d.simulated ? "–" : formatCount(d.scans)}
                </td>
                <td>{sourceOf(d)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={days} margin={{ top: 16, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid {...gridProps} />
          <XAxis {...dayAxisProps} />
          <YAxis tick={axisTick} tickFormatter={formatCompact} width={48} />
          {firstSimulated && lastSimulated ? (
            <ReferenceArea
              x1={firstSimulated}
              x2={lastSimulated}
              fill={usageColors.simulated}
              fillOpacity={0.15}
              label={{
                value: "simulated history",
                position: "insideTop",
                fontSize: 11,
                fill: usageColors.axis,
              }}
            />
          ) : null}
          <Tooltip
            formatter={(value, _name, item) => {
              const day = item.payload as DailyScansChartProps["days"][number];
              return day.observed <= 0 && !day.simulated
                ? ["not observed", "scans"]
                : [formatCount(Number(value)), `scans (${sourceOf(day)})`];
            }}
          />
          <Bar dataKey="scans" isAnimationActive={false}>
            {days.map((d) => (
              <Cell key={d.day} fill={d.simulated ? usageColors.simulated : usageColors.real} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
