"use client";

import { useMemo } from "react";
import {
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from "recharts";
import { formatBytes, formatCompact, formatCount } from "@/components/format";
import { scansShown } from "@/components/indexes/scans-figure";
import type { IndexJson } from "@/lib/inventory/index-inventory";
import { chartColors } from "./chart-colors";
import { ChartFrame, LegendSwatch } from "./chart-frame";
import { IndexChartTooltip } from "./index-chart-tooltip";

/** Log scales cannot show 0: zero scans sit on this floor, a decade below 1, labelled "0 scans". */
export const ZERO_SCANS_FLOOR = 0.1;
/** Zero-byte indexes (rare) sit on 1 kB. */
const MIN_BYTES = 1024;
/** Above this many points the chart keeps the largest indexes: SVG stays responsive. */
const MAX_POINTS = 3000;
const HEIGHT = 380;

interface Point {
  oid: number;
  x: number;
  y: number;
}

function logByteTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let unit = 1024; unit <= 1024 ** 5; unit *= 1024) {
    for (const m of [1, 10, 100]) ticks.push(unit * m);
  }
  const lo = [...ticks].reverse().find((t) => t <= min) ?? ticks[0] ?? MIN_BYTES;
  const hi = ticks.find((t) => t >= max) ?? ticks[ticks.length - 1] ?? max;
  return ticks.filter((t) => t >= lo && t <= hi);
}

function scanTicks(max: number): number[] {
  const ticks = [ZERO_SCANS_FLOOR, 1];
  let t = 10;
  while (t / 10 < max) {
    ticks.push(t);
    t *= 10;
  }
  return ticks;
}

function formatScanTick(value: number): string {
  return value === ZERO_SCANS_FLOOR ? "0 scans" : formatCompact(value);
}

export interface SizeVsScansChartProps {
  indexes: IndexJson[];
  onSelectIndex: (oid: number) => void;
}

/**
 * Every index by size (x) and scans (y), both on log scales. Never-scanned indexes lie on the
 * "0 scans" floor, so big idle indexes stand out in the bottom-right corner.
 */
export function SizeVsScansChart({ indexes, onSelectIndex }: SizeVsScansChartProps) {
  const model = useMemo(() => {
    const plotted = indexes
      .filter((i) => i.sizeBytes !== null && i.scans !== null)
      .sort((a, b) => (b.sizeBytes ?? 0) - (a.sizeBytes ?? 0));
    const shown = plotted.slice(0, MAX_POINTS);
    const byOid = new Map(shown.map((i) => [i.oid, i]));
    const scanned: Point[] = [];
    const idle: Point[] = [];
    let maxX = MIN_BYTES;
    let minX = Number.POSITIVE_INFINITY;
    let maxY = 1;
    for (const i of shown) {
      const x = Math.max(i.sizeBytes ?? 0, MIN_BYTES);
      const scans = scansShown(i) ?? 0;
      const point = { oid: i.oid, x, y: scans === 0 ? ZERO_SCANS_FLOOR : scans };
      (scans === 0 ? idle : scanned).push(point);
      maxX = Math.max(maxX, x);
      minX = Math.min(minX, x);
      maxY = Math.max(maxY, scans);
    }
    const xTicks = logByteTicks(Number.isFinite(minX) ? minX : MIN_BYTES, maxX);
    const yTicks = scanTicks(maxY);
    return {
      byOid,
      scanned,
      idle,
      xTicks,
      yTicks,
      total: plotted.length,
      shownCount: shown.length,
    };
  }, [indexes]);

  // The lower bounds sit a little below the floors so points on them clear the axis line.
  const xDomain: [number, number] = [
    model.xTicks[0] ?? MIN_BYTES,
    model.xTicks[model.xTicks.length - 1] ?? MIN_BYTES * 10,
  ];
  const yDomain: [number, number] = [ZERO_SCANS_FLOOR / 2, model.yTicks[model.yTicks.length - 1] ?? 10];
  const subtitle =
    model.shownCount < model.total
      ? `Log scales; the ${formatCount(model.shownCount)} largest of ${formatCount(model.total)} indexes`
      : "Log scales; each point is an index";
  const select = (payload: unknown) => {
    const point = payload as Point | undefined;
    if (point) onSelectIndex(point.oid);
  };

  return (
    <ChartFrame
      testId="chart-size-vs-scans"
      title="Index size vs. scans"
      ariaLabel="Scatter chart of every index by size and number of scans, both on logarithmic scales. Indexes never scanned lie on the 0 scans line; large ones are at the bottom right. Select a point to open the index."
      subtitle={subtitle}
      height={HEIGHT}
      legend={
        <span className="flex gap-3">
          <LegendSwatch color={chartColors.accent}>scanned</LegendSwatch>
          <LegendSwatch color={chartColors.idle}>0 scans</LegendSwatch>
        </span>
      }
    >
      {model.total === 0 ? (
        <p className="flex h-full items-center justify-center text-sm text-neutral-500 dark:text-neutral-400">
          No index with both a size and scan statistics.
        </p>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart
            margin={{ top: 8, right: 20, bottom: 20, left: 8 }}
            title="Index size vs. scans"
            desc="Each point is an index: x is its size, y its number of scans, both on log scales."
          >
            <CartesianGrid stroke={chartColors.grid} strokeOpacity={0.3} />
            <XAxis
              type="number"
              dataKey="x"
              name="Size"
              scale="log"
              domain={xDomain}
              ticks={model.xTicks}
              allowDataOverflow
              tickFormatter={formatBytes}
              tick={{ fontSize: 11, fill: chartColors.axis }}
              stroke={chartColors.grid}
              label={{
                value: "index size",
                position: "insideBottom",
                offset: -12,
                fontSize: 11,
                fill: chartColors.axis,
              }}
            />
            <YAxis
              type="number"
              dataKey="y"
              name="Scans"
              scale="log"
              domain={yDomain}
              ticks={model.yTicks}
              allowDataOverflow
              tickFormatter={formatScanTick}
              tick={{ fontSize: 11, fill: chartColors.axis }}
              stroke={chartColors.grid}
              width={64}
            />
            <ZAxis type="number" range={[30, 30]} />
            <ReferenceLine
              y={ZERO_SCANS_FLOOR}
              stroke={chartColors.idle}
              strokeOpacity={0.5}
              strokeDasharray="4 4"
            />
            <Tooltip
              isAnimationActive={false}
              cursor={{ strokeDasharray: "3 3", stroke: chartColors.grid }}
              content={({ active, payload }) => {
                if (!active) return null;
                const point = payload?.[0]?.payload as Point | undefined;
                return <IndexChartTooltip index={point ? model.byOid.get(point.oid) : undefined} />;
              }}
            />
            <Scatter
              name="scanned"
              data={model.scanned}
              fill={chartColors.accent}
              fillOpacity={0.7}
              isAnimationActive={false}
              cursor="pointer"
              onClick={(item) => select(item.payload)}
            />
            <Scatter
              name="0 scans"
              data={model.idle}
              fill={chartColors.idle}
              fillOpacity={0.85}
              isAnimationActive={false}
              cursor="pointer"
              onClick={(item) => select(item.payload)}
            />
          </ScatterChart>
        </ResponsiveContainer>
      )}
    </ChartFrame>
  );
}
