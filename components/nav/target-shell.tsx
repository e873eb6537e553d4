"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { LastUpdated } from "@/components/status/last-updated";
import { UnreachableBanner } from "@/components/status/unreachable-banner";
import { useTargetFreshness } from "@/lib/client/use-target-freshness";
import { useTargetStatus } from "@/lib/client/use-targets";
import { TargetNav } from "./target-nav";

export interface TargetShellProps {
  targetId: string;
  /** The configured name: known without asking the database. */
  targetName: string;
  children: React.ReactNode;
}

/** The API prefixes its message with the target's name, which the banner already says. */
function reasonOf(message: string): string {
  return message.replace(/^target ".*?" is unreachable: /, "");
}

function Badge({ children, tone }: { children: React.ReactNode; tone: "neutral" | "amber" | "red" }) {
  const tones = {
    neutral:
      "border-neutral-200 bg-neutral-50 text-neutral-600 dark:border-neutral-700 dark:bg-neutral-800 dark:text-neutral-300",
    amber:
      "border-amber-200 bg-amber-50 text-amber-800 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200",
    red: "border-red-200 bg-red-50 text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-200",
  } as const;
  return (
    <span
      className={`inline-flex items-center rounded border px-1.5 py-0.5 text-xs font-medium ${tones[tone]}`}
    >
      {children}
    </span>
  );
}

/** Header, section nav and unreachable banner around every page of a target. */
export function TargetShell({ targetId, targetName, children }: TargetShellProps) {
  const status = useTargetStatus(targetId);
  // While the target is down the list has no version: keep showing the last one seen.
  const [lastKnown, setLastKnown] = useState<{ serverVersion: string; inRecovery: boolean | null } | null>(
    null,
  );
  const seenVersion = status?.serverVersion ?? null;
  const seenRecovery = status?.inRecovery ?? null;
  useEffect(() => {
    if (seenVersion) setLastKnown({ serverVersion: seenVersion, inRecovery: seenRecovery });
  }, [seenVersion, seenRecovery]);
  const serverVersion = seenVersion ?? lastKnown?.serverVersion ?? null;
  const inRecovery = seenVersion ? seenRecovery : (lastKnown?.inRecovery ?? null);
  const freshness = useTargetFreshness(targetId);
  const failure = freshness.failure;
  const listSaysDown = status !== undefined && !status.reachable;
  const bannerMessage = failure?.unreachable
    ? reasonOf(failure.message)
    : listSaysDown && !freshness.hasData
      ? reasonOf(status.error ?? "no answer")
      : null;

  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-neutral-200 bg-white dark:border-neutral-800 dark:bg-neutral-900">
        <div className="mx-auto flex max-w-[1600px] flex-wrap items-center gap-x-4 gap-y-2 px-6 pt-3">
          <Link
            href="/"
            className="text-sm font-semibold tracking-tight text-indigo-600 hover:text-indigo-500 dark:text-indigo-400"
          >
            indexwatch
          </Link>
          <span aria-hidden="true" className="text-neutral-300 dark:text-neutral-700">
            /
          </span>
          <div className="flex min-w-0 items-center gap-2">
            <h1
              className="truncate text-base font-semibold text-neutral-900 dark:text-neutral-50"
              data-testid="target-name"
              title={targetName}
            >
              {targetName}
            </h1>
            {serverVersion ? (
              <Badge tone="neutral">
                <span data-testid="server-version">PostgreSQL {serverVersion}</span>
              </Badge>
            ) : null}
            {inRecovery ? (
              <span
                data-testid="standby-badge"
                title="This server is a standby (in recovery): its counters are its own."
              >
                <Badge tone="amber">standby</Badge>
              </span>
            ) : null}
            {listSaysDown || failure?.unreachable ? <Badge tone="red">unreachable</Badge> : null}
          </div>
          <div className="ml-auto">
            <LastUpdated
              updatedAt={freshness.lastSuccessAt}
              sampledAt={freshness.sampledAt}
              isFetching={freshness.isFetching}
              stale={failure !== null}
            />
          </div>
        </div>
        <div className="mx-auto max-w-[1600px] px-6 pt-1">
          <TargetNav targetId={targetId} />
        </div>
      </header>
      {bannerMessage !== null ? (
        <UnreachableBanner
          message={bannerMessage}
          dataFrom={freshness.hasData ? freshness.lastSuccessAt : null}
          subject={failure?.status === 0 ? "server" : "target"}
        />
      ) : null}
      <main className="mx-auto w-full max-w-[1600px] flex-1 px-6 py-5">{children}</main>
    </div>
  );
}
