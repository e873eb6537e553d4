/** One accent plus a warning tone for never-scanned indexes; readable on light and dark. */
export const chartColors = {
  accent: "#6366f1",
  idle: "#f59e0b",
  axis: "#737373",
  grid: "#a3a3a3",
} as const;
