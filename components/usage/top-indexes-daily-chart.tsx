"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCompact, formatCount, truncate } from "@/components/format";
import { ChartFrame } from "@/components/overview/chart-frame";
import { axisTick, dayAxisProps, gridProps } from "./chart-axes";
import { usageColors } from "./usage-colors";

export interface TopIndexesDailyChartProps {
  days: string[];
  series: Array<{ oid: number; name: string; table: string; scans: number[] }>;
  simulatedUntil: string | null;
}

/** Scans per day of the busiest indexes this week, one line each. */
export function TopIndexesDailyChart({ days, series, simulatedUntil }: TopIndexesDailyChartProps) {
  const data = days.map((day, i) => {
    const row: Record<string, string | number> = { day };
    for (const s of series) row[String(s.oid)] = s.scans[i] ?? 0;
    return row;
  });
  return (
    <ChartFrame
      testId="weekly-top-chart"
      title="Busiest indexes, scans per day"
      ariaLabel="Line chart of the scans per day of the busiest indexes this week"
      subtitle={
        simulatedUntil
          ? `Days before ${simulatedUntil.slice(0, 10)} are simulated demo history`
          : "The indexes with the most scans this week"
      }
      height={260}
    >
      {series.length === 0 ? (
        <p className="text-sm text-neutral-500">No index was scanned in this range.</p>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid {...gridProps} />
            <XAxis {...dayAxisProps} />
            <YAxis tick={axisTick} tickFormatter={formatCompact} width={48} />
            <Tooltip formatter={(value) => formatCount(Number(value))} />
            {/* Long names are cut in the legend, whole on hover and in the tooltip. */}
            <Legend
              wrapperStyle={{ fontSize: 11 }}
              formatter={(value) => (
                <span title={String(value)} data-testid="daily-legend-name">
                  {truncate(String(value), 32)}
                </span>
              )}
            />
            {series.map((s, i) => (
              <Line
                key={s.oid}
                type="monotone"
                dataKey={String(s.oid)}
                name={s.name}
                stroke={usageColors.series[i % usageColors.series.length]}
                dot={false}
                strokeWidth={1.5}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </ChartFrame>
  );
}
