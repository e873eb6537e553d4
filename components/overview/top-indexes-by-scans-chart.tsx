"use client";

import { countTicks, formatCompact, formatCount } from "@/components/format";
import { scansShown } from "@/components/indexes/scans-figure";
import type { IndexJson } from "@/lib/inventory/index-inventory";
import { TopIndexesBarChart } from "./top-indexes-bar-chart";

// A rebuilt index's counters started over: the history's scans stand in (labelled in its row).
const byScans = (index: IndexJson) => scansShown(index);

export interface TopIndexesByScansChartProps {
  indexes: IndexJson[];
  hrefFor: (oid: number) => string;
  onSelectIndex: (oid: number) => void;
  limit?: number;
}

/** The most used indexes over the statistics window. */
export function TopIndexesByScansChart({
  indexes,
  hrefFor,
  onSelectIndex,
  limit = 20,
}: TopIndexesByScansChartProps) {
  return (
    <TopIndexesBarChart
      testId="chart-top-scans"
      title={`Top ${limit} indexes by scans`}
      ariaLabel={`Bar chart of the ${limit} most scanned indexes since the statistics window began. Select a bar to open the index.`}
      subtitle="Index scans since the statistics window began"
      emptyText="No index has been scanned in this statistics window."
      indexes={indexes}
      metric={byScans}
      formatValue={formatCount}
      formatTick={formatCompact}
      ticksFor={countTicks}
      limit={limit}
      highlightIdle={false}
      hrefFor={hrefFor}
      onSelectIndex={onSelectIndex}
    />
  );
}
