"use client";

import { useFindingIgnores } from "@/lib/client/use-findings";
import type { IgnoredFinding } from "@/lib/findings/get-findings";
import { RelativeTime } from "./human-text";

/** Accepted findings: who, why, when; "Show again" takes the acceptance back. */
export function IgnoredList({
  targetId,
  ignored,
  total,
}: {
  targetId: string;
  ignored: IgnoredFinding[];
  /** How many there are in all (the list may be the first page of them). */
  total: number;
}) {
  const { unignore } = useFindingIgnores(targetId);
  if (ignored.length === 0) return null;
  return (
    <section data-testid="ignored-findings" className="flex flex-col gap-2">
      <h2 className="text-base font-semibold">
        Accepted ({total > ignored.length ? `first ${ignored.length} of ${total}` : total})
      </h2>
      <ul className="flex flex-col gap-1 text-sm">
        {ignored.map((item) => (
          <li key={item.key} data-testid="ignored-finding" className="flex flex-wrap items-baseline gap-2">
            <span className="font-medium">{item.finding.index?.name ?? item.finding.columns.join(", ")}</span>
            <span className="text-xs text-neutral-500">
              {item.kind} · “{item.reason}” · {item.by},{" "}
              <RelativeTime at={item.createdAt} nowMs={Date.now()} />
            </span>
            <button
              type="button"
              onClick={() => unignore.mutate(item.key)}
              className="text-xs text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
            >
              Show again
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
