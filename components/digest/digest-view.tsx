"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { ErrorState, LoadingState } from "@/components/status/query-states";
import { errorMessage } from "@/lib/client/api";
import { digestUrl, useDigest } from "@/lib/client/use-digest";
import { nextWeek, parseIsoWeek, previousWeek } from "@/lib/digest/iso-week";
import { TargetDigestSections } from "./digest-sections";

export interface DigestViewProps {
  /** Null for the whole fleet. */
  targetId: string | null;
  /** YYYY-Www from the URL; null means the last finished week. */
  week: string | null;
}

const linkClass =
  "rounded-md border border-neutral-300 bg-white px-2.5 py-1 text-xs font-medium hover:bg-neutral-50 dark:border-neutral-700 dark:bg-neutral-900 dark:hover:bg-neutral-800";

/** The printable weekly digest page, with week navigation and the Markdown and JSON exports. */
export function DigestView({ targetId, week }: DigestViewProps) {
  const pathname = usePathname();
  const digest = useDigest(targetId, week);
  const shown = digest.data ? parseIsoWeek(digest.data.week) : null;
  return (
    <div className="space-y-4" data-testid="digest-page">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 className="text-lg font-semibold" data-testid="digest-title">
            Weekly digest {digest.data ? `· ${digest.data.week}` : ""}
          </h2>
          {digest.data ? (
            <p className="text-xs text-neutral-500">
              {digest.data.from} to {digest.data.to} (UTC), generated{" "}
              {digest.data.generatedAt.slice(0, 16).replace("T", " ")}
            </p>
          ) : null}
        </div>
        {shown ? (
          <nav className="flex flex-wrap gap-2 print:hidden" aria-label="Digest week and exports">
            <Link
              className={linkClass}
              href={`${pathname}?week=${previousWeek(shown).week}`}
              data-testid="digest-prev"
            >
              ← {previousWeek(shown).week}
            </Link>
            <Link
              className={linkClass}
              href={`${pathname}?week=${nextWeek(shown).week}`}
              data-testid="digest-next"
            >
              {nextWeek(shown).week} →
            </Link>
            <a
              className={linkClass}
              href={digestUrl(targetId, shown.week, "md")}
              data-testid="digest-export-md"
            >
              Markdown
            </a>
            <a className={linkClass} href={digestUrl(targetId, shown.week)} data-testid="digest-export-json">
              JSON
            </a>
            <button type="button" className={linkClass} onClick={() => window.print()}>
              Print
            </button>
          </nav>
        ) : null}
      </div>
      {digest.data ? (
        digest.data.targets.map((t) => (
          <TargetDigestSections key={t.targetId} digest={t} showName={digest.data.scope === "fleet"} />
        ))
      ) : digest.error ? (
        <ErrorState
          title="The digest could not be built"
          message={errorMessage(digest.error)}
          onRetry={() => digest.refetch()}
        />
      ) : (
        <LoadingState label="Building the digest…" />
      )}
    </div>
  );
}
