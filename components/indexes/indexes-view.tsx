"use client";

import type { SortingState } from "@tanstack/react-table";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { targetBasePath } from "@/components/nav/target-nav-items";
import { QueryPlaceholder } from "@/components/status/query-states";
import { SnapshotFreshness } from "@/components/status/snapshot-freshness";
import { useIndexInventory } from "@/lib/client/use-index-inventory";
import { DEFAULT_INDEX_TABLE_SORTING, IndexTable, type IndexTableState } from "./index-table";

const SORTABLE = new Set([
  "schema",
  "table",
  "name",
  "size",
  "tableSize",
  "scans",
  "tuplesRead",
  "tuplesFetched",
  "lastScan",
  "flags",
]);

/** `?sort=size.desc` → sorting state; anything else → undefined (the default). */
function parseSort(value: string | null): SortingState | undefined {
  const match = value?.match(/^([A-Za-z]+)\.(asc|desc)$/);
  if (!match?.[1] || !SORTABLE.has(match[1])) return undefined;
  return [{ id: match[1], desc: match[2] === "desc" }];
}

function sameSorting(a: SortingState, b: SortingState): boolean {
  return a.length === b.length && a.every((s, i) => s.id === b[i]?.id && s.desc === b[i]?.desc);
}

/** Writes the table's filters and sort to the URL, replacing the history entry. */
function writeUrl(state: IndexTableState): void {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state.filters)) if (value) params.set(key, value);
  const sort = state.sorting[0];
  if (sort && !sameSorting(state.sorting, DEFAULT_INDEX_TABLE_SORTING)) {
    params.set("sort", `${sort.id}.${sort.desc ? "desc" : "asc"}`);
  }
  const query = params.toString();
  const next = `${window.location.pathname}${query ? `?${query}` : ""}`;
  if (next !== `${window.location.pathname}${window.location.search}`) {
    window.history.replaceState(window.history.state, "", next);
  }
}

/** The index table; filters and sort live in the URL so Back and shared links keep them. */
export function IndexesView({ targetId }: { targetId: string }) {
  const router = useRouter();
  const searchParams = useSearchParams();
  const inventory = useIndexInventory(targetId);
  const hrefFor = useCallback((oid: number) => `${targetBasePath(targetId)}/indexes/${oid}`, [targetId]);
  const open = useCallback((oid: number) => router.push(hrefFor(oid)), [router, hrefFor]);

  // Read once: afterwards the table owns the state and writes it back to the URL.
  // biome-ignore lint/correctness/useExhaustiveDependencies: initial state only
  const initialState = useMemo<Partial<IndexTableState>>(
    () => ({
      filters: {
        schema: searchParams.get("schema") ?? "",
        table: searchParams.get("table") ?? "",
        name: searchParams.get("name") ?? "",
      },
      sorting: parseSort(searchParams.get("sort")),
    }),
    [],
  );

  // Debounced: typing a filter writes the URL once it settles, not on every key.
  const urlTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(urlTimer.current), []);
  const syncUrl = useCallback((state: IndexTableState) => {
    clearTimeout(urlTimer.current);
    urlTimer.current = setTimeout(() => writeUrl(state), 150);
  }, []);

  if (inventory.data === undefined) {
    return (
      <QueryPlaceholder
        query={inventory}
        errorTitle="Could not load the indexes"
        loadingLabel="Reading the index inventory…"
      />
    );
  }

  const data = inventory.data;
  return (
    <div className="flex flex-col gap-3">
      <SnapshotFreshness targetId={targetId} inventory={data} receivedAt={inventory.dataUpdatedAt} />
      <IndexTable
        indexes={data.indexes}
        lastScanAvailable={data.lastScanAvailable}
        sampledAt={data.sampledAt}
        hrefFor={hrefFor}
        onOpenIndex={open}
        initialState={initialState}
        onStateChange={syncUrl}
      />
    </div>
  );
}
