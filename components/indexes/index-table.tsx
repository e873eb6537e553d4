"use client";

import {
  type ColumnDef,
  type ColumnFiltersState,
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  type Row,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { memo, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { formatBytes, formatCount, formatDateTime, formatRelative, formatTime } from "@/components/format";
import type { IndexJson } from "@/lib/inventory/index-inventory";
import { IndexFlags, indexFlags } from "./index-flags";
import { ScansFigure, scansShown } from "./scans-figure";

const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 37;

export type IndexTableFilterId = "schema" | "table" | "name";

export interface IndexTableState {
  filters: Record<IndexTableFilterId, string>;
  sorting: SortingState;
}

export const DEFAULT_INDEX_TABLE_SORTING: SortingState = [{ id: "size", desc: true }];

export interface IndexTableProps {
  indexes: IndexJson[];
  /** False before PostgreSQL 16: last scan is then "unavailable", not "never". */
  lastScanAvailable: boolean;
  /** The database clock of the sample: last-scan times are relative to it. */
  sampledAt: string;
  hrefFor: (oid: number) => string;
  /** Clicking anywhere on a row (not only its name link) opens the index. */
  onOpenIndex?: (oid: number) => void;
  initialState?: Partial<IndexTableState>;
  onStateChange?: (state: IndexTableState) => void;
}

interface ColumnMeta {
  width: number | "auto";
  align?: "right";
  label: string;
}

function numberOrUndefined(n: number | null): number | undefined {
  return n === null ? undefined : n;
}

function buildColumns(
  lastScanAvailable: boolean,
  sampledAtMs: number,
  hrefFor: (oid: number) => string,
): ColumnDef<IndexJson, unknown>[] {
  const meta = (label: string, width: number | "auto", align?: "right"): { meta: ColumnMeta } => ({
    meta: { label, width, align },
  });
  return [
    {
      id: "schema",
      accessorKey: "schema",
      header: "Schema",
      filterFn: "includesString",
      sortingFn: "text",
      ...meta("Schema", 96),
      cell: (c) => <span title={c.row.original.schema}>{c.row.original.schema}</span>,
    },
    {
      id: "table",
      accessorKey: "table",
      header: "Table",
      filterFn: "includesString",
      sortingFn: "text",
      ...meta("Table", 150),
      cell: (c) => <span title={c.row.original.table}>{c.row.original.table}</span>,
    },
    {
      id: "name",
      accessorKey: "name",
      header: "Index",
      filterFn: "includesString",
      sortingFn: "text",
      ...meta("Index", "auto"),
      cell: (c) => (
        <Link
          href={hrefFor(c.row.original.oid)}
          // Thousands of rows scroll past: prefetching each would flood the server.
          prefetch={false}
          title={c.row.original.name}
          className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
        >
          {c.row.original.name}
        </Link>
      ),
    },
    {
      id: "size",
      accessorFn: (r) => numberOrUndefined(r.sizeBytes),
      header: "Size",
      sortUndefined: "last",
      sortingFn: "basic",
      sortDescFirst: true,
      ...meta("Size", 84, "right"),
      cell: (c) =>
        c.row.original.sizeSkipped === "locked" ? (
          <span className="text-amber-700 dark:text-amber-400" title="Not sized: locked">
            locked
          </span>
        ) : (
          formatBytes(c.row.original.sizeBytes)
        ),
    },
    {
      id: "tableSize",
      accessorFn: (r) => numberOrUndefined(r.tableSizeBytes),
      header: "Table size",
      sortUndefined: "last",
      sortingFn: "basic",
      sortDescFirst: true,
      ...meta("Table size", 92, "right"),
      cell: (c) => formatBytes(c.row.original.tableSizeBytes),
    },
    {
      id: "scans",
      accessorFn: (r) => numberOrUndefined(scansShown(r)),
      header: "Scans",
      sortUndefined: "last",
      sortingFn: "basic",
      sortDescFirst: true,
      ...meta("Scans", 84, "right"),
      cell: (c) => <ScansFigure index={c.row.original} />,
    },
    {
      id: "tuplesRead",
      accessorFn: (r) => numberOrUndefined(r.tuplesRead),
      header: "Tuples read",
      sortUndefined: "last",
      sortingFn: "basic",
      sortDescFirst: true,
      ...meta("Tuples read", 104, "right"),
      cell: (c) => formatCount(c.row.original.tuplesRead),
    },
    {
      id: "tuplesFetched",
      accessorFn: (r) => numberOrUndefined(r.tuplesFetched),
      header: "Tuples fetched",
      sortUndefined: "last",
      sortingFn: "basic",
      sortDescFirst: true,
      ...meta("Tuples fetched", 118, "right"),
      cell: (c) => formatCount(c.row.original.tuplesFetched),
    },
    {
      id: "lastScan",
      // "never" sorts as the oldest; unknown (PG < 16, or no statistics) sorts last.
      accessorFn: (r) => {
        if (r.scans === null) return undefined;
        if (!lastScanAvailable) return r.lastSeenScanned ? Date.parse(r.lastSeenScanned.to) : 0;
        if (r.lastScanAt) return Date.parse(r.lastScanAt);
        return r.lastSeenScanned ? Date.parse(r.lastSeenScanned.to) : 0;
      },
      header: lastScanAvailable ? "Last scan" : "Last seen scanned",
      sortUndefined: "last",
      sortingFn: "basic",
      sortDescFirst: true,
      ...meta(lastScanAvailable ? "Last scan" : "Last seen scanned", lastScanAvailable ? 116 : 190, "right"),
      cell: (c) => {
        const r = c.row.original;
        if (r.scans === null) return <span className="text-neutral-400 dark:text-neutral-500">—</span>;
        if (!lastScanAvailable) return <LastSeenScanned seen={r.lastSeenScanned} />;
        // Rebuilt: the server forgot its last scan, the history did not.
        if (r.lastScanAt === null && r.lastSeenScanned) return <LastSeenScanned seen={r.lastSeenScanned} />;
        if (r.lastScanAt === null) return <span className="text-amber-700 dark:text-amber-400">never</span>;
        return (
          <time dateTime={r.lastScanAt} title={formatDateTime(r.lastScanAt)}>
            {formatRelative(Date.parse(r.lastScanAt), sampledAtMs)}
          </time>
        );
      },
    },
    {
      id: "flags",
      accessorFn: (r) =>
        indexFlags(r)
          .map((f) => f.label)
          .join(" "),
      header: "Flags",
      sortingFn: "text",
      ...meta("Flags", 168),
      cell: (c) => <IndexFlags index={c.row.original} />,
    },
  ];
}

interface IndexRowProps {
  row: Row<IndexJson>;
  /** Position in the sorted, filtered list (0-based). */
  rowIndex: number;
  onOpenIndex?: (oid: number) => void;
}

/** One row; memoized so that scrolling renders only the rows that come into view. */
const IndexRow = memo(function IndexRow({ row, rowIndex, onOpenIndex }: IndexRowProps) {
  const oid = row.original.oid;
  return (
    <tr
      data-testid="index-row"
      data-oid={oid}
      aria-rowindex={rowIndex + 2}
      style={{ height: ROW_HEIGHT }}
      onClick={(event) => {
        if (!onOpenIndex || event.defaultPrevented) return;
        if ((event.target as Element).closest("a, button, input")) return;
        if (window.getSelection()?.toString()) return;
        onOpenIndex(oid);
      }}
      className={`${onOpenIndex ? "cursor-pointer" : ""} ${
        row.original.valid ? "" : "bg-red-50/60 dark:bg-red-950/30"
      } hover:bg-indigo-50/60 dark:hover:bg-indigo-950/30`}
    >
      {row.getVisibleCells().map((cell) => {
        const m = cell.column.columnDef.meta as ColumnMeta | undefined;
        return (
          <td
            key={cell.id}
            className={`truncate border-b border-neutral-100 px-3 text-neutral-800 dark:border-neutral-800/70 dark:text-neutral-200 ${
              m?.align === "right" ? "text-right tabular-nums" : "text-left"
            }`}
          >
            {flexRender(cell.column.columnDef.cell, cell.getContext())}
          </td>
        );
      })}
    </tr>
  );
});

function FilterInput({
  id,
  label,
  value,
  onChange,
}: {
  id: IndexTableFilterId;
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="flex min-w-0 flex-1 flex-col gap-1 text-xs font-medium text-neutral-600 dark:text-neutral-300 sm:max-w-64">
      {label}
      <input
        type="search"
        data-testid={`filter-${id}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={`Filter by ${label.toLowerCase()}`}
        spellCheck={false}
        autoComplete="off"
        className="rounded-md border border-neutral-300 bg-white px-2.5 py-1.5 text-sm font-normal text-neutral-900 placeholder:text-neutral-400 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100"
      />
    </label>
  );
}

const EMPTY_FILTERS: Record<IndexTableFilterId, string> = { schema: "", table: "", name: "" };

function toColumnFilters(filters: Record<IndexTableFilterId, string>): ColumnFiltersState {
  return (Object.keys(filters) as IndexTableFilterId[])
    .filter((id) => filters[id] !== "")
    .map((id) => ({ id, value: filters[id] }));
}

/**
 * Every index of the target: sortable on each column, filterable by schema, table and name.
 * Rows are virtualized: only the visible ones are in the DOM, so 10,000 indexes stay fast.
 */
export function IndexTable({
  indexes,
  lastScanAvailable,
  sampledAt,
  hrefFor,
  onOpenIndex,
  initialState,
  onStateChange,
}: IndexTableProps) {
  const [filters, setFilters] = useState<Record<IndexTableFilterId, string>>(() => ({
    ...EMPTY_FILTERS,
    ...initialState?.filters,
  }));
  const [sorting, setSorting] = useState<SortingState>(
    () => initialState?.sorting ?? DEFAULT_INDEX_TABLE_SORTING,
  );
  const sampledAtMs = Date.parse(sampledAt);
  const columns = useMemo(
    () => buildColumns(lastScanAvailable, sampledAtMs, hrefFor),
    [lastScanAvailable, sampledAtMs, hrefFor],
  );
  // Typing stays responsive: the 10,000-row filter runs as a deferrable render.
  const deferredFilters = useDeferredValue(filters);
  const columnFilters = useMemo(() => toColumnFilters(deferredFilters), [deferredFilters]);

  const table = useReactTable({
    data: indexes,
    columns,
    state: { sorting, columnFilters },
    onSortingChange: setSorting,
    getRowId: (row) => String(row.oid),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    enableSortingRemoval: false,
  });

  const onStateChangeRef = useRef(onStateChange);
  useEffect(() => {
    onStateChangeRef.current = onStateChange;
  }, [onStateChange]);
  useEffect(() => {
    onStateChangeRef.current?.({ filters, sorting });
  }, [filters, sorting]);

  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (i) => rows[i]?.id ?? i,
  });

  // A new filter starts at the top of the (shorter) list.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll on filter change only
  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [columnFilters]);

  const virtualRows = virtualizer.getVirtualItems();
  const totalSize = virtualizer.getTotalSize();
  const padTop = virtualRows[0]?.start ?? 0;
  const padBottom = virtualRows.length > 0 ? totalSize - (virtualRows[virtualRows.length - 1]?.end ?? 0) : 0;
  const columnCount = table.getVisibleLeafColumns().length;
  const setFilter = (id: IndexTableFilterId) => (value: string) => setFilters((f) => ({ ...f, [id]: value }));
  const filtered = columnFilters.length > 0;

  return (
    <section className="flex flex-col gap-3" aria-label="Indexes">
      <div className="flex flex-wrap items-end gap-3">
        <FilterInput id="schema" label="Schema" value={filters.schema} onChange={setFilter("schema")} />
        <FilterInput id="table" label="Table" value={filters.table} onChange={setFilter("table")} />
        <FilterInput id="name" label="Index name" value={filters.name} onChange={setFilter("name")} />
        {filtered ? (
          <button
            type="button"
            onClick={() => setFilters(EMPTY_FILTERS)}
            className="rounded-md border border-neutral-300 px-2.5 py-1.5 text-sm text-neutral-700 hover:bg-neutral-100 dark:border-neutral-700 dark:text-neutral-200 dark:hover:bg-neutral-800"
          >
            Clear filters
          </button>
        ) : null}
        <p
          className="ml-auto pb-1.5 text-xs text-neutral-500 tabular-nums dark:text-neutral-400"
          aria-live="polite"
          data-testid="index-count"
        >
          {filtered
            ? `${formatCount(rows.length)} of ${formatCount(indexes.length)} indexes`
            : `${formatCount(indexes.length)} indexes`}
        </p>
      </div>

      <div
        ref={scrollRef}
        className="overflow-auto rounded-lg border border-neutral-200 bg-white dark:border-neutral-800 dark:bg-neutral-900"
        // An explicit height plus containment keeps each scroll's layout inside this box.
        style={{
          height: `min(${Math.max(totalSize, rows.length === 0 ? 96 : 0) + HEADER_HEIGHT + 2}px, max(360px, calc(100vh - 250px)))`,
          contain: "strict",
        }}
      >
        <table
          data-testid="index-table"
          aria-rowcount={rows.length + 1}
          className="w-full min-w-[1180px] table-fixed border-separate border-spacing-0 text-[13px]"
        >
          <colgroup>
            {table.getVisibleLeafColumns().map((column) => {
              const m = column.columnDef.meta as ColumnMeta | undefined;
              return <col key={column.id} style={m && m.width !== "auto" ? { width: m.width } : undefined} />;
            })}
          </colgroup>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} aria-rowindex={1}>
                {group.headers.map((header) => {
                  const m = header.column.columnDef.meta as ColumnMeta | undefined;
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
                      className={`sticky top-0 z-10 border-b border-neutral-200 bg-neutral-50 px-3 py-0 font-medium text-neutral-600 dark:border-neutral-800 dark:bg-neutral-900 dark:text-neutral-300 ${
                        m?.align === "right" ? "text-right" : "text-left"
                      }`}
                    >
                      <button
                        type="button"
                        onClick={header.column.getToggleSortingHandler()}
                        data-testid={`sort-${header.column.id}`}
                        title={`Sort by ${m?.label ?? header.column.id}`}
                        className={`inline-flex h-9 w-full items-center gap-1 whitespace-nowrap hover:text-neutral-900 dark:hover:text-white ${
                          m?.align === "right" ? "justify-end" : "justify-start"
                        } ${sorted ? "text-neutral-900 dark:text-white" : ""}`}
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <span
                          aria-hidden="true"
                          className={`text-[10px] ${sorted ? "text-indigo-500" : "text-neutral-300 dark:text-neutral-600"}`}
                        >
                          {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                        </span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {padTop > 0 ? (
              <tr data-spacer="">
                <td colSpan={columnCount} style={{ height: padTop, padding: 0, border: 0 }} />
              </tr>
            ) : null}
            {virtualRows.map((virtualRow) => {
              const row = rows[virtualRow.index];
              return row ? (
                <IndexRow key={row.id} row={row} rowIndex={virtualRow.index} onOpenIndex={onOpenIndex} />
              ) : null;
            })}
            {padBottom > 0 ? (
              <tr data-spacer="">
                <td colSpan={columnCount} style={{ height: padBottom, padding: 0, border: 0 }} />
              </tr>
            ) : null}
            {rows.length === 0 ? (
              <tr>
                <td
                  colSpan={columnCount}
                  className="px-3 py-8 text-center text-sm text-neutral-500 dark:text-neutral-400"
                >
                  {indexes.length === 0
                    ? "This database has no user indexes."
                    : "No index matches these filters."}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * Before PostgreSQL 16 the server keeps no last scan time: the history knows the poll
 * interval in which the index's scan counter last moved, and says so.
 */
function LastSeenScanned({ seen }: { seen: IndexJson["lastSeenScanned"] }) {
  if (!seen) {
    return (
      <span
        className="text-neutral-400 dark:text-neutral-500"
        title="PostgreSQL before 16 keeps no last scan time, and indexwatch has not seen this index scanned in its history."
      >
        not seen scanned
      </span>
    );
  }
  const title = `From the history (the server keeps no last scan time for it: before PostgreSQL 16, or since a rebuild): the scan counter moved between the polls at ${
    seen.from ? formatDateTime(seen.from) : "(first poll)"
  } and ${formatDateTime(seen.to)}.`;
  return (
    <span title={title} data-testid="last-seen-scanned">
      {seen.from
        ? `between ${formatTime(seen.from)} and ${formatTime(seen.to)}`
        : `by ${formatTime(seen.to)}`}
    </span>
  );
}
