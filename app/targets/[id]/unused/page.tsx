import type { Metadata } from "next";
import { Suspense } from "react";
import { UnusedView } from "@/components/findings/unused-view";
import { LoadingState } from "@/components/status/query-states";

/** "Unused indexes · demo": the target's layout adds the target (tab and bookmark tell targets apart). */
export const metadata: Metadata = { title: "Unused indexes" };

export default async function UnusedPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<LoadingState />}>
      <UnusedView targetId={id} />
    </Suspense>
  );
}
