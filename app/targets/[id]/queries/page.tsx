import type { Metadata } from "next";
import { Suspense } from "react";
import { QueriesView } from "@/components/queries/queries-view";
import { LoadingState } from "@/components/status/query-states";

/** "Queries · demo": the target's layout adds the target. */
export const metadata: Metadata = { title: "Queries" };

export default async function QueriesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<LoadingState />}>
      <QueriesView targetId={id} />
    </Suspense>
  );
}
