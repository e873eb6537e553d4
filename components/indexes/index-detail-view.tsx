"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { IndexActionsPanel } from "@/components/actions/index-actions-panel";
import { targetBasePath } from "@/components/nav/target-nav-items";
import { QueryPlaceholder } from "@/components/status/query-states";
import { SnapshotFreshness } from "@/components/status/snapshot-freshness";
import { ApiError } from "@/lib/client/api";
import { useIndexDetail } from "@/lib/client/use-index-detail";
import { parseIndexRef } from "@/lib/indexes/index-ref";
import { IndexDefinition, IndexFigures, IndexHeader } from "./index-detail";
import { DroppedIndex } from "./index-detail-dropped";
import { IndexFindings } from "./index-detail-findings";
import { IndexHistoryCharts } from "./index-history-charts";
import { IndexPartitions } from "./index-partitions";
import { IndexStatements } from "./index-statements";
import { WhatIfDropPanel } from "./what-if-drop-panel";

function readable(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function IndexNotFound({ targetId, indexRef }: { targetId: string; indexRef: string }) {
  return (
    <div
      role="alert"
      data-testid="index-not-found"
      className="rounded-lg border border-neutral-200 bg-white px-5 py-6 dark:border-neutral-800 dark:bg-neutral-900"
    >
      <h2 className="text-base font-semibold text-neutral-900 dark:text-neutral-50">Index not found</h2>
      <p className="mt-1 break-all text-sm text-neutral-600 dark:text-neutral-300">
        indexwatch has never seen an index called {readable(indexRef)} on this target (an OID, or
        schema.table.name). The link may be wrong.
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

function DetailBody({ targetId, indexRef }: { targetId: string; indexRef: string }) {
  const detail = useIndexDetail(targetId, indexRef);
  const router = useRouter();
  const base = targetBasePath(targetId);
  const data = detail.data;
  // Opened by an OID the history did not know yet: settle on the page that follows the index.
  const byOid = /^[0-9]+$/.test(indexRef);
  const canonical = byOid && data?.key && !detail.isPlaceholderData ? data.key : null;
  useEffect(() => {
    if (canonical) router.replace(`${base}/indexes/${canonical}`);
  }, [canonical, base, router]);

  const error = detail.error;
  if (error instanceof ApiError && (error.isNotFound || error.status === 400)) {
    return <IndexNotFound targetId={targetId} indexRef={indexRef} />;
  }
  if (data === undefined) {
    return (
      <QueryPlaceholder
        query={detail}
        errorTitle="Could not load this index"
        loadingLabel="Reading the index…"
      />
    );
  }
  if (data.state === "dropped") {
    return (
      <>
        <DroppedIndex detail={data} />
        <IndexActionsPanel targetId={targetId} index={null} oid={data.index.lastOid} />
        <IndexHistoryCharts targetId={targetId} indexKey={data.key} />
      </>
    );
  }
  const { index } = data;
  const tableIndexesHref = `${base}/indexes?${new URLSearchParams({ schema: index.schema, table: index.table })}`;
  return (
    <article data-testid="index-detail" className="flex flex-col gap-4">
      {/* The index as the sampler's latest poll saw it: how old that is, and a shared refresh. */}
      <SnapshotFreshness targetId={targetId} inventory={data} receivedAt={detail.dataUpdatedAt} />
      <IndexHeader detail={data} />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <IndexFindings targetId={targetId} index={index} />
        <IndexActionsPanel targetId={targetId} index={index} oid={index.oid} />
      </div>
      <IndexFigures detail={data} tableIndexesHref={tableIndexesHref} />
      {!data.key ? null : index.partitioned ? (
        <IndexPartitions targetId={targetId} partitions={data.partitions} />
      ) : (
        <>
          <IndexHistoryCharts targetId={targetId} indexKey={data.key} />
          <IndexStatements targetId={targetId} indexKey={data.key} />
        </>
      )}
      <WhatIfDropPanel targetId={targetId} oid={index.oid} />
      <IndexDefinition definition={index.definition} />
    </article>
  );
}

/**
 * One index, followed by its identity: its findings and actions first, then its figures,
 * history and definition. A rebuilt index keeps its page; a dropped one says how it ended.
 */
export function IndexDetailView({ targetId, indexRef }: { targetId: string; indexRef: string }) {
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
      {parseIndexRef(indexRef) ? (
        <DetailBody targetId={targetId} indexRef={indexRef} />
      ) : (
        <IndexNotFound targetId={targetId} indexRef={indexRef} />
      )}
    </div>
  );
}
