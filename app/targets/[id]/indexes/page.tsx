import type { Metadata } from "next";
import { Suspense } from "react";
import { IndexesView } from "@/components/indexes/indexes-view";
import { LoadingState } from "@/components/status/query-states";

export const metadata: Metadata = { title: "Indexes" };

export default async function IndexesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<LoadingState />}>
      <IndexesView targetId={id} />
    </Suspense>
  );
}
