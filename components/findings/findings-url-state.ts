import { FINDING_KINDS, type FindingKind } from "@/lib/analysis/types";
import type { FindingsPageParams } from "@/lib/client/use-findings";
import { FINDING_SORTS, type FindingList, type FindingSort } from "@/lib/findings/findings-page";

/** Rows per page: 50 rows keep a page far under 5,000 DOM elements at any catalog size. */
export const PAGE_SIZE = 50;

const isKind = (v: string | null): v is FindingKind => FINDING_KINDS.some((k) => k === v);
const isSort = (v: string | null): v is FindingSort => FINDING_SORTS.some((s) => s === v);

/** The page's filters from its URL (`?q=&table=&kind=&safe=1&sort=size.desc&page=2`); anything odd → the default. */
export function paramsFromUrl(search: URLSearchParams, list: FindingList): FindingsPageParams {
  const [sortName = null, dir = null] = (search.get("sort") ?? "").split(".");
  const page = Number(search.get("page"));
  const kind = search.get("kind");
  return {
    list,
    kind: isKind(kind) ? kind : "",
    table: (search.get("table") ?? "").slice(0, 200),
    q: (search.get("q") ?? "").slice(0, 200),
    safe: search.get("safe") === "1",
    sort: isSort(sortName) ? sortName : "benefit",
    dir: dir === "asc" || dir === "desc" ? dir : "",
    limit: PAGE_SIZE,
    offset: Number.isInteger(page) && page > 1 && page < 100_000 ? (page - 1) * PAGE_SIZE : 0,
  };
}

/** The URL query that gives these filters back after a reload or from a shared link. */
export function urlFromParams(params: FindingsPageParams): string {
  const search = new URLSearchParams();
  if (params.q) search.set("q", params.q);
  if (params.table) search.set("table", params.table);
  if (params.kind) search.set("kind", params.kind);
  if (params.safe) search.set("safe", "1");
  if (params.sort !== "benefit" || params.dir)
    search.set("sort", `${params.sort}${params.dir ? `.${params.dir}` : ""}`);
  if (params.offset > 0) search.set("page", String(Math.floor(params.offset / params.limit) + 1));
  return search.toString();
}
