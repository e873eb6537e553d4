"use client";

import { byteTicks, formatBytes } from "@/components/format";
import type { IndexJson } from "@/lib/inventory/index-inventory";
import { TopIndexesBarChart } from "./top-indexes-bar-chart";

const bySize = (index: IndexJson) => index.sizeBytes;

export interface TopIndexesBySizeChartProps {
  indexes: IndexJson[];
  hrefFor: (oid: number) => string;
  onSelectIndex: (oid: number) => void;
  limit?: number;
}

/** The largest indexes; never-scanned ones stand out in the warning tone. */
export function TopIndexesBySizeChart({
  indexes,
  hrefFor,
  onSelectIndex,
  limit = 20,
}: TopIndexesBySizeChartProps) {
  return (
    <TopIndexesBarChart
      testId="chart-top-size"
      title={`Top ${limit} indexes by size`}
      ariaLabel={`Bar chart of the ${limit} largest indexes by on-disk size; indexes with zero scans are highlighted. Select a bar to open the index.`}
      subtitle="On-disk size of each index"
      emptyText="No sized indexes."
      indexes={indexes}
      metric={bySize}
      formatValue={formatBytes}
      formatTick={formatBytes}
      ticksFor={byteTicks}
      limit={limit}
      highlightIdle
      hrefFor={hrefFor}
      onSelectIndex={onSelectIndex}
    />
  );
}
