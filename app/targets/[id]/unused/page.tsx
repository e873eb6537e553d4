import type { Metadata } from "next";
import { Suspense } from "react";
import { UnusedView } from "@/components/findings/unused-view";
import { LoadingState } from "@/components/status/query-states";

/** The page, then the target: "Unused indexes · demo" (tab and bookmark tell targets apart). */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `Unused indexes · ${id}` };
}

export default async function UnusedPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<LoadingState />}>
      <UnusedView targetId={id} />
    </Suspense>
  );
}
