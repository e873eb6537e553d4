"use client";

import { useMemo } from "react";
import {
  Bar,
  BarChart,
  type BarShapeProps,
  CartesianGrid,
  LabelList,
  Rectangle,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type YAxisTickContentProps,
} from "recharts";
import { truncate } from "@/components/format";
import type { IndexJson } from "@/lib/inventory/index-inventory";
import { chartColors } from "./chart-colors";
import { ChartFrame, LegendSwatch } from "./chart-frame";
import { IndexChartTooltip } from "./index-chart-tooltip";
import { IndexLinkTable } from "./index-link-table";

interface BarDatum {
  /** Category key: the oid, so that two indexes of the same name stay two bars. */
  key: string;
  oid: number;
  value: number;
  idle: boolean;
}

const ROW_HEIGHT = 22;
const LABEL_WIDTH = 190;
const LABEL_CHARS = 28;

export interface TopIndexesBarChartProps {
  testId: string;
  title: string;
  ariaLabel: string;
  subtitle: string;
  emptyText: string;
  indexes: IndexJson[];
  /** The metric to rank by; indexes where it is null or 0 are left out. */
  metric: (index: IndexJson) => number | null;
  formatValue: (value: number) => string;
  formatTick: (value: number) => string;
  /** Explicit axis ticks for the metric's maximum (e.g. round byte sizes); default: recharts' own. */
  ticksFor?: (max: number) => number[];
  limit: number;
  /** Paint never-scanned indexes in the warning tone. */
  highlightIdle: boolean;
  hrefFor: (oid: number) => string;
  onSelectIndex: (oid: number) => void;
}

/** Horizontal bar chart of the top N indexes by one metric; a bar opens its index. */
export function TopIndexesBarChart({
  testId,
  title,
  ariaLabel,
  subtitle,
  emptyText,
  indexes,
  metric,
  formatValue,
  formatTick,
  ticksFor,
  limit,
  highlightIdle,
  hrefFor,
  onSelectIndex,
}: TopIndexesBarChartProps) {
  const { data, top, byOid } = useMemo(() => {
    const ranked = indexes
      .map((index) => ({ index, value: metric(index) }))
      .filter((r): r is { index: IndexJson; value: number } => r.value !== null && r.value > 0)
      .sort((a, b) => b.value - a.value || a.index.name.localeCompare(b.index.name))
      .slice(0, limit);
    return {
      top: ranked.map((r) => r.index),
      byOid: new Map(ranked.map((r) => [String(r.index.oid), r.index])),
      data: ranked.map<BarDatum>((r) => ({
        key: String(r.index.oid),
        oid: r.index.oid,
        value: r.value,
        idle: highlightIdle && r.index.scans === 0,
      })),
    };
  }, [indexes, metric, limit, highlightIdle]);

  const height = Math.max(140, data.length * ROW_HEIGHT + 40);
  const ticks = ticksFor && data.length > 0 ? ticksFor(data[0]?.value ?? 0) : undefined;
  const anyIdle = data.some((d) => d.idle);

  const renderTick = (props: YAxisTickContentProps) => {
    const key = String(props.payload.value);
    const index = byOid.get(key);
    const full = index ? `${index.name} (${index.schema}.${index.table})` : key;
    return (
      <text
        x={props.x}
        y={props.y}
        dy={4}
        textAnchor="end"
        fontSize={11}
        fill={chartColors.axis}
        className="cursor-pointer"
      >
        <title>{full}</title>
        {truncate(index?.name ?? key, LABEL_CHARS)}
      </text>
    );
  };

  return (
    <ChartFrame
      testId={testId}
      title={title}
      ariaLabel={ariaLabel}
      subtitle={subtitle}
      height={data.length === 0 ? 140 : height}
      legend={
        highlightIdle && anyIdle ? (
          <span className="flex gap-3">
            <LegendSwatch color={chartColors.accent}>scanned</LegendSwatch>
            <LegendSwatch color={chartColors.idle}>0 scans</LegendSwatch>
          </span>
        ) : undefined
      }
      dataTable={
        data.length > 0 ? <IndexLinkTable caption={title} indexes={top} hrefFor={hrefFor} /> : undefined
      }
    >
      {data.length === 0 ? (
        <p className="flex h-full items-center justify-center text-sm text-neutral-500 dark:text-neutral-400">
          {emptyText}
        </p>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            layout="vertical"
            margin={{ top: 4, right: 64, bottom: 4, left: 4 }}
            title={title}
            desc={ariaLabel}
            barCategoryGap={3}
          >
            <CartesianGrid horizontal={false} stroke={chartColors.grid} strokeOpacity={0.3} />
            <XAxis
              type="number"
              dataKey="value"
              tickFormatter={formatTick}
              ticks={ticks}
              domain={ticks ? [0, ticks[ticks.length - 1] ?? "auto"] : undefined}
              tick={{ fontSize: 11, fill: chartColors.axis }}
              stroke={chartColors.grid}
            />
            <YAxis
              type="category"
              dataKey="key"
              width={LABEL_WIDTH}
              interval={0}
              tick={renderTick}
              stroke={chartColors.grid}
              tickLine={false}
            />
            <Tooltip
              isAnimationActive={false}
              // No hover band: it would sit over the bars and take their clicks.
              cursor={false}
              content={({ active, payload }) => {
                if (!active) return null;
                const datum = payload?.[0]?.payload as BarDatum | undefined;
                return <IndexChartTooltip index={datum ? byOid.get(datum.key) : undefined} />;
              }}
            />
            <Bar
              dataKey="value"
              name={title}
              isAnimationActive={false}
              cursor="pointer"
              // An active bar is redrawn in a layer above the others, where it would take the click;
              // hover feedback comes from CSS instead (globals.css).
              activeBar={false}
              onClick={(item) => {
                const datum = item.payload as BarDatum | undefined;
                if (datum) onSelectIndex(datum.oid);
              }}
              shape={(props: BarShapeProps) => {
                const datum = props.payload as BarDatum | undefined;
                return (
                  <Rectangle
                    {...props}
                    fill={datum?.idle ? chartColors.idle : chartColors.accent}
                    radius={[0, 2, 2, 0]}
                  />
                );
              }}
            >
              <LabelList
                dataKey="value"
                position="right"
                fontSize={11}
                fill={chartColors.axis}
                formatter={(v) => (typeof v === "number" ? formatValue(v) : v)}
              />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartFrame>
  );
}
