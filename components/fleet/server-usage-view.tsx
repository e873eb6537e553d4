"use client";

import Link from "next/link";
import { formatCount } from "@/components/format";
import { targetBasePath } from "@/components/nav/target-nav-items";
import { ErrorState, LoadingState } from "@/components/status/query-states";
import { spanOf } from "@/lib/analysis/span-text";
import { errorMessage } from "@/lib/client/api";
import { useFleetUsage } from "@/lib/client/use-fleet-usage";

/** A target's observed scans per index on each server (primary and standbys) and summed. */
export function ServerUsageView({ targetId }: { targetId: string }) {
  const usage = useFleetUsage(targetId);
  if (!usage.data) {
    return usage.error ? (
      <ErrorState title="Usage per server could not be read" message={errorMessage(usage.error)} />
    ) : (
      <LoadingState label="Reading usage per server…" />
    );
  }
  const { servers, indexes } = usage.data;
  return (
    <div className="space-y-3" data-testid="server-usage">
      <ul className="flex flex-wrap gap-2 text-xs">
        {servers.map((s) => (
          <li
            key={s.serverId}
            data-testid="server-coverage"
            data-server={s.serverId}
            className={`rounded border px-2 py-1 ${s.complete ? "border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-200" : "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200"}`}
          >
            <span className="font-medium">{s.role === "primary" ? "primary" : s.serverId}</span>:{" "}
            {s.complete ? "observed the whole window" : s.gap}
          </li>
        ))}
      </ul>
      <p className="text-xs text-neutral-500" data-testid="server-usage-window">
        Since {usage.data.since.slice(0, 16).replace("T", " ")} UTC ({spanOf(usage.data.days)}).{" "}
        {usage.data.complete
          ? "Every server was observed the whole time."
          : "Not every server was observed the whole time: a zero may hide scans, and no unused index is safe to drop."}
      </p>
      <div className="overflow-x-auto rounded-lg border border-neutral-200 bg-white dark:border-neutral-800 dark:bg-neutral-900">
        <table className="min-w-full text-left text-sm">
          <thead className="border-b border-neutral-200 bg-neutral-50 text-xs uppercase text-neutral-500 dark:border-neutral-800 dark:bg-neutral-900">
            <tr>
              <th className="px-3 py-2 font-medium">Index</th>
              {servers.map((s) => (
                <th key={s.serverId} className="px-3 py-2 text-right font-medium">
                  {s.role === "primary" ? "Primary" : s.serverId}
                </th>
              ))}
              <th className="px-3 py-2 text-right font-medium">All servers</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-neutral-100 dark:divide-neutral-800">
            {indexes.map((i) => (
              <tr key={i.oid} data-testid="server-usage-row">
                <td className="px-3 py-1.5">
                  <Link
                    href={`${targetBasePath(targetId)}/indexes/${i.oid}`}
                    className="font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300"
                  >
                    {i.schema}.{i.name}
                  </Link>{" "}
                  <span className="text-xs text-neutral-500">on {i.table}</span>
                </td>
                {servers.map((s) => (
                  <td key={s.serverId} className="px-3 py-1.5 text-right tabular-nums">
                    {s.observed ? formatCount(i.byServer[s.serverId] ?? 0) : "—"}
                  </td>
                ))}
                <td className="px-3 py-1.5 text-right font-medium tabular-nums">{formatCount(i.scans)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
