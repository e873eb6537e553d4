"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import type { FindingsPageParams } from "@/lib/client/use-findings";
import { defaultDir, type FindingList, type FindingSort } from "@/lib/findings/findings-page";
import { paramsFromUrl, urlFromParams } from "./findings-url-state";

/**
 * The filters, sort and page of a findings list, kept in the URL (replacing the history entry)
 * so that a reload or a shared link shows the same rows. A new filter goes back to page one.
 */
export function useFindingsParams(list: FindingList) {
  const searchParams = useSearchParams();
  // Read once: afterwards this state owns the filters and writes them back to the URL.
  const [params, setParams] = useState(() =>
    paramsFromUrl(new URLSearchParams(searchParams.toString()), list),
  );

  useEffect(() => {
    const query = urlFromParams(params);
    const next = `${window.location.pathname}${query ? `?${query}` : ""}`;
    if (next !== `${window.location.pathname}${window.location.search}`) {
      window.history.replaceState(window.history.state, "", next);
    }
  }, [params]);

  const filter = useCallback(
    (change: Partial<Pick<FindingsPageParams, "q" | "table" | "kind" | "safe">>) =>
      setParams((current) => ({ ...current, ...change, offset: 0 })),
    [],
  );
  const sortBy = useCallback(
    (sort: FindingSort) =>
      setParams((current) => {
        const currentDir = current.dir || defaultDir(current.sort);
        const dir = current.sort === sort ? (currentDir === "asc" ? "desc" : "asc") : "";
        return { ...current, sort, dir, offset: 0 };
      }),
    [],
  );
  const goTo = useCallback((offset: number) => setParams((current) => ({ ...current, offset })), []);
  return { params, filter, sortBy, goTo };
}
