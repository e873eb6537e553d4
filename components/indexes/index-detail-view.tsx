"use client";

import Link from "next/link";
import { IndexActionsPanel } from "@/components/actions/index-actions-panel";
import { targetBasePath } from "@/components/nav/target-nav-items";
import { QueryPlaceholder } from "@/components/status/query-states";
import { ApiError } from "@/lib/client/api";
import { useIndexDetail } from "@/lib/client/use-index-detail";
import { IndexDetail } from "./index-detail";
import { IndexHistoryCharts } from "./index-history-charts";

const OID_PATTERN = /^[1-9][0-9]{0,9}$/;

function IndexNotFound({ targetId, oid }: { targetId: string; oid: string }) {
  return (
    <div
      role="alert"
      data-testid="index-not-found"
      className="rounded-lg border border-neutral-200 bg-white px-5 py-6 dark:border-neutral-800 dark:bg-neutral-900"
    >
      <h2 className="text-base font-semibold text-neutral-900 dark:text-neutral-50">Index not found</h2>
      <p className="mt-1 break-all text-sm text-neutral-600 dark:text-neutral-300">
        There is no index with oid {oid} on this target. It may have been dropped (or rebuilt under a new
        oid), or the link is wrong.
      </p>
      <Link
        href={`${targetBasePath(targetId)}/indexes`}
        className="mt-3 inline-block text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400"
      >
        ← All indexes
      </Link>
    </div>
  );
}

function DetailBody({ targetId, oid }: { targetId: string; oid: number }) {
  const detail = useIndexDetail(targetId, oid);
  const error = detail.error;
  if (error instanceof ApiError && (error.isNotFound || error.status === 400)) {
    return <IndexNotFound targetId={targetId} oid={String(oid)} />;
  }
  if (detail.data === undefined) {
    return (
      <QueryPlaceholder
        query={detail}
        errorTitle="Could not load this index"
        loadingLabel="Reading the index…"
      />
    );
  }
  const { index } = detail.data;
  const base = targetBasePath(targetId);
  const tableIndexesHref = `${base}/indexes?${new URLSearchParams({ schema: index.schema, table: index.table })}`;
  return (
    <>
      <IndexDetail
        index={index}
        lastScanAvailable={detail.data.lastScanAvailable}
        sampledAt={detail.data.sampledAt}
        statsSince={detail.data.statsSince}
        statsSinceSource={detail.data.statsSinceSource}
        tableIndexesHref={tableIndexesHref}
      />
      <IndexHistoryCharts targetId={targetId} oid={index.oid} />
    </>
  );
}

/** One index by oid; a malformed or unknown oid is a clear not-found state. */
export function IndexDetailView({ targetId, oid }: { targetId: string; oid: string }) {
  return (
    <div className="flex flex-col gap-3">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link
          href={`${targetBasePath(targetId)}/indexes`}
          className="text-neutral-500 hover:text-neutral-800 dark:text-neutral-400 dark:hover:text-neutral-200"
        >
          ← Indexes
        </Link>
      </nav>
      {OID_PATTERN.test(oid) && Number(oid) <= 4_294_967_295 ? (
        <DetailBody targetId={targetId} oid={Number(oid)} />
      ) : (
        <IndexNotFound targetId={targetId} oid={oid} />
      )}
      {OID_PATTERN.test(oid) ? <IndexActionsPanel targetId={targetId} oid={Number(oid)} /> : null}
    </div>
  );
}
