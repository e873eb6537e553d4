import { z } from "zod";
import type { HitRatioRow } from "@/lib/analysis/hit-ratio";
import { FINDING_KINDS, type Finding, type FindingKind } from "@/lib/analysis/types";
import type { FindingsResponse, IgnoredFinding } from "./get-findings";

/**
 * One page of findings out of a computed analysis: filtered, sorted and cut on the server, so
 * that a browser receives 50 rows of a 50,000-index catalog, plus the counts and bytes per kind
 * that the page headers show. Pure: the same analysis and query always give the same page.
 */

export const FINDING_SORTS = ["benefit", "size", "writes", "name", "table"] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];

/**
 * Which list a page is cut from. "unused" is the Unused page's: the too-early candidates while
 * the window is short. "health" is the Findings page's: every kind but unused (its own page).
 */
export const FINDING_LISTS = ["findings", "health", "unused", "too_early", "ignored"] as const;
export type FindingList = (typeof FINDING_LISTS)[number];

export const MAX_PAGE_LIMIT = 500;
/** Hit ratios are top-N (worst first): the page shows a short list, never all 50,000. */
export const HIT_RATIO_TOP = 15;

const booleanParam = z.enum(["1", "0", "true", "false"]).transform((v) => v === "1" || v === "true");

/** The query string of GET /findings (besides `format`). Every value bounded here. */
export const findingsPageQuery = z.object({
  list: z.enum(FINDING_LISTS).default("findings"),
  kind: z
    .string()
    .max(200)
    .transform((v) => v.split(",").filter((k) => k !== ""))
    .pipe(z.array(z.enum(FINDING_KINDS)).max(FINDING_KINDS.length))
    .optional(),
  table: z.string().trim().max(200).optional(),
  q: z.string().trim().max(200).optional(),
  safe: booleanParam.optional(),
  sort: z.enum(FINDING_SORTS).default("benefit"),
  dir: z.enum(["asc", "desc"]).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type FindingsPageQuery = z.output<typeof findingsPageQuery>;

export interface KindSummary {
  count: number;
  /** Sum of sizes (bytes) of the findings with a size. */
  bytes: number;
  safeCount: number;
  safeBytes: number;
}

export interface FindingsPage
  extends Pick<FindingsResponse, "target" | "generatedAt" | "window" | "ignoresAvailable" | "skippedLocked"> {
  exactBloatAvailable: boolean;
  computedAt: string;
  refreshError: string | null;
  /** Counts and bytes per kind over everything shown (accepted findings apart). */
  summary: {
    kinds: Record<FindingKind, KindSummary>;
    tooEarlyCandidates: KindSummary;
    ignored: number;
  };
  page: {
    list: FindingList;
    /** The list holds too-early candidates, not findings. */
    tooEarly: boolean;
    items: Finding[];
    /** Accepted findings, with who and why: set when list=ignored. */
    ignored: IgnoredFinding[] | null;
    /** Rows that pass the filters (before limit/offset). */
    total: number;
    limit: number;
    offset: number;
    sort: FindingSort;
    dir: "asc" | "desc";
  };
  hitRatios: { indexes: HitRatioRow[]; tables: HitRatioRow[] };
}

function summarize(findings: readonly Finding[]): KindSummary {
  const summary = { count: 0, bytes: 0, safeCount: 0, safeBytes: 0 };
  for (const f of findings) {
    summary.count++;
    summary.bytes += f.sizeBytes ?? 0;
    if (f.safeToDrop) {
      summary.safeCount++;
      summary.safeBytes += f.sizeBytes ?? 0;
    }
  }
  return summary;
}

function summarizeKinds(findings: readonly Finding[]): Record<FindingKind, KindSummary> {
  const byKind = new Map<FindingKind, Finding[]>(FINDING_KINDS.map((k) => [k, []]));
  for (const f of findings) byKind.get(f.kind)?.push(f);
  return Object.fromEntries(FINDING_KINDS.map((k) => [k, summarize(byKind.get(k) ?? [])])) as Record<
    FindingKind,
    KindSummary
  >;
}

const nameOf = (f: Finding) => f.index?.name ?? f.columns.join(", ");
const tableOf = (f: Finding) => `${f.schema}.${f.table}`;

/** Ascending comparators; the analysis order (drop benefit) breaks ties so pages stay stable. */
const COMPARE: Record<Exclude<FindingSort, "benefit">, (a: Finding, b: Finding) => number> = {
  size: (a, b) => (a.sizeBytes ?? -1) - (b.sizeBytes ?? -1),
  writes: (a, b) => (a.writeRows ?? -1) - (b.writeRows ?? -1),
  name: (a, b) => compareText(nameOf(a), nameOf(b)),
  table: (a, b) => compareText(tableOf(a), tableOf(b)) || compareText(nameOf(a), nameOf(b)),
};

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Numbers read biggest first, names A to Z, unless asked otherwise. */
export function defaultDir(sort: FindingSort): "asc" | "desc" {
  return sort === "name" || sort === "table" || sort === "benefit" ? "asc" : "desc";
}

/** Lower-cased search text per finding, kept while the finding lives (findings outlive requests). */
const haystacks = new WeakMap<Finding, string>();

function haystackOf(f: Finding): string {
  let text = haystacks.get(f);
  if (text === undefined) {
    text = `${nameOf(f)}\u0000${tableOf(f)}\u0000${f.columns.join(",")}`.toLowerCase();
    haystacks.set(f, text);
  }
  return text;
}

function matches(query: FindingsPageQuery): (f: Finding) => boolean {
  const kinds = query.kind && query.kind.length > 0 ? new Set<FindingKind>(query.kind) : null;
  const table = query.table?.toLowerCase() || null;
  const text = query.q?.toLowerCase() || null;
  return (f) => {
    if (kinds && !kinds.has(f.kind)) return false;
    if (query.safe && !f.safeToDrop) return false;
    if (table && !`${f.schema}.${f.table}`.toLowerCase().includes(table)) return false;
    if (text && !haystackOf(f).includes(text)) return false;
    return true;
  };
}

/** Sorted copy: the analysis order is kept for "benefit" and as the tie-breaker of every sort. */
export function sortFindings<T>(
  rows: readonly T[],
  finding: (row: T) => Finding,
  sort: FindingSort,
  dir: "asc" | "desc",
): T[] {
  const indexed = rows.map((row, position) => ({ row, position }));
  const compare = sort === "benefit" ? null : COMPARE[sort];
  const sign = dir === "asc" ? 1 : -1;
  indexed.sort(
    (a, b) =>
      (compare ? sign * compare(finding(a.row), finding(b.row)) : 0) ||
      (sort === "benefit" ? sign : 1) * (a.position - b.position),
  );
  return indexed.map((x) => x.row);
}

/**
 * Lists, sorted lists and summaries of one response, kept while the response object lives (the
 * cache hands out the same object until the analysis or the ignore list changes): a request
 * then only filters and cuts, in one pass over an already sorted list.
 */
const derived = new WeakMap<FindingsResponse, Map<string, unknown>>();

function memo<T>(response: FindingsResponse, key: string, make: () => T): T {
  let entries = derived.get(response);
  if (!entries) {
    entries = new Map();
    derived.set(response, entries);
  }
  if (!entries.has(key)) entries.set(key, make());
  return entries.get(key) as T;
}

function listRows(
  response: FindingsResponse,
  list: FindingList,
): { rows: Finding[] | IgnoredFinding[]; tooEarly: boolean } {
  const unusedTooEarly = list === "unused" && response.window.tooEarly;
  if (list === "too_early" || unusedTooEarly) return { rows: response.tooEarlyCandidates, tooEarly: true };
  if (list === "ignored") return { rows: response.ignored, tooEarly: false };
  const rows =
    list === "unused"
      ? memo(response, "list:unused", () => response.findings.filter((f) => f.kind === "unused"))
      : list === "health"
        ? memo(response, "list:health", () => response.findings.filter((f) => f.kind !== "unused"))
        : response.findings;
  return { rows, tooEarly: false };
}

/** Cuts one page out of an analysis (accepted findings already split off). */
export function findingsPage(
  response: FindingsResponse,
  meta: { computedAt: string; refreshError: string | null },
  query: FindingsPageQuery,
): FindingsPage {
  const dir = query.dir ?? defaultDir(query.sort);
  const { rows, tooEarly } = listRows(response, query.list);
  const isIgnored = query.list === "ignored";
  const findingOf = (row: Finding | IgnoredFinding): Finding =>
    isIgnored ? (row as IgnoredFinding).finding : (row as Finding);
  const keep = matches(query);
  // Sorting first and filtering after keeps the order, and lets the sorted list be reused.
  const sorted = memo(response, `sorted:${query.list}:${tooEarly}:${query.sort}:${dir}`, () =>
    sortFindings(rows as (Finding | IgnoredFinding)[], findingOf, query.sort, dir),
  );
  const unfiltered = !query.kind?.length && !query.table && !query.q && !query.safe;
  const filtered = unfiltered ? sorted : sorted.filter((row) => keep(findingOf(row)));
  const cut = filtered.slice(query.offset, query.offset + query.limit);
  return {
    target: response.target,
    generatedAt: response.generatedAt,
    computedAt: meta.computedAt,
    refreshError: meta.refreshError,
    window: response.window,
    ignoresAvailable: response.ignoresAvailable,
    skippedLocked: response.skippedLocked,
    exactBloatAvailable: response.exactBloatAvailable,
    summary: memo(response, "summary", () => ({
      kinds: summarizeKinds(response.findings),
      tooEarlyCandidates: summarize(response.tooEarlyCandidates),
      ignored: response.ignored.length,
    })),
    page: {
      list: query.list,
      tooEarly,
      items: cut.map(findingOf),
      ignored: isIgnored ? (cut as IgnoredFinding[]) : null,
      total: filtered.length,
      limit: query.limit,
      offset: query.offset,
      sort: query.sort,
      dir,
    },
    hitRatios: {
      indexes: response.hitRatios.indexes.slice(0, HIT_RATIO_TOP),
      tables: response.hitRatios.tables.slice(0, HIT_RATIO_TOP),
    },
  };
}

/**
 * Sorts the lists the pages open with and the columns people click (name, size, writes), and
 * lower-cases their search text, so that the first click on a header or the first filter after
 * a new analysis does not pay for 50,000 rows.
 * Run in the background, once per analysis and ignore list.
 */
export function warmFindingsPages(response: FindingsResponse): void {
  // The search text too: the first filter typed then scans, it does not build 50,000 strings.
  for (const finding of response.findings) haystackOf(finding);
  for (const finding of response.tooEarlyCandidates) haystackOf(finding);
  const meta = { computedAt: "", refreshError: null };
  for (const list of ["unused", "health"] as const) {
    for (const sort of ["benefit", "name", "size", "writes"] as const) {
      findingsPage(response, meta, findingsPageQuery.parse({ list, sort, limit: "1" }));
    }
  }
}
