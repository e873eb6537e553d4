"use client";

import { useMutation } from "@tanstack/react-query";
import { errorMessage, fetchJson } from "@/lib/client/api";
import { useSession } from "@/lib/client/use-session";
import type { ExactBloat } from "@/lib/findings/exact-bloat";

/** pgstatindex() reads the whole index: run only when someone asks, for this one index. */
export function ExactBloatButton({ targetId, oid }: { targetId: string; oid: number }) {
  const session = useSession();
  const measure = useMutation({
    mutationFn: () =>
      fetchJson<ExactBloat>(`/api/v1/targets/${encodeURIComponent(targetId)}/findings/bloat/${oid}`),
  });
  if (measure.data) {
    return (
      <span data-testid="exact-bloat" className="text-xs text-neutral-700 dark:text-neutral-300">
        pgstattuple: {measure.data.freePercent.toFixed(1)}% free in leaf pages,{" "}
        {measure.data.leafFragmentation.toFixed(1)}% fragmented,{" "}
        {measure.data.emptyPages + measure.data.deletedPages} empty or deleted pages
      </span>
    );
  }
  if (session.data?.user?.role !== "operator") {
    return (
      <span
        data-testid="exact-bloat-operators-only"
        className="text-xs text-neutral-500 dark:text-neutral-400"
      >
        Exact measurement (pgstattuple): operators only, it reads the whole index
      </span>
    );
  }
  return (
    <span className="flex items-center gap-2">
      <button
        type="button"
        data-testid="exact-bloat-measure"
        disabled={measure.isPending}
        onClick={() => measure.mutate()}
        className="text-xs text-indigo-700 underline-offset-2 hover:underline disabled:opacity-50 dark:text-indigo-300"
      >
        {measure.isPending ? "Measuring…" : "Measure exactly (pgstattuple)"}
      </button>
      {measure.isError ? <span className="text-xs text-red-700">{errorMessage(measure.error)}</span> : null}
    </span>
  );
}
