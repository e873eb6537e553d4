import {
  daysBetween,
  formatBytes,
  formatCount,
  formatDate,
  formatDateTimeWithZone,
  formatPercent,
  formatWindow,
} from "@/components/format";
import { scansShown } from "@/components/indexes/scans-figure";
import type { IndexInventory } from "@/lib/inventory/index-inventory";

export interface InventorySummary {
  indexCount: number;
  totalSizeBytes: number;
  unsizedCount: number;
  zeroScanCount: number;
  zeroScanSizeBytes: number;
  invalidCount: number;
}

export function summarizeInventory(inventory: IndexInventory): InventorySummary {
  const s: InventorySummary = {
    indexCount: inventory.indexes.length,
    totalSizeBytes: 0,
    unsizedCount: 0,
    zeroScanCount: 0,
    zeroScanSizeBytes: 0,
    invalidCount: 0,
  };
  for (const index of inventory.indexes) {
    if (!index.valid) s.invalidCount++;
    // A partitioned parent's figures are its partitions' sums: counted there already.
    if (index.partitioned) continue;
    if (index.sizeBytes === null) s.unsizedCount++;
    else s.totalSizeBytes += index.sizeBytes;
    if (scansShown(index) === 0) {
      s.zeroScanCount++;
      s.zeroScanSizeBytes += index.sizeBytes ?? 0;
    }
  }
  return s;
}

function Card({
  testId,
  label,
  value,
  detail,
  tone = "neutral",
  compact = false,
}: {
  testId: string;
  label: string;
  value: React.ReactNode;
  detail?: React.ReactNode;
  tone?: "neutral" | "warn";
  /** A sentence rather than a number: smaller type. */
  compact?: boolean;
}) {
  return (
    <section
      data-testid={testId}
      aria-label={label}
      className="rounded-lg border border-neutral-200 bg-white px-4 py-3 shadow-xs dark:border-neutral-800 dark:bg-neutral-900"
    >
      <h2 className="text-xs font-medium uppercase tracking-wide text-neutral-500 dark:text-neutral-400">
        {label}
      </h2>
      <p
        className={`mt-1 font-semibold tabular-nums ${compact ? "py-1 text-sm leading-6" : "text-2xl"} ${
          tone === "warn" ? "text-amber-700 dark:text-amber-400" : "text-neutral-900 dark:text-neutral-50"
        }`}
      >
        {value}
      </p>
      {detail ? <p className="mt-0.5 text-xs text-neutral-500 dark:text-neutral-400">{detail}</p> : null}
    </section>
  );
}

export interface SummaryCardsProps {
  inventory: IndexInventory;
}

/** Index count, total size, never-scanned indexes and the statistics window. */
export function SummaryCards({ inventory }: SummaryCardsProps) {
  const s = summarizeInventory(inventory);
  const days = daysBetween(inventory.statsSince, inventory.sampledAt);
  const source =
    inventory.statsSinceSource === "stats_reset"
      ? "Counters since the last stats reset"
      : "Counters since server start (never reset)";
  return (
    <div data-testid="summary-cards" className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4">
      <Card
        testId="card-index-count"
        label="Indexes"
        value={formatCount(s.indexCount)}
        detail={s.invalidCount > 0 ? `${formatCount(s.invalidCount)} invalid` : "all valid"}
      />
      <Card
        testId="card-total-size"
        label="Total index size"
        value={<span title={`${formatCount(s.totalSizeBytes)} bytes`}>{formatBytes(s.totalSizeBytes)}</span>}
        detail={
          s.unsizedCount > 0
            ? `${formatCount(s.unsizedCount)} not sized (locked)`
            : `avg ${formatBytes(s.indexCount > 0 ? Math.round(s.totalSizeBytes / s.indexCount) : 0)} per index`
        }
      />
      <Card
        testId="card-unused"
        label="Never scanned"
        tone={s.zeroScanCount > 0 ? "warn" : "neutral"}
        value={
          <>
            {formatCount(s.zeroScanCount)}{" "}
            <span className="text-base font-medium text-neutral-500 dark:text-neutral-400">
              {s.zeroScanCount === 1 ? "index" : "indexes"}
            </span>
          </>
        }
        detail={`${formatBytes(s.zeroScanSizeBytes)} (${formatPercent(s.zeroScanSizeBytes, s.totalSizeBytes)} of index size) with 0 scans`}
      />
      <Card
        testId="card-stats-window"
        label="Statistics window"
        compact
        value={
          <span>
            stats since{" "}
            <time dateTime={inventory.statsSince} title={formatDateTimeWithZone(inventory.statsSince)}>
              {formatDate(inventory.statsSince)}
            </time>{" "}
            <span className="font-medium text-neutral-500 dark:text-neutral-400">
              ({days >= 1 ? formatWindow(inventory.statsSince, inventory.sampledAt) : "today"})
            </span>
          </span>
        }
        detail={
          <>
            {source}
            {days < 1 ? `, ${formatWindow(inventory.statsSince, inventory.sampledAt)} ago` : ""}
          </>
        }
      />
    </div>
  );
}
