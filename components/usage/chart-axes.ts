import { usageColors } from "./usage-colors";

/** The tick text of every usage chart's axes. */
export const axisTick = { fontSize: 11, fill: usageColors.axis } as const;

/** Horizontal grid lines only, faint: the bars and lines carry the figures. */
export const gridProps = { vertical: false, stroke: usageColors.grid, strokeOpacity: 0.3 } as const;

/** An X axis over `day` (YYYY-MM-DD), labelled MM-DD: the charts span weeks, never years. */
export const dayAxisProps = {
  dataKey: "day",
  tick: axisTick,
  tickFormatter: (day: string) => day.slice(5),
  minTickGap: 16,
} as const;
