/** Colours of the usage charts: real samples in the accent, simulated history greyed and hatched in words. */
export const usageColors = {
  real: "#6366f1",
  simulated: "#c7c9d1",
  size: "#0ea5e9",
  event: "#dc2626",
  axis: "#737373",
  grid: "#a3a3a3",
  series: ["#6366f1", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#14b8a6", "#f97316"],
} as const;

export const EVENT_LABELS: Record<string, string> = {
  reset: "stats reset",
  rebuild: "rebuilt",
  restart: "restart",
  restore: "restore",
  unreachable: "unreachable",
  store_gap: "store gap",
  simulated: "simulated history",
  dropped: "dropped",
};
