"use client";

import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { targetBasePath } from "@/components/nav/target-nav-items";
import { QueryPlaceholder } from "@/components/status/query-states";
import { SnapshotFreshness } from "@/components/status/snapshot-freshness";
import { useIndexInventory } from "@/lib/client/use-index-inventory";
import { SizeVsScansChart } from "./size-vs-scans-chart";
import { SummaryCards } from "./summary-cards";
import { TopIndexesByScansChart } from "./top-indexes-by-scans-chart";
import { TopIndexesBySizeChart } from "./top-indexes-by-size-chart";

/** The target's overview: summary cards and the three charts, polled. */
export function OverviewView({ targetId }: { targetId: string }) {
  const router = useRouter();
  const inventory = useIndexInventory(targetId);
  const hrefFor = useCallback((oid: number) => `${targetBasePath(targetId)}/indexes/${oid}`, [targetId]);
  const open = useCallback((oid: number) => router.push(hrefFor(oid)), [router, hrefFor]);

  if (inventory.data === undefined) {
    return (
      <QueryPlaceholder
        query={inventory}
        errorTitle="Could not load the index inventory"
        loadingLabel="Reading the index inventory…"
      />
    );
  }

  const data = inventory.data;
  return (
    <div className="flex flex-col gap-4">
      <SnapshotFreshness targetId={targetId} inventory={data} receivedAt={inventory.dataUpdatedAt} />
      <SummaryCards inventory={data} />
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <TopIndexesBySizeChart indexes={data.indexes} hrefFor={hrefFor} onSelectIndex={open} />
        <TopIndexesByScansChart indexes={data.indexes} hrefFor={hrefFor} onSelectIndex={open} />
      </div>
      <SizeVsScansChart indexes={data.indexes} onSelectIndex={open} />
    </div>
  );
}
